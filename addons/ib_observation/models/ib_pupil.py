from odoo import fields, models


class IbPupil(models.Model):
    _inherit = "ib.pupil"

    observation_count = fields.Integer(
        compute="_compute_ib_counts",
        string="Observations #",
        groups="ib_core.group_ib_teacher",
    )

    def _ib_count_sources(self):
        # counted with the other smart buttons, in one query, as the user
        sources = super()._ib_count_sources()
        sources["observation_count"] = [("ib.observation.list", "pupil_id", [])]
        return sources

    def action_view_observations(self):
        self.ensure_one()
        self.check_access("read")
        return self.env["ir.actions.act_window"]._ib_action_linked(
            "ib_observation.ib_observation_list_action", "pupil_id", self
        )
