from . import test_access
from . import test_grid
from . import test_grid_queries
from . import test_portal
from . import test_scores
