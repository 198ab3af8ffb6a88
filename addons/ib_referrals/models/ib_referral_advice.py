from odoo import fields, models


class IbReferralAdvice(models.Model):
    """An expert advice recorded on a referral (a TLV needs two separate ones)."""

    _name = "ib.referral.advice"
    _description = "Expert Advice"
    _inherit = ["ib.referral.line.mixin"]
    _order = "date, id"
    # Privacy policy (see ib.care.mixin): care data, deleted with its chatter once
    # the care data period after leaving has passed; in the pupil file export.
    _ib_retention_class = "care"
    _ib_retention = "delete"
    _ib_file_export = True

    expert_name = fields.Char(string="Expert", required=True)
    expertise = fields.Char(
        required=True, help="E.g. orthopedagogue, child psychologist."
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    advice = fields.Text(required=True)
