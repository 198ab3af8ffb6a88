from odoo import api, fields, models


class IbSecondarySupportLineMixin(models.AbstractModel):
    """Care data recorded in the file of an LWOO/PrO application (a result, a
    document): its pupil is the application's, it goes when the application
    goes, and it is added or changed only while the application is a draft (care records
    are not deleted in daily use: see ib.care.mixin). Each model
    states its own privacy policy (see ib.care.mixin)."""

    _name = "ib.secondary.support.line.mixin"
    _inherit = ["ib.care.mixin"]
    _description = "LWOO/PrO Application Line"

    application_id = fields.Many2one(
        "ib.secondary.support.application",
        required=True,
        index=True,
        ondelete="cascade",
    )
    pupil_id = fields.Many2one(
        related="application_id.pupil_id", store=True, precompute=True, readonly=True
    )

    @api.model_create_multi
    def create(self, vals_list):
        applications = self.env["ib.secondary.support.application"].browse(
            {vals["application_id"] for vals in vals_list if vals.get("application_id")}
        )
        applications._ib_check_file_editable()
        return super().create(vals_list)

    def write(self, vals):
        applications = self.application_id
        if vals.get("application_id"):
            applications |= applications.browse(vals["application_id"])
        applications._ib_check_file_editable()
        return super().write(vals)
