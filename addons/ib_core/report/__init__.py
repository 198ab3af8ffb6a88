from . import ib_pupil_file_report
