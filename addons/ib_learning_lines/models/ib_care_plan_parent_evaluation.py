from odoo import api, fields, models


class IbCarePlanParentEvaluation(models.Model):
    _inherit = "ib.care.plan.parent.evaluation"

    forecast_text = fields.Text(
        string="Exit Level Forecast",
        groups="ib_core.group_ib_teacher",
        help="The forecast of the exit level from the test results when the "
        "evaluation was recorded: what was discussed with the parents.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        """An evaluation of an OPP keeps the plan's forecast of the day it is
        recorded, in the language of the user who records it. Evaluations
        recorded before this addon was installed keep none: a forecast made
        at install time would not be what was discussed with the parents."""
        evaluations = super().create(vals_list)
        if not (self.env.su or self.env.user.has_group("ib_core.group_ib_teacher")):
            return evaluations
        for evaluation in evaluations:
            if not evaluation.forecast_text and evaluation.plan_id.kind == "opp":
                evaluation.forecast_text = evaluation.plan_id.forecast_text
        return evaluations
