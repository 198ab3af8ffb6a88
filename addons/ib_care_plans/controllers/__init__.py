from . import main
from . import portal
from . import plan_portal
