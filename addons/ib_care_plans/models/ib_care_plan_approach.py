from odoo import api, fields, models

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
    intervention_id = fields.Many2one(
        "ib.care.intervention",
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
        help="The intervention from the school's catalogue (aanbod).",
    )
    hours_per_week = fields.Float(
        string="Hours per Week",
        compute="_compute_hours_per_week",
        store=True,
        readonly=False,
        precompute=True,
    )
    currency_id = fields.Many2one(related="intervention_id.currency_id")
    cost = fields.Monetary(
        related="intervention_id.cost",
        string="Cost per Year",
        currency_field="currency_id",
    )
    location = fields.Char(
        string="Where", help="e.g. in the classroom, instruction table"
    )

    @api.depends("intervention_id")
    def _compute_hours_per_week(self):
        for line in self:
            line.hours_per_week = line.intervention_id.hours_per_week

    @api.onchange("intervention_id")
    def _onchange_intervention_id(self):
        if self.intervention_id and not self.name:
            self.name = self.intervention_id.name
