from . import res_company
from . import ib_pupil
from . import ib_group
from . import ib_edexml_teacher
from . import ib_edexml_group_member
from . import ib_edexml_import_log
from . import ib_edexml_import_service
from . import ib_edexml_export_service
