from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.ib_care_plan import KINDS


class IbCareInterventionReport(models.Model):
    """Per school year and intervention: the support hours and cost of the
    approach lines of started plans, and the evaluated goals of those plans
    (all goals of a plan count for each intervention it uses)."""

    _name = "ib.care.intervention.report"
    _description = "Intervention Report"
    _auto = False
    _order = "school_year_id desc, intervention_id"

    intervention_id = fields.Many2one("ib.care.intervention", readonly=True)
    company_id = fields.Many2one("res.company", string="School", readonly=True)
    school_year_id = fields.Many2one("ib.school.year", readonly=True)
    plan_kind = fields.Selection(KINDS, string="Kind of Plan", readonly=True)
    line_count = fields.Integer(string="Times Used", readonly=True)
    hours_per_week = fields.Float(string="Hours per Week", readonly=True)
    cost = fields.Float(string="Cost per Year", readonly=True)
    goals_achieved = fields.Integer(readonly=True)
    goals_partly = fields.Integer(string="Goals Partly Achieved", readonly=True)
    goals_not_achieved = fields.Integer(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE VIEW %s AS (
                SELECT line.id AS id,
                       line.intervention_id AS intervention_id,
                       plan.company_id AS company_id,
                       year.id AS school_year_id,
                       plan.kind AS plan_kind,
                       1 AS line_count,
                       COALESCE(line.hours_per_week, 0) AS hours_per_week,
                       COALESCE(intervention.cost, 0) AS cost,
                       COALESCE(goals.achieved, 0) AS goals_achieved,
                       COALESCE(goals.partly, 0) AS goals_partly,
                       COALESCE(goals.not_achieved, 0) AS goals_not_achieved
                  FROM ib_care_plan_approach line
                  JOIN ib_care_plan plan ON plan.id = line.plan_id
                  JOIN ib_care_intervention intervention
                    ON intervention.id = line.intervention_id
             LEFT JOIN ib_school_year year
                    ON year.company_id = plan.company_id
                   AND plan.date_start BETWEEN year.date_start AND year.date_end
             LEFT JOIN (
                    SELECT plan_id,
                           COUNT(*) FILTER (WHERE result = 'achieved') AS achieved,
                           COUNT(*) FILTER (WHERE result = 'partly') AS partly,
                           COUNT(*) FILTER (WHERE result = 'not_achieved')
                               AS not_achieved
                      FROM ib_care_plan_goal
                     GROUP BY plan_id
                  ) goals ON goals.plan_id = plan.id
                 WHERE plan.state != 'draft'
            )
            """,
                SQL.identifier(self._table),
            )
        )
