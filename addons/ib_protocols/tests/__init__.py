from . import test_access
from . import test_http
from . import test_meldcode_steps
from . import test_meldcode_log
from . import test_meldcode_separate
from . import test_absence
from . import test_year_report
