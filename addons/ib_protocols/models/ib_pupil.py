from odoo import fields, models


class IbPupil(models.Model):
    """The pupil file links to the pupil's absence reports (for care
    coordinators). Meldcode cases are deliberately not linked: that register is
    separate from the pupil file."""

    _inherit = "ib.pupil"

    absence_report_count = fields.Integer(
        compute="_compute_ib_counts",
        string="Absence Reports #",
        groups="ib_core.group_ib_coordinator",
    )

    def _ib_count_sources(self):
        # counted with the other smart buttons, in one query, as the user
        sources = super()._ib_count_sources()
        sources["absence_report_count"] = [("ib.absence.report", "pupil_id", [])]
        return sources

    def action_view_absence_reports(self):
        self.ensure_one()
        self.check_access("read")
        return self.env["ir.actions.act_window"]._ib_action_linked(
            "ib_protocols.ib_absence_report_action", "pupil_id", self
        )
