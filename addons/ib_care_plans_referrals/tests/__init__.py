from . import test_okr_care_plans
