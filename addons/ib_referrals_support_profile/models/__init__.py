from . import ib_referral
