from odoo import fields, models


class IbReferralDocumentType(models.Model):
    _inherit = "ib.referral.document.type"

    generated_kind = fields.Selection(
        selection_add=[("opp", "Development Perspective Plan (OPP)")],
        ondelete={"opp": "set null"},
    )
