from . import ib_edexml_import
from . import ib_edexml_import_line
from . import ib_edexml_export
