from . import test_propose_test_signals
