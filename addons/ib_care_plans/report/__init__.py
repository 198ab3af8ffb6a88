from . import ib_care_intervention_report
