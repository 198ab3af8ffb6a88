from . import test_framework
from . import test_professional_access
from . import test_assessment
from . import test_class_visit
from . import test_filming_consent
from . import test_quality_scan
from . import test_reports
from . import test_public_methods
