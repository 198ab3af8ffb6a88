from . import ib_referral
from . import ib_meeting_agreement
