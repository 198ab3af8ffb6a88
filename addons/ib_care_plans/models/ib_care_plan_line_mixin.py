from odoo import api, fields, models
from odoo.exceptions import UserError


class IbCarePlanLineMixin(models.AbstractModel):
    """A line of a care plan (goal, approach, sub-group member): its school
    follows the plan, and lines are only removed while the plan is a draft."""

    _name = "ib.care.plan.line.mixin"
    _inherit = ["ib.write.guard.mixin"]
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
