from odoo import fields, models


class IbHelpKind(models.Model):
    """A kind of help on the social map (speech therapy, youth care, SBO...)."""

    _name = "ib.help.kind"
    _inherit = ["ib.write.guard.mixin"]
    _description = "Kind of Help"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Technical code, used by the referral kinds.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _code_uniq = models.UniqueIndex(
        "(code) WHERE code IS NOT NULL", "This code is already used."
    )
