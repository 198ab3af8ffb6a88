from odoo import api, fields, models


class IbReferralDocument(models.Model):
    """A document added to a referral (checklist item or extra document)."""

    _name = "ib.referral.document"
    _description = "Referral Document"
    _inherit = ["ib.referral.line.mixin"]
    _order = "id"
    # Privacy policy (see ib.care.mixin): care data, deleted with its chatter once
    # the care data period after leaving has passed; in the pupil file export.
    _ib_retention_class = "care"
    _ib_retention = "delete"
    _ib_file_export = True

    document_type_id = fields.Many2one(
        "ib.referral.document.type",
        help="The checklist line this document fulfils, if any.",
    )
    name = fields.Char(string="Description", required=True)
    file = fields.Binary(attachment=True, required=True)
    file_name = fields.Char()
    from_provider = fields.Boolean(
        readonly=True,
        help="Uploaded by the receiving party in the portal (their report).",
    )
    share = fields.Boolean(
        string="Send Along",
        default=True,
        help="Attached when the referral is sent.",
    )

    @api.onchange("document_type_id")
    def _onchange_document_type_id(self):
        if self.document_type_id and not self.name:
            self.name = self.document_type_id.name
