from odoo import fields, models

from .ib_referral import REFERRAL_KINDS


class IbReferralDocumentType(models.Model):
    """One line of the document checklist: a document a kind of referral cannot
    be sent without. Configurable per school board (one line per kind)."""

    _name = "ib.referral.document.type"
    _inherit = ["ib.write.guard.mixin"]
    _description = "Referral Document Type"
    _order = "kind, sequence, name"

    name = fields.Char(required=True, translate=True)
    kind = fields.Selection(
        REFERRAL_KINDS,
        string="Required For",
        required=True,
        index=True,
        help="The kind of referral that cannot be sent without this document.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
