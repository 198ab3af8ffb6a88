from . import ib_referral_okr_report
from . import ib_secondary_support_report
