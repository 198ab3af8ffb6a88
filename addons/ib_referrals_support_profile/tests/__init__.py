from . import test_referral_support_profile
