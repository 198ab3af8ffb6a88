from . import ib_sociogram
from . import ib_sociogram_question
from . import ib_sociogram_choice
from . import ib_sociogram_pupil
from . import ib_pupil
