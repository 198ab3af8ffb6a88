from odoo import api, fields, models
from odoo.exceptions import ValidationError


class IbSecondarySupportDocument(models.Model):
    """A document in the file of an LWOO/PrO application: a line of the
    checklist (the document types of the transfer to secondary school) or an
    extra document, uploaded by the school."""

    _name = "ib.secondary.support.document"
    _description = "LWOO/PrO Application Document"
    _inherit = ["ib.secondary.support.line.mixin"]
    _order = "id"
    # Privacy policy (see ib.care.mixin): care data, deleted with its
    # application once the care data period after leaving has passed; in the
    # pupil file export.
    _ib_retention_class = "care"
    _ib_retention = "delete"
    _ib_file_export = True

    document_type_id = fields.Many2one(
        "ib.referral.document.type",
        domain="[('kind', '=', 'secondary')]",
        help="The checklist line this document fulfils, if any.",
    )
    name = fields.Char(string="Description", required=True)
    file = fields.Binary(attachment=True, required=True)
    file_name = fields.Char()

    @api.constrains("document_type_id")
    def _check_document_type(self):
        for document in self:
            if document.document_type_id and document.document_type_id.kind != (
                "secondary"
            ):
                raise ValidationError(
                    self.env._(
                        "%s is not a document of the transfer to secondary school.",
                        document.document_type_id.name,
                    )
                )

    @api.onchange("document_type_id")
    def _onchange_document_type_id(self):
        if self.document_type_id and not self.name:
            self.name = self.document_type_id.name
