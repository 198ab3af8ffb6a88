from odoo import api, fields, models


class IbCarePlanParentEvaluation(models.Model):
    _inherit = "ib.care.plan.parent.evaluation"

    forecast_text = fields.Text(
        string="Exit Level Forecast",
        compute="_compute_forecast_text",
        store=True,
        readonly=False,
        precompute=True,
        groups="ib_core.group_ib_teacher",
        help="The forecast of the exit level from the test results when the "
        "evaluation was recorded: what was discussed with the parents.",
    )

    @api.depends("plan_id")
    def _compute_forecast_text(self):
        for evaluation in self:
            if not evaluation.forecast_text and evaluation.plan_id.kind == "opp":
                evaluation.forecast_text = evaluation.plan_id.forecast_text
