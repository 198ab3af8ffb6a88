from odoo import models


class IbGroup(models.Model):
    _inherit = "ib.group"

    def action_ib_results_chart(self):
        """The group's average scores per test next to the norm band."""
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ib_analysis.ib_analysis_chart_action"
        )
        action["name"] = self.env._("Results of %s", self.name)
        action["domain"] = [("group_id", "=", self.id)]
        action["context"] = {
            "graph_groupbys": ["date:month", "assessment_id", "series"]
        }
        return action

    def action_ib_results_analysis(self):
        """The results of the group's current pupils through the grades."""
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ib_analysis.ib_analysis_result_action"
        )
        action["name"] = self.env._("Analysis of %s", self.name)
        action["domain"] = [("current_group_id", "=", self.id)]
        action["context"] = {
            "pivot_row_groupby": ["domain", "assessment_id"],
            "pivot_column_groupby": ["grade_id", "moment"],
            "pivot_measures": ["at_norm_pct", "__count"],
        }
        return action
