from odoo import fields, models


class IbReferralLineMixin(models.AbstractModel):
    """Care data recorded on a referral (an expert advice, a document): its pupil
    is the referral's, and it goes when the referral goes. Each model states its
    own privacy policy (see ib.care.mixin)."""

    _name = "ib.referral.line.mixin"
    _inherit = ["ib.care.mixin"]
    _description = "Referral Line"

    referral_id = fields.Many2one(
        "ib.referral", required=True, index=True, ondelete="cascade"
    )
    pupil_id = fields.Many2one(
        related="referral_id.pupil_id", store=True, precompute=True, readonly=True
    )
