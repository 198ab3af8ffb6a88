from . import test_access
from . import test_note_access
from . import test_note_chatter
from . import test_note_http
from . import test_note_performance
from . import test_note_views
