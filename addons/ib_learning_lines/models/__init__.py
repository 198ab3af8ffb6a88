from . import ib_learning_line
from . import ib_learning_goal
from . import ib_learning_progress
from . import ib_exit_level_threshold
from . import ib_care_plan
from . import ib_care_plan_parent_evaluation
from . import ib_pupil
