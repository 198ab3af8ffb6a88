from . import ib_consent_answer_wizard
