from . import ib_care_intervention_report
from . import ib_care_plan_report
