from . import ib_group_overview
