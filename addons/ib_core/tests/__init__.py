from . import test_access
from . import test_school_year
from . import test_validation
from . import test_access_log
from . import test_retention
from . import test_retention_benchmark
from . import test_pupil_file_export
from . import test_privacy_http
