from . import portal
from . import parent_portal
from . import okr_verify
