from . import ib_referral_okr_report
