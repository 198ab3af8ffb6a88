from . import test_access, test_care_report, test_figures, test_import
