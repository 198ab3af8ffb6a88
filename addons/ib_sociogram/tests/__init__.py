from . import test_engine
from . import test_sociogram
from . import test_svg
from . import test_access
from . import test_http
