from . import test_social_map
from . import test_referral_rules
from . import test_referral_access
from . import test_referral_send
from . import test_okr_report
from . import test_overview
from . import test_provider_portal
from . import test_leaving_and_group8
