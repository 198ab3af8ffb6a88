from . import ib_safety_import
