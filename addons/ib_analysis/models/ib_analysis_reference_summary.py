from odoo import fields, models
from odoo.tools import SQL, drop_view_if_exists

from .analysis_sql import REF_DOMAIN, REF_DOMAINS, create_view

SUMMARY_DOMAINS = [*REF_DOMAINS, ("all", "Reading, Language and Maths")]


class IbAnalysisReferenceSummary(models.Model):
    """Per school, school year and subject: the share of group 8 pupils that
    reached 1F and 2F/1S in the final test, that year and over the last three
    school years together (the pupils of the three years pooled, as the
    inspectorate counts), next to the school's signal values.

    School-level figures without pupils: for the director and the care
    coordinator only."""

    _name = "ib.analysis.reference.summary"
    _description = "Reference Levels per School Year"
    _auto = False
    _order = "company_id, school_year_start desc, ref_domain"

    company_id = fields.Many2one("res.company", string="School", readonly=True)
    school_year_id = fields.Many2one("ib.school.year", readonly=True)
    school_year_start = fields.Date(readonly=True)
    ref_domain = fields.Selection(SUMMARY_DOMAINS, string="Subject", readonly=True)
    pupil_count = fields.Integer(
        string="Results", readonly=True, help="Results of the final test that year."
    )
    pct_1f = fields.Float(string="1F (%)", readonly=True, aggregator="avg")
    pct_2f = fields.Float(string="2F/1S (%)", readonly=True, aggregator="avg")
    pupil_count_3y = fields.Integer(string="Results (3 Years)", readonly=True)
    years_3y = fields.Integer(
        string="Years Counted",
        readonly=True,
        aggregator="max",
        help="How many of the last three school years have final test results.",
    )
    pct_1f_3y = fields.Float(string="1F 3-Year (%)", readonly=True, aggregator="avg")
    pct_2f_3y = fields.Float(string="2F/1S 3-Year (%)", readonly=True, aggregator="avg")
    signal_1f = fields.Float(
        string="Signal Value 1F (%)", readonly=True, aggregator="avg"
    )
    signal_2f = fields.Float(
        string="Signal Value 2F/1S (%)", readonly=True, aggregator="avg"
    )
    below_1f = fields.Boolean(string="Below Signal 1F", readonly=True)
    below_2f = fields.Boolean(string="Below Signal 2F/1S", readonly=True)

    def init(self):
        drop_view_if_exists(self.env.cr, self._table)
        create_view(
            self.env,
            self._table,
            SQL(
                """
            WITH rows AS (
                SELECT r.company_id, r.school_year_id, sy.date_start,
                       %(ref_domain)s AS ref_domain, r.ib_reference_level AS lvl
                  FROM ib_assessment_result r
                  JOIN ib_assessment a ON a.id = r.assessment_id AND a.ib_final_test
                  JOIN ib_school_year sy ON sy.id = r.school_year_id
                 WHERE r.ib_reference_level IS NOT NULL
            ),
            yearly AS (
                SELECT company_id, school_year_id, date_start,
                       COALESCE(ref_domain, 'all') AS ref_domain,
                       COUNT(*)::int AS n,
                       (COUNT(*) FILTER (WHERE lvl IN ('1f', '2f')))::int AS n_1f,
                       (COUNT(*) FILTER (WHERE lvl = '2f'))::int AS n_2f
                  FROM rows
                 WHERE ref_domain IS NOT NULL
                 GROUP BY GROUPING SETS (
                     (company_id, school_year_id, date_start, ref_domain),
                     (company_id, school_year_id, date_start)
                 )
            ),
            windowed AS (
                SELECT y.*,
                       SUM(n) OVER w AS n_3y,
                       SUM(n_1f) OVER w AS n_1f_3y,
                       SUM(n_2f) OVER w AS n_2f_3y,
                       COUNT(*) OVER w AS years_3y
                  FROM yearly y
                WINDOW w AS (
                    PARTITION BY company_id, ref_domain
                    ORDER BY date_start
                    RANGE BETWEEN INTERVAL '2 years 6 months' PRECEDING
                              AND CURRENT ROW
                )
            )
            SELECT w.school_year_id * 4 + CASE w.ref_domain
                       WHEN 'reading' THEN 0 WHEN 'language' THEN 1
                       WHEN 'maths' THEN 2 ELSE 3 END AS id,
                   w.company_id AS company_id,
                   w.school_year_id AS school_year_id,
                   w.date_start AS school_year_start,
                   w.ref_domain AS ref_domain,
                   w.n AS pupil_count,
                   ROUND(100.0 * w.n_1f / w.n, 1) AS pct_1f,
                   ROUND(100.0 * w.n_2f / w.n, 1) AS pct_2f,
                   w.n_3y::int AS pupil_count_3y,
                   w.years_3y::int AS years_3y,
                   ROUND(100.0 * w.n_1f_3y / w.n_3y, 1) AS pct_1f_3y,
                   ROUND(100.0 * w.n_2f_3y / w.n_3y, 1) AS pct_2f_3y,
                   c.ib_ref_signal_1f AS signal_1f,
                   c.ib_ref_signal_2f AS signal_2f,
                   ROUND(100.0 * w.n_1f_3y / w.n_3y, 1) < c.ib_ref_signal_1f
                       AS below_1f,
                   ROUND(100.0 * w.n_2f_3y / w.n_3y, 1) < c.ib_ref_signal_2f
                       AS below_2f
              FROM windowed w
              JOIN res_company c ON c.id = w.company_id
            """,
                ref_domain=REF_DOMAIN,
            ),
        )
