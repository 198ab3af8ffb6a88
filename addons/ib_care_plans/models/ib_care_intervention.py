from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .ib_assessment import DOMAINS

INTERVENTION_KINDS = [
    ("remedial", "Remedial Programme"),
    ("method", "Reading/Maths Method"),
    ("training", "Training Group"),
    ("arrangement", "Arrangement"),
    ("other", "Other"),
]


class IbCareIntervention(models.Model):
    """The school's catalogue of interventions (aanbod) that approach lines of
    plans pick from, with the support time they take and their cost."""

    _name = "ib.care.intervention"
    _inherit = ["ib.write.guard.mixin"]
    _description = "Intervention"
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    kind = fields.Selection(INTERVENTION_KINDS, required=True, default="remedial")
    domain = fields.Selection(DOMAINS, default="other")
    description = fields.Text()
    hours_per_week = fields.Float(
        string="Hours per Week",
        help="Support time a pupil or sub-group takes of the school's support "
        "hours per week.",
    )
    counts_against_budget = fields.Boolean(
        string="Uses Support Hours",
        default=True,
        help="The hours come out of the school's budget of support hours.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        index=True,
        default=lambda self: self.env.company,
        help="Empty: shared by all schools of the board.",
    )
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
    )
    cost = fields.Monetary(
        string="Cost per Year",
        currency_field="currency_id",
        help="What the school pays for it per pupil or sub-group per year, if any.",
    )

    @api.depends("company_id")
    def _compute_currency_id(self):
        for intervention in self:
            intervention.currency_id = (
                intervention.company_id.currency_id or self.env.company.currency_id
            )

    @api.constrains("hours_per_week", "cost")
    def _check_amounts(self):
        for intervention in self:
            if intervention.hours_per_week < 0 or intervention.cost < 0:
                raise ValidationError(
                    self.env._(
                        "Intervention %s: hours and cost cannot be negative.",
                        intervention.name,
                    )
                )
