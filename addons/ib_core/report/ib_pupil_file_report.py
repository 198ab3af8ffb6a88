from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import format_datetime, is_html_empty


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
        files = {
            pupil.id: self.env["ib.pupil.file.export"]._ib_pupil_file(pupil)
            for pupil in pupils
        }
        return {
            "doc_ids": pupils.ids,
            "doc_model": "ib.pupil",
            "docs": pupils,
            "files": files,
            "contents": {
                pupil.id: self._ib_contents(pupil, files[pupil.id]) for pupil in pupils
            },
            "export_time": format_datetime(self.env, fields.Datetime.now()),
            "show_bsn": self.env.user.has_group("ib_core.group_ib_coordinator"),
        }

    @api.model
    def _ib_contents(self, pupil, file):
        """The sections of the pupil's file that hold something, in print order:
        ``{key: {"anchor", "title"}}`` (an insertion-ordered dict) for the table
        of contents and the headings. An empty section is left out of both."""
        sections = [("identity", self.env._("Identity"))]
        if pupil.membership_ids:
            sections.append(("groups", self.env._("Groups")))
        if pupil.support_level_id or any(
            not is_html_empty(pupil[name])
            for name in (
                "educational_needs",
                "stimulating_factors",
                "hindering_factors",
            )
        ):
            sections.append(("support", self.env._("Support")))
        if pupil.guardian_ids:
            sections.append(("guardians", self.env._("Parents/Guardians")))
        for index, section in enumerate(file["sections"]):
            section["key"] = f"care_{index}"
            sections.append((section["key"], section["title"]))
        if file["messages"] or file["attachments"]:
            sections.append(
                ("thread", self.env._("Messages and Attachments of the Pupil File"))
            )
        return {
            key: {"anchor": f"ib-pupil-file-{pupil.id}-{key}", "title": title}
            for key, title in sections
        }
