from . import test_access_rpc, test_public_page, test_versioning
