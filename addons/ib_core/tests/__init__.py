from . import test_access
from . import test_support_request
from . import test_overview
from . import test_handover
from . import test_support_request_tour
