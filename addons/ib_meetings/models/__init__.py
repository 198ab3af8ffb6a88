from . import calendar_event
from . import ib_meeting_item
from . import ib_meeting_topic
from . import ib_meeting_agreement
from . import ib_pupil
from . import mail_activity
from . import res_company
from . import ib_meeting_schedule_service
