from odoo import fields, models

from .ib_assessment import DOMAINS
from .ib_care_plan import SUBGROUPS

RESULTS = [
    ("achieved", "Achieved"),
    ("partly", "Partly Achieved"),
    ("not_achieved", "Not Achieved"),
]


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
