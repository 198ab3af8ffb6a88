from . import ib_care_roster
from . import ib_care_roster_round
from . import ib_care_roster_line
