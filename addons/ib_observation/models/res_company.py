from odoo import models


class ResCompany(models.Model):
    _inherit = "res.company"

    def _ib_overview_counters(self):
        counters = super()._ib_overview_counters()
        label = self.env._("Observation: below a cut-off (open rounds)")
        self._ib_overview_add_counter(
            counters,
            "observation_below_cutoff",
            label,
            "ib.observation.list",
            [("below_cutoff", "=", True), ("round_id.state", "=", "open")],
            sequence=35,
            severity="warning",
            action="ib_observation.ib_observation_list_action",
        )
        return counters
