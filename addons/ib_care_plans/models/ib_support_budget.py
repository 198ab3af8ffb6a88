from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain


class IbSupportBudget(models.Model):
    """A school's budget of support hours per week in a school year, and what
    the running plans allocate of it."""

    _name = "ib.support.budget"
    _inherit = ["ib.school.mixin", "ib.write.guard.mixin"]
    _description = "Support Hours Budget"
    _order = "school_year_id desc, company_id"

    school_year_id = fields.Many2one(
        "ib.school.year", required=True, index=True, check_company=True
    )
    hours_per_week = fields.Float(string="Budget (hours/week)", required=True)
    allocated_hours = fields.Float(
        string="Allocated (hours/week)",
        compute="_compute_allocated_hours",
        help="Hours per week of the approach lines of running plans (active or "
        "evaluation due) in this school year whose intervention uses support hours.",
    )
    remaining_hours = fields.Float(
        string="Left (hours/week)", compute="_compute_allocated_hours"
    )

    _year_uniq = models.Constraint(
        "UNIQUE(company_id, school_year_id)",
        "A school has one budget of support hours per school year.",
    )

    @api.constrains("hours_per_week")
    def _check_hours(self):
        if any(budget.hours_per_week < 0 for budget in self):
            raise ValidationError(self.env._("A budget cannot be negative."))

    def _compute_allocated_hours(self):
        allocated = defaultdict(float)
        if self.ids:
            Line = self.env["ib.care.plan.approach"]
            domain = Domain.OR(
                Domain("company_id", "=", budget.company_id.id)
                & Domain("plan_id.date_start", "<=", budget.school_year_id.date_end)
                & (
                    Domain("plan_id.date_end", "=", False)
                    | Domain("plan_id.date_end", ">=", budget.school_year_id.date_start)
                )
                for budget in self
            ) & Domain(
                [
                    ("plan_id.state", "in", ("active", "evaluation_due")),
                    ("intervention_id.counts_against_budget", "=", True),
                ]
            )
            # sudo: the sum of hours is no care content; the budget's own rules
            # decide who sees it (director and coordinator of the school).
            lines = Line.sudo().search_fetch(
                domain, ["company_id", "hours_per_week", "plan_id"]
            )
            lines.plan_id.fetch(["date_start", "date_end"])
            for budget in self:
                year = budget.school_year_id
                allocated[budget.id] = sum(
                    line.hours_per_week
                    for line in lines
                    if line.company_id == budget.company_id
                    and line.plan_id.date_start <= year.date_end
                    and (
                        not line.plan_id.date_end
                        or line.plan_id.date_end >= year.date_start
                    )
                )
        for budget in self:
            budget.allocated_hours = allocated[budget.id]
            budget.remaining_hours = budget.hours_per_week - budget.allocated_hours
