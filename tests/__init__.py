from . import test_lifecycle
from . import test_locking
from . import test_security
from . import test_demo
from . import test_ui
