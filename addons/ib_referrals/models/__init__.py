from . import ib_help_kind
from . import res_partner
from . import ib_referral_document_type
from . import ib_referral
from . import ib_referral_document
from . import ib_referral_advice
from . import ib_support_request
from . import res_company
