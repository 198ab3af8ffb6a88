from odoo import fields, models

from .ib_care_plan import SUBGROUPS

PROVIDERS = [
    ("teacher", "Teacher"),
    ("remedial", "Remedial Teacher"),
    ("coordinator", "Care Coordinator"),
    ("external", "External"),
    ("parents", "Parents"),
]


class IbCarePlanApproach(models.Model):
    _name = "ib.care.plan.approach"
    _description = "Care Plan Approach"
    _inherit = ["ib.care.plan.line.mixin"]
    _order = "plan_id, sequence, id"

    sequence = fields.Integer(default=10)
    subgroup = fields.Selection(SUBGROUPS, string="Sub-group")
    name = fields.Char(string="What", required=True)
    provider = fields.Selection(
        PROVIDERS, string="Who", required=True, default="teacher"
    )
    provider_name = fields.Char(string="Name")
    frequency = fields.Char(string="How Often", help="e.g. 3 x 20 minutes a week")
    location = fields.Char(
        string="Where", help="e.g. in the classroom, instruction table"
    )
