from . import ib_support_profile, ib_support_profile_part, res_company
