from . import ib_protocol_year_mixin
from . import ib_meldcode_case
from . import ib_bullying_incident
from . import ib_medical_agreement
from . import ib_absence_report
from . import ib_pupil
from . import ib_school_year
