from . import test_intake_support_profile
