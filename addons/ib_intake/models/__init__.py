from . import ib_intake, ib_intake_pause, ib_pupil_access_log, res_company
