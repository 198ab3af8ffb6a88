from odoo import fields, models
from odoo.tools import SQL, drop_view_if_exists

from odoo.addons.ib_care_plans.models.ib_assessment import DOMAINS, MOMENTS

from .analysis_sql import EXPECTED_SCORE, YEARS_AGO, create_view

SPANS = [
    ("next", "Since the Previous Test"),
    ("year", "Since the Same Moment Last Year"),
]


class IbAnalysisGrowth(models.Model):
    """Growth of a pupil's score on one test between two moments, against the
    growth the norm expects (the growth of the expected score).

    Two rows per result where an earlier score exists: since the previous
    result of the same test (``span`` next: M to E, E to M of the next grade),
    and since the same moment a year earlier (``span`` year). Grouped per group,
    the average of ``growth_met_pct`` is the group's yield (*rendement*): the
    share of its pupils with at least the expected growth."""

    _name = "ib.analysis.growth"
    _description = "Growth Analysis"
    _inherit = ["ib.analysis.pupil.mixin"]
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "pupil_id"

    span = fields.Selection(SPANS, string="Growth Between", readonly=True)
    result_id = fields.Many2one(
        "ib.assessment.result", string="Test Result", readonly=True
    )
    pupil_id = fields.Many2one("ib.pupil", readonly=True)
    company_id = fields.Many2one("res.company", string="School", readonly=True)
    school_year_id = fields.Many2one("ib.school.year", readonly=True)
    years_ago = fields.Integer(
        string="School Years Ago", readonly=True, aggregator=None
    )
    group_id = fields.Many2one("ib.group", readonly=True)
    grade_id = fields.Many2one("ib.grade", readonly=True)
    current_group_id = fields.Many2one("ib.group", readonly=True)
    assessment_id = fields.Many2one("ib.assessment", string="Test", readonly=True)
    domain = fields.Selection(DOMAINS, readonly=True)
    moment = fields.Selection(MOMENTS, string="To Moment", readonly=True)
    date = fields.Date(string="To Date", readonly=True)
    moment_from = fields.Selection(MOMENTS, string="From Moment", readonly=True)
    date_from = fields.Date(string="From Date", readonly=True)
    school_year_from_id = fields.Many2one(
        "ib.school.year", string="From School Year", readonly=True
    )
    grade_from_id = fields.Many2one("ib.grade", string="From Grade", readonly=True)
    score_from = fields.Float(string="Score Before", readonly=True, aggregator="avg")
    score = fields.Float(string="Score After", readonly=True, aggregator="avg")
    growth = fields.Float(readonly=True, aggregator="avg")
    expected_growth = fields.Float(readonly=True, aggregator="avg")
    growth_vs_expected = fields.Float(
        string="Growth minus Expected", readonly=True, aggregator="avg"
    )
    growth_met_pct = fields.Float(
        string="Expected Growth Reached (%)",
        readonly=True,
        aggregator="avg",
        help="Share of pupils whose growth is at least the growth the norm "
        "expects: per group, the group's yield (rendement).",
    )
    growth_ratio = fields.Float(
        string="Growth / Expected (%)", readonly=True, aggregator="avg"
    )
    level_from = fields.Float(string="Level Before", readonly=True, aggregator="avg")
    level = fields.Float(string="Level After", readonly=True, aggregator="avg")
    dle_growth = fields.Float(
        string="DLE Growth",
        readonly=True,
        aggregator="avg",
        help="Months of didactic age equivalent gained, where the test gives a DLE.",
    )

    def init(self):
        drop_view_if_exists(self.env.cr, self._table)
        # The scores of results with their norm's expected score, written out in
        # each branch (no CTE) so that the planner sees the real tables and a
        # filter on the school reaches them: the window partitions by school
        # first (a pupil belongs to one school), which lets such a filter through.
        base = SQL(
            """
            SELECT r.id, r.pupil_id, r.company_id, r.school_year_id,
                   sy.date_start AS year_start, r.moment, r.date, r.group_id,
                   r.grade_id, r.assessment_id, r.domain, r.score,
                   NULLIF(r.level, 0) AS level, NULLIF(r.ib_dle, 0) AS dle,
                   %(expected)s AS expected_score,
                   %(years_ago)s AS years_ago
              FROM ib_assessment_result r
              JOIN ib_assessment a ON a.id = r.assessment_id
              JOIN ib_school_year sy ON sy.id = r.school_year_id
         LEFT JOIN ib_assessment_norm n
                ON n.assessment_id = r.assessment_id
               AND n.grade_id = r.grade_id
               AND n.moment = r.moment
             WHERE r.score IS NOT NULL AND r.score != 0
            """,
            expected=EXPECTED_SCORE,
            years_ago=YEARS_AGO,
        )
        columns = SQL(
            """
                   t.id AS result_id,
                   t.pupil_id AS pupil_id,
                   t.company_id AS company_id,
                   t.school_year_id AS school_year_id,
                   t.years_ago AS years_ago,
                   t.group_id AS group_id,
                   t.grade_id AS grade_id,
                   pu.group_id AS current_group_id,
                   t.assessment_id AS assessment_id,
                   t.domain AS domain,
                   t.moment AS moment,
                   t.date AS date,
                   f_moment AS moment_from,
                   f_date AS date_from,
                   f_school_year_id AS school_year_from_id,
                   f_grade_id AS grade_from_id,
                   f_score AS score_from,
                   t.score AS score,
                   t.score - f_score AS growth,
                   t.expected_score - f_expected AS expected_growth,
                   (t.score - f_score) - (t.expected_score - f_expected)
                       AS growth_vs_expected,
                   CASE WHEN t.expected_score IS NOT NULL AND f_expected IS NOT NULL
                        THEN CASE WHEN t.score - f_score
                                       >= t.expected_score - f_expected
                                  THEN 100.0 ELSE 0.0 END
                   END AS growth_met_pct,
                   CASE WHEN t.expected_score - f_expected > 0
                        THEN 100.0 * (t.score - f_score)
                             / (t.expected_score - f_expected)
                   END AS growth_ratio,
                   f_level AS level_from,
                   t.level AS level,
                   t.dle - f_dle AS dle_growth
            """
        )
        create_view(
            self.env,
            self._table,
            SQL(
                """
            SELECT t.id * 2 AS id, 'next' AS span, %(columns)s
              FROM (
                SELECT b.*,
                       LAG(b.id) OVER w AS f_id,
                       LAG(b.moment) OVER w AS f_moment,
                       LAG(b.date) OVER w AS f_date,
                       LAG(b.school_year_id) OVER w AS f_school_year_id,
                       LAG(b.grade_id) OVER w AS f_grade_id,
                       LAG(b.score) OVER w AS f_score,
                       LAG(b.expected_score) OVER w AS f_expected,
                       LAG(b.level) OVER w AS f_level,
                       LAG(b.dle) OVER w AS f_dle
                  FROM (%(base)s) b
                WINDOW w AS (
                    PARTITION BY b.company_id, b.pupil_id, b.assessment_id
                    ORDER BY b.date, b.id
                )
              ) t
              JOIN ib_pupil pu ON pu.id = t.pupil_id
             WHERE t.f_id IS NOT NULL
            UNION ALL
            SELECT t.id * 2 + 1 AS id, 'year' AS span, %(columns)s
              FROM (%(base)s) t
              JOIN (
                SELECT f.pupil_id AS f_pupil_id,
                       f.assessment_id AS f_assessment_id,
                       f.year_start AS f_year_start, f.moment AS f_moment,
                       f.date AS f_date, f.school_year_id AS f_school_year_id,
                       f.grade_id AS f_grade_id, f.score AS f_score,
                       f.expected_score AS f_expected, f.level AS f_level,
                       f.dle AS f_dle
                  FROM (%(base)s) f
              ) f
                ON f.f_pupil_id = t.pupil_id
               AND f.f_assessment_id = t.assessment_id
               AND f.f_moment = t.moment
               AND f.f_year_start BETWEEN t.year_start - INTERVAL '13 months'
                                      AND t.year_start - INTERVAL '11 months'
              JOIN ib_pupil pu ON pu.id = t.pupil_id
            """,
                columns=columns,
                base=base,
            ),
        )
