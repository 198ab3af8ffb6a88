from . import test_level
from . import test_import
from . import test_signals
from . import test_access
from . import test_group_overview
from . import test_sessions
from . import test_performance
from . import test_benchmark
