from . import test_referral_from_agreement
