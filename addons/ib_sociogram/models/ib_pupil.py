from odoo import fields, models


class IbPupil(models.Model):
    """The pupil file links to the sociograms the pupil is in (for staff who
    may read them)."""

    _inherit = "ib.pupil"

    sociogram_count = fields.Integer(
        compute="_compute_ib_counts",
        string="Sociograms #",
        groups="ib_core.group_ib_teacher",
    )

    def _ib_count_sources(self):
        # counted with the other smart buttons, in one query, as the user
        sources = super()._ib_count_sources()
        sources["sociogram_count"] = [("ib.sociogram.pupil", "pupil_id", [])]
        return sources

    def action_view_sociograms(self):
        self.ensure_one()
        self.check_access("read")
        return self.env["ir.actions.act_window"]._ib_action_for(
            "ib_sociogram.ib_sociogram_action",
            [("pupil_line_ids.pupil_id", "=", self.id)],
            {},
        )
