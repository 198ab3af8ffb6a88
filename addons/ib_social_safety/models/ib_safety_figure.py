from odoo import fields, models
from odoo.tools import SQL, drop_view_if_exists

from odoo.addons.ib_analysis.models.ib_care_report import SMALL_NUMBER


class IbSafetyFigure(models.Model):
    """The share of pupils answering positively per school, school year,
    question and grade (and for the whole school), of the monitors that are
    done: for the pivot and the graph over the years.

    No counts, only shares, and no share of fewer than 5 respondents: a grade
    under 5 is left out (``suppressed``), and so is the smallest other grade of
    that question when it is the only one, so that it cannot be worked out from
    the school's share (the same rule as ``suppression.hidden_cells`` with the
    school and its grades). The groups are on the monitor's form only."""

    _name = "ib.safety.figure"
    _description = "Social Safety Figure"
    _auto = False
    _order = "year_start desc, company_id, question_id, grade_number"

    survey_id = fields.Many2one("ib.safety.survey", string="Monitor", readonly=True)
    company_id = fields.Many2one("res.company", string="School", readonly=True)
    school_year_id = fields.Many2one("ib.school.year", readonly=True)
    year_start = fields.Date(readonly=True)
    question_id = fields.Many2one("ib.safety.question", readonly=True)
    is_headline = fields.Boolean(string="Feeling Safe", readonly=True)
    level = fields.Selection(
        [("school", "Whole School"), ("grade", "Grade")], readonly=True
    )
    grade_id = fields.Many2one("ib.grade", readonly=True)
    grade_number = fields.Integer(readonly=True, aggregator=False)
    share = fields.Float(
        string="Positive (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the respondents who answered positively; empty below 5 "
        "respondents.",
    )
    suppressed = fields.Boolean(string="Hidden (< 5)", readonly=True)

    def init(self):
        drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %(table)s AS (
            WITH grades AS (
                SELECT s.id AS survey_id, s.company_id, s.school_year_id,
                       s.school_year_start AS year_start, l.question_id,
                       l.grade_id, g.number AS grade_number,
                       SUM(l.respondent_count) AS respondents,
                       SUM(l.positive_count) AS positive
                  FROM ib_safety_survey_line l
                  JOIN ib_safety_survey s ON s.id = l.survey_id
                  JOIN ib_grade g ON g.id = l.grade_id
                 WHERE s.state = 'done'
                 GROUP BY s.id, l.question_id, l.grade_id, g.number
            ), ranked AS (
                SELECT grades.*,
                       COUNT(*) FILTER (WHERE respondents < %(small)s) OVER w
                           AS small_count,
                       ROW_NUMBER() OVER (
                           PARTITION BY survey_id, question_id
                           ORDER BY respondents < %(small)s, respondents,
                                    grade_id
                       ) AS rank
                  FROM grades
                WINDOW w AS (PARTITION BY survey_id, question_id)
            ), cells AS (
                SELECT survey_id, company_id, school_year_id, year_start,
                       question_id, 'grade' AS level, grade_id, grade_number,
                       respondents, positive,
                       respondents < %(small)s
                       OR (small_count = 1 AND rank = 1) AS suppressed
                  FROM ranked
                UNION ALL
                SELECT survey_id, company_id, school_year_id, year_start,
                       question_id, 'school', NULL, 0,
                       SUM(respondents), SUM(positive),
                       SUM(respondents) < %(small)s
                  FROM grades
                 GROUP BY survey_id, company_id, school_year_id, year_start,
                          question_id
            )
            SELECT ROW_NUMBER() OVER (
                       ORDER BY c.survey_id, c.question_id, c.grade_number
                   ) AS id,
                   c.survey_id, c.company_id, c.school_year_id, c.year_start,
                   c.question_id, q.is_headline, c.level, c.grade_id,
                   c.grade_number, c.suppressed,
                   CASE WHEN c.suppressed OR c.respondents = 0 THEN NULL
                        ELSE ROUND(100.0 * c.positive / c.respondents, 1)
                   END AS share
              FROM cells c
              JOIN ib_safety_question q ON q.id = c.question_id
            )
            """,
                table=SQL.identifier(self._table),
                small=SMALL_NUMBER,
            )
        )
