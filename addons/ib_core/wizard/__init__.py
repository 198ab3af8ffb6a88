from . import ib_pupil_note_concern
