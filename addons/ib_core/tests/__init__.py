from . import test_access
from . import test_school_year
from . import test_validation
from . import test_consent
from . import test_parent_portal
