from odoo import api, models
from odoo.exceptions import AccessError


class ReportIbSecondarySupportApplication(models.AbstractModel):
    """The application file of an LWOO/PrO application, to send to the SWV VO."""

    _name = "report.ib_referrals.report_ib_secondary_support_application"
    _description = "LWOO/PrO Application File"

    @api.model
    def _get_report_values(self, docids, data=None):
        # Every route to the report gets here as the user who asked for it; no
        # sudo below, record rules decide what is printed.
        applications = self.env["ib.secondary.support.application"].browse(docids)
        Log = self.env["ib.pupil.access.log"]
        if not (self.env.su or self.env.user.has_group("ib_core.group_ib_director")):
            Log._ib_queue_denied(applications, "read")
            raise AccessError(
                self.env._(
                    "Only the care coordinator and the director can print an "
                    "LWOO/PrO application file."
                )
            )
        Log._ib_check_read(applications, "read")
        return {
            "doc_ids": applications.ids,
            "doc_model": applications._name,
            "docs": applications,
        }
