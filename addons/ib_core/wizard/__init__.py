from . import ib_handover_wizard
