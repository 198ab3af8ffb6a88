from odoo import models

CHART_ACTION = "ib_analysis.ib_analysis_chart_action"
CHART_CONTEXT = {"graph_groupbys": ["date:month", "assessment_id", "series"]}


class IbPupil(models.Model):
    _inherit = "ib.pupil"

    def action_ib_results_chart(self):
        """The pupil's scores over time next to the norm band (Odoo's graph)."""
        self.ensure_one()
        self.check_access("read")
        return self.env["ir.actions.act_window"]._ib_action_for(
            CHART_ACTION,
            [("pupil_id", "=", self.id)],
            dict(CHART_CONTEXT),
            name=self.env._("Results of %s", self.name),
        )
