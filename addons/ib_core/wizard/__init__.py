from . import ib_handover_wizard
from . import ib_consent_answer_wizard
from . import ib_pupil_note_concern
