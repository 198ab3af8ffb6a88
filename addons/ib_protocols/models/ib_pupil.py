from odoo import api, fields, models


class IbPupil(models.Model):
    """The pupil file links to the pupil's absence reports (for care
    coordinators). Meldcode cases are deliberately not linked: that register is
    separate from the pupil file."""

    _inherit = "ib.pupil"

    absence_report_count = fields.Integer(
        compute="_compute_absence_report_count",
        string="Absence Reports #",
        groups="ib_core.group_ib_coordinator",
    )

    @api.depends_context("uid")
    def _compute_absence_report_count(self):
        counts = dict(
            self.env["ib.absence.report"]._read_group(
                [("pupil_id", "in", self.ids)], ["pupil_id"], ["__count"]
            )
        )
        for pupil in self:
            pupil.absence_report_count = counts.get(pupil._origin, 0)

    def action_view_absence_reports(self):
        self.ensure_one()
        self.check_access("read")
        return self.env["ir.actions.act_window"]._ib_action_linked(
            "ib_protocols.ib_absence_report_action", "pupil_id", self
        )
