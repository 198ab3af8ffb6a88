from . import test_deadline, test_intake_access, test_intake_decision
