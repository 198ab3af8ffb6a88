from odoo import fields, models
from odoo.tools import SQL, drop_view_if_exists

from odoo.addons.ib_care_plans.models.ib_assessment import DOMAINS, MOMENTS

from .analysis_sql import EXPECTED_SCORE, create_view

SERIES = [
    ("score", "Score"),
    ("norm_floor", "Norm: Lowest Score III/C"),
    ("norm_expected", "Expected Score"),
]


class IbAnalysisChart(models.Model):
    """The scores of results as a line per series next to the norm band (the
    lowest score at the norm and the expected score at that grade and moment),
    for Odoo's graph view: three rows per result, grouped by date and series."""

    _name = "ib.analysis.chart"
    _description = "Results Chart"
    _auto = False
    _order = "date, id"
    _rec_name = "pupil_id"

    result_id = fields.Many2one(
        "ib.assessment.result", string="Test Result", readonly=True
    )
    pupil_id = fields.Many2one("ib.pupil", readonly=True)
    company_id = fields.Many2one("res.company", string="School", readonly=True)
    school_year_id = fields.Many2one("ib.school.year", readonly=True)
    group_id = fields.Many2one("ib.group", readonly=True)
    grade_id = fields.Many2one("ib.grade", readonly=True)
    assessment_id = fields.Many2one("ib.assessment", string="Test", readonly=True)
    domain = fields.Selection(DOMAINS, readonly=True)
    moment = fields.Selection(MOMENTS, readonly=True)
    date = fields.Date(string="Test Date", readonly=True)
    series = fields.Selection(SERIES, readonly=True)
    value = fields.Float(readonly=True, aggregator="avg")

    def init(self):
        drop_view_if_exists(self.env.cr, self._table)
        create_view(
            self.env,
            self._table,
            SQL(
                """
            SELECT r.id * 3 + s.k AS id,
                   r.id AS result_id,
                   r.pupil_id AS pupil_id,
                   r.company_id AS company_id,
                   r.school_year_id AS school_year_id,
                   r.group_id AS group_id,
                   r.grade_id AS grade_id,
                   r.assessment_id AS assessment_id,
                   r.domain AS domain,
                   r.moment AS moment,
                   r.date AS date,
                   s.series AS series,
                   CASE s.k WHEN 0 THEN r.score
                            WHEN 1 THEN n.min_level_3
                            ELSE %(expected)s END AS value
              FROM ib_assessment_result r
              JOIN ib_assessment a ON a.id = r.assessment_id
        CROSS JOIN (VALUES (0, 'score'), (1, 'norm_floor'), (2, 'norm_expected'))
                AS s(k, series)
         LEFT JOIN ib_assessment_norm n
                ON n.assessment_id = r.assessment_id
               AND n.grade_id = r.grade_id
               AND n.moment = r.moment
             WHERE r.score IS NOT NULL AND r.score != 0
               AND (s.k = 0 OR n.id IS NOT NULL)
            """,
                expected=EXPECTED_SCORE,
            ),
        )
