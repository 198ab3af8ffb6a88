from . import ib_meeting_schedule
from . import ib_meeting_schedule_round
from . import ib_meeting_schedule_school
from . import ib_meeting_schedule_line
