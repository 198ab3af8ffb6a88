from . import test_access
from . import test_forecast
from . import test_forecast_engine
from . import test_learning_progress
