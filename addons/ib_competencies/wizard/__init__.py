from . import ib_class_visit_export
from . import ib_class_visit_correction
from . import ib_class_visit_correction_line
