from . import test_okr_care_plans
from . import test_referral_opp_and_tried
from . import test_secondary_support_results
