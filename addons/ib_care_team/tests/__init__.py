from . import test_access
from . import test_caseload
from . import test_roster
from . import test_team_meeting
