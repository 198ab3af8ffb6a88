from odoo import models

from .ib_pupil import CHART_ACTION, CHART_CONTEXT


class IbGroup(models.Model):
    _inherit = "ib.group"

    def action_ib_results_chart(self):
        """The group's average scores per test next to the norm band."""
        self.ensure_one()
        self.check_access("read")
        return self.env["ir.actions.act_window"]._ib_action_for(
            CHART_ACTION,
            [("group_id", "=", self.id)],
            dict(CHART_CONTEXT),
            name=self.env._("Results of %s", self.name),
        )

    def action_ib_results_analysis(self):
        """The results of the group's current pupils through the grades."""
        self.ensure_one()
        self.check_access("read")
        return self.env["ir.actions.act_window"]._ib_action_for(
            "ib_analysis.ib_analysis_result_action",
            [("current_group_id", "=", self.id)],
            {
                "pivot_row_groupby": ["domain", "assessment_id"],
                "pivot_column_groupby": ["grade_id", "moment"],
                "pivot_measures": ["at_norm_pct", "__count"],
            },
            name=self.env._("Analysis of %s", self.name),
        )
