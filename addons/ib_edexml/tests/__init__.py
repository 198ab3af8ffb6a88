from . import test_parser
from . import test_import
from . import test_leavers
from . import test_reimport
from . import test_access
from . import test_export
from . import test_background
from . import test_import_benchmark
