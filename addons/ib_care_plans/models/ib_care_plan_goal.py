from odoo import api, fields, models
from odoo.exceptions import UserError

from .ib_assessment import DOMAINS
from .ib_care_plan import SUBGROUPS

RESULTS = [
    ("achieved", "Achieved"),
    ("partly", "Partly Achieved"),
    ("not_achieved", "Not Achieved"),
]


class IbCarePlanLineMixin(models.AbstractModel):
    """A line of a care plan (goal, approach, sub-group member): its school
    follows the plan, and lines are only removed while the plan is a draft."""

    _name = "ib.care.plan.line.mixin"
    _description = "Care Plan Line"
    _check_company_auto = True

    plan_id = fields.Many2one(
        "ib.care.plan", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="plan_id.company_id", store=True, index=True, string="School"
    )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_draft_plan(self):
        if self.env.su:
            return  # the retention job removes whole plans
        if self.plan_id.filtered(lambda p: p.state != "draft"):
            raise UserError(
                self.env._(
                    "Lines of a plan that has started cannot be removed: record "
                    "the evaluation instead."
                )
            )


class IbCarePlanGoal(models.Model):
    _name = "ib.care.plan.goal"
    _description = "Care Plan Goal"
    _inherit = ["ib.care.plan.line.mixin"]
    _order = "plan_id, sequence, id"

    sequence = fields.Integer(default=10)
    domain = fields.Selection(DOMAINS, required=True, default="other")
    subgroup = fields.Selection(SUBGROUPS, string="Sub-group")
    name = fields.Text(string="Goal", required=True)
    measure = fields.Text(string="Measured By")
    target_date = fields.Date()
    result = fields.Selection(RESULTS, string="Evaluation", copy=False)
    result_comment = fields.Text(string="Evaluation Comment", copy=False)
