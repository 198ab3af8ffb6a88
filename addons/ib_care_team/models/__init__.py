from . import ib_care_team
from . import ib_care_team_member
from . import ib_pupil
from . import calendar_event
