from . import report_ib_meeting_minutes
from . import report_ib_meeting_item_parents
