from . import ib_class_visit_export
