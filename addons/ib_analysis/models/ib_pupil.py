from odoo import models


class IbPupil(models.Model):
    _inherit = "ib.pupil"

    def action_ib_results_chart(self):
        """The pupil's scores over time next to the norm band (Odoo's graph)."""
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ib_analysis.ib_analysis_chart_action"
        )
        action["name"] = self.env._("Results of %s", self.name)
        action["domain"] = [("pupil_id", "=", self.id)]
        action["context"] = {
            "graph_groupbys": ["date:month", "assessment_id", "series"]
        }
        return action
