from odoo import models


class IbGroupOverview(models.TransientModel):
    _inherit = "ib.group.overview"

    def action_ib_results_chart(self):
        """The chart of the group's results, from the group overview."""
        self.ensure_one()
        return self.group_id.action_ib_results_chart()
