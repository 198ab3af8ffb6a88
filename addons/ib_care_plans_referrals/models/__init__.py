from . import ib_referral
from . import ib_referral_document
from . import ib_referral_document_type
from . import ib_secondary_support_application
