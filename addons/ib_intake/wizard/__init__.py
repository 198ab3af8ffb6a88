from . import ib_intake_admit_wizard
