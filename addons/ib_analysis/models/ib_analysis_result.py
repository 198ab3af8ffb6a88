from odoo import fields, models
from odoo.tools import SQL, drop_view_if_exists

from odoo.addons.ib_care_plans.models.ib_assessment import (
    DOMAINS,
    MOMENTS,
    PUBLISHERS,
    SCALES,
)
from odoo.addons.ib_care_plans.models.result_rules import SIGNALS

from .analysis_sql import DIDACTIC_AGE, EXPECTED_SCORE, YEARS_AGO, create_view, share


class IbAnalysisResult(models.Model):
    """One row per test result, with the figures the school analysis groups and
    averages: level distribution, share at or above the norm, the norm band,
    the cohort and the didactic age. Read with the access of the results."""

    _name = "ib.analysis.result"
    _description = "Results Analysis"
    _inherit = ["ib.analysis.pupil.mixin"]
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "pupil_id"

    result_id = fields.Many2one(
        "ib.assessment.result", string="Test Result", readonly=True
    )
    pupil_id = fields.Many2one("ib.pupil", readonly=True)
    company_id = fields.Many2one("res.company", string="School", readonly=True)
    school_year_id = fields.Many2one("ib.school.year", readonly=True)
    years_ago = fields.Integer(
        string="School Years Ago",
        readonly=True,
        aggregator=None,
        help="0: the current school year, 1: last year...",
    )
    moment = fields.Selection(MOMENTS, readonly=True)
    date = fields.Date(string="Test Date", readonly=True)
    group_id = fields.Many2one(
        "ib.group", readonly=True, help="The group at the time of the test."
    )
    grade_id = fields.Many2one("ib.grade", readonly=True)
    current_group_id = fields.Many2one(
        "ib.group",
        readonly=True,
        help="The pupil's group this school year: follow a group's pupils back "
        "through the grades.",
    )
    cohort_year = fields.Integer(
        string="Cohort (Leaves in)",
        readonly=True,
        aggregator=None,
        help="The calendar year in which the pupils finish group 8: the same "
        "pupils through the grades.",
    )
    assessment_id = fields.Many2one("ib.assessment", string="Test", readonly=True)
    domain = fields.Selection(DOMAINS, readonly=True)
    publisher = fields.Selection(PUBLISHERS, string="Publisher/Method", readonly=True)
    level_scale = fields.Selection(SCALES, string="Levels", readonly=True)
    level_label = fields.Char(readonly=True)
    signal = fields.Selection(SIGNALS, readonly=True)
    score = fields.Float(readonly=True, aggregator="avg")
    percentile = fields.Float(readonly=True, aggregator="avg")
    level = fields.Float(
        string="Level (1-5)",
        readonly=True,
        aggregator="avg",
        help="1 is the highest band (I or A), 5 the lowest (V or E).",
    )
    at_norm_pct = fields.Float(
        string="At or Above Norm (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the results at level I-III (A-C).",
    )
    level_1_pct = fields.Float(string="I / A (%)", readonly=True, aggregator="avg")
    level_2_pct = fields.Float(string="II / B (%)", readonly=True, aggregator="avg")
    level_3_pct = fields.Float(string="III / C (%)", readonly=True, aggregator="avg")
    level_4_pct = fields.Float(string="IV / D (%)", readonly=True, aggregator="avg")
    level_5_pct = fields.Float(string="V / E (%)", readonly=True, aggregator="avg")
    norm_floor = fields.Float(
        string="Norm: Lowest Score III/C",
        readonly=True,
        aggregator="avg",
        help="The lowest score at the norm (level III or C).",
    )
    norm_expected = fields.Float(
        string="Expected Score",
        readonly=True,
        aggregator="avg",
        help="The norm's expected score (the national median).",
    )
    dle = fields.Float(string="DLE", readonly=True, aggregator="avg")
    dl = fields.Float(
        string="DL",
        readonly=True,
        aggregator="avg",
        help="Didactic age: months of education since the start of group 3.",
    )
    dle_ratio = fields.Float(
        string="Learning Yield DLE/DL (%)",
        readonly=True,
        aggregator="avg",
        help="DLE divided by DL: 100 % is the national average.",
    )

    def init(self):
        drop_view_if_exists(self.env.cr, self._table)
        level = SQL("r.level")
        rated = SQL("r.level BETWEEN 1 AND 5")
        create_view(
            self.env,
            self._table,
            SQL(
                """
            SELECT r.id AS id,
                   r.id AS result_id,
                   r.pupil_id AS pupil_id,
                   r.company_id AS company_id,
                   r.school_year_id AS school_year_id,
                   %(years_ago)s AS years_ago,
                   r.moment AS moment,
                   r.date AS date,
                   r.group_id AS group_id,
                   r.grade_id AS grade_id,
                   p.group_id AS current_group_id,
                   EXTRACT(YEAR FROM sy.date_end)::int + 8 - gr.number AS cohort_year,
                   r.assessment_id AS assessment_id,
                   r.domain AS domain,
                   a.publisher AS publisher,
                   a.level_scale AS level_scale,
                   r.level_label AS level_label,
                   r.signal AS signal,
                   NULLIF(r.score, 0) AS score,
                   NULLIF(r.percentile, 0) AS percentile,
                   NULLIF(r.level, 0) AS level,
                   %(at_norm)s AS at_norm_pct,
                   %(level_1)s AS level_1_pct,
                   %(level_2)s AS level_2_pct,
                   %(level_3)s AS level_3_pct,
                   %(level_4)s AS level_4_pct,
                   %(level_5)s AS level_5_pct,
                   n.min_level_3 AS norm_floor,
                   %(expected)s AS norm_expected,
                   NULLIF(r.ib_dle, 0) AS dle,
                   %(dl)s AS dl,
                   CASE WHEN r.ib_dle > 0 AND %(dl)s > 0
                        THEN 100.0 * r.ib_dle / %(dl)s END AS dle_ratio
              FROM ib_assessment_result r
              JOIN ib_assessment a ON a.id = r.assessment_id
              JOIN ib_school_year sy ON sy.id = r.school_year_id
              JOIN ib_pupil p ON p.id = r.pupil_id
         LEFT JOIN ib_grade gr ON gr.id = r.grade_id
         LEFT JOIN ib_assessment_norm n
                ON n.assessment_id = r.assessment_id
               AND n.grade_id = r.grade_id
               AND n.moment = r.moment
            """,
                years_ago=YEARS_AGO,
                at_norm=share(SQL("%s <= 3", level), rated),
                level_1=share(SQL("%s = 1", level), rated),
                level_2=share(SQL("%s = 2", level), rated),
                level_3=share(SQL("%s = 3", level), rated),
                level_4=share(SQL("%s = 4", level), rated),
                level_5=share(SQL("%s = 5", level), rated),
                expected=EXPECTED_SCORE,
                dl=DIDACTIC_AGE,
            ),
        )

    def action_open_result(self):
        self.ensure_one()
        return self.result_id.get_formview_action()
