from . import test_analysis_figures
from . import test_analysis_access
from . import test_analysis_http
from . import test_care_report
from . import test_performance
from . import test_benchmark
from . import test_import_columns
