from . import ib_assessment_import
from . import ib_assessment_session_plan
from . import ib_group_overview
