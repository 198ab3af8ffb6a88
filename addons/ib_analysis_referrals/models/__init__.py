from . import ib_care_report
