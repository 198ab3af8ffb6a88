from . import test_care_report_referrals
