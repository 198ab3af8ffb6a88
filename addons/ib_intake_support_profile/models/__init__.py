from . import ib_intake
