from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import format_datetime


class ReportIbPupilFile(models.AbstractModel):
    """The pupil file export (right of access): everything about one pupil."""

    _name = "report.ib_core.report_ib_pupil_file"
    _description = "Pupil File Export"

    @api.model
    def _get_report_values(self, docids, data=None):
        # Every route to this report (print menu, /report/pdf, /report/html) gets
        # here as the user who asked for it. No sudo below: record rules and field
        # groups decide what is printed, and a context passed in the URL cannot
        # widen them (Odoo refuses unauthorised allowed_company_ids).
        pupils = self.env["ib.pupil"].browse(docids)
        Log = self.env["ib.pupil.access.log"]
        if not self.env.user.has_group("ib_core.group_ib_director"):
            Log._ib_queue_denied(pupils, "report")
            raise AccessError(
                self.env._(
                    "Only the care coordinator and the director can export a "
                    "pupil file."
                )
            )
        Log._ib_check_read(pupils, "report")
        return {
            "doc_ids": pupils.ids,
            "doc_model": "ib.pupil",
            "docs": pupils,
            "files": {
                pupil.id: self.env["ib.pupil.file.export"]._ib_pupil_file(pupil)
                for pupil in pupils
            },
            "export_time": format_datetime(self.env, fields.Datetime.now()),
            "show_bsn": self.env.user.has_group("ib_core.group_ib_coordinator"),
        }
