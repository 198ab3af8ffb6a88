from markupsafe import Markup, escape

from odoo import api, fields, models, tools
from odoo.exceptions import UserError

from odoo.addons.ib_care_plans.models.ib_assessment import DOMAINS
from odoo.addons.ib_care_plans.models.ib_care_plan import EXIT_LEVELS

from . import forecast_engine as engine
from .ib_exit_level_threshold import EXIT_LADDER, MEASURES

STAFF = "ib_core.group_ib_teacher"
COURSES = [
    ("on_course", "On Course"),
    ("ahead", "Ahead"),
    ("behind", "Behind"),
]


class IbCarePlan(models.Model):
    """The OPP's learning lines and its forecast of the exit level.

    The forecast is computed when read, as the reading user, from the test
    results that user may read (the results' own rules): it is never stored,
    so it follows every new result. Staff only (``groups``); the parents'
    portal page of the OPP prints a list of its own fields and none of these.
    """

    _inherit = "ib.care.plan"

    learning_line_ids = fields.Many2many(
        "ib.learning.line",
        "ib_care_plan_learning_line_rel",
        "plan_id",
        "line_id",
        string="Learning Lines",
        groups=STAFF,
        help="The learning lines the pupil follows on their own level.",
    )
    learning_position = fields.Html(
        string="Position on the Learning Lines",
        compute="_compute_learning_position",
        sanitize=False,  # built with escape() from names and numbers only
        groups=STAFF,
    )
    forecast_domain = fields.Selection(
        DOMAINS,
        default="maths",
        groups=STAFF,
        help="The domain whose test results give the forecast of the exit level.",
    )
    forecast_measure = fields.Selection(
        MEASURES,
        string="Forecast By",
        default="score",
        groups=STAFF,
        help="Ability score: the line through the scores of the latest test over "
        "time. DLE: the growth of the DLE per month of education.",
    )
    forecast_ready = fields.Boolean(compute="_compute_forecast", groups=STAFF)
    forecast_value = fields.Float(
        string="Expected Value at the End of Group 8",
        compute="_compute_forecast",
        digits=(6, 1),
        groups=STAFF,
    )
    forecast_growth = fields.Float(
        string="Growth So Far",
        compute="_compute_forecast",
        digits=(6, 2),
        groups=STAFF,
        help="Score points per year, or DLE months per month of education.",
    )
    forecast_level = fields.Selection(
        [(key, label) for key, label in EXIT_LEVELS if key in EXIT_LADDER],
        string="Forecast Exit Level",
        compute="_compute_forecast",
        groups=STAFF,
    )
    forecast_course = fields.Selection(
        COURSES,
        string="Against the Expected Exit Level",
        compute="_compute_forecast",
        groups=STAFF,
    )
    forecast_reason = fields.Char(
        string="No Forecast Yet",
        compute="_compute_forecast",
        groups=STAFF,
    )
    forecast_text = fields.Text(
        string="Forecast", compute="_compute_forecast", groups=STAFF
    )
    forecast_chart = fields.Html(
        compute="_compute_forecast",
        sanitize=False,  # forecast_engine.forecast_svg: numbers and escaped text
        groups=STAFF,
    )

    # ------------------------------------------------------------ learning lines
    @api.depends("pupil_id", "learning_line_ids")
    @api.depends_context("uid", "lang")
    def _compute_learning_position(self):
        plans = self.filtered(lambda p: p.pupil_id and p.learning_line_ids)
        (self - plans).learning_position = False
        if not plans:
            return
        Progress = self.env["ib.learning.progress"]
        positions = Progress._ib_positions(plans.pupil_id, plans.learning_line_ids)
        for plan in plans:
            plan.learning_position = Progress._ib_position_html(
                plan.pupil_id, plan.learning_line_ids, positions
            )

    # ------------------------------------------------------------------ forecast
    @api.depends(
        "kind",
        "pupil_id",
        "company_id",
        "exit_level",
        "forecast_domain",
        "forecast_measure",
    )
    @api.depends_context("uid", "lang")
    def _compute_forecast(self):
        empty = {
            "forecast_ready": False,
            "forecast_value": 0.0,
            "forecast_growth": 0.0,
            "forecast_level": False,
            "forecast_course": False,
            "forecast_reason": False,
            "forecast_text": False,
            "forecast_chart": False,
        }
        opps = self.filtered(lambda p: p.kind == "opp" and p.pupil_id)
        for plan in self - opps:
            plan.update(empty)
        if not opps:
            return
        Result = self.env["ib.assessment.result"]
        results = Result
        if Result.has_access("read"):
            # one search for every plan, as the user: their results' rules apply
            results = Result.search(
                [
                    ("pupil_id", "in", opps.pupil_id.ids),
                    ("domain", "in", list(set(opps.mapped("forecast_domain")))),
                ],
                order="date, id",
            )
        # the exit-level tables looked up once per school, domain, measure, test
        tables = {}
        for plan in opps:
            rows = results.filtered(
                lambda r, p=plan: (
                    r.pupil_id == p.pupil_id and r.domain == p.forecast_domain
                )
            )
            values = dict(empty)
            values.update(plan._ib_forecast_values(rows, tables))
            plan.update(values)

    def _ib_forecast_points(self, rows):
        """(points, target x, minimum span, test, axis texts) of the plan's
        measure, or a reason why there is no end of group 8 to aim at."""
        self.ensure_one()
        if (self.forecast_measure or "score") == "dle":
            points = []
            for result in rows:
                if not (result.ib_dle and result.grade_id):
                    continue
                age = engine.didactic_age(
                    result.grade_id.number,
                    result.date,
                    result.school_year_id.date_start,
                )
                if age is not None:
                    points.append((age, result.ib_dle))
            ticks = [
                (10 * (grade - 2), self.env._("end gr. %s", grade))
                for grade in range(3, 9)
            ]
            if points:
                lowest = min(x for x, _y in points)
                ticks = [tick for tick in ticks if tick[0] >= lowest]
            return {
                "points": points,
                "target": engine.DL_END_OF_GROUP_8,
                "min_span": engine.MIN_SPAN_MONTHS,
                "test": self.env["ib.assessment"],
                "x_label": self.env._("Months of education (DL)"),
                "y_label": self.env._("DLE"),
                "ticks": ticks,
                "unit": self.env._("DLE months per month of education"),
            }
        scored = [
            r for r in rows if r.score and r.assessment_id.score_type == "ability"
        ]
        test = scored[-1].assessment_id if scored else self.env["ib.assessment"]
        scored = [r for r in scored if r.assessment_id == test]
        values = {
            "points": [],
            "target": 0.0,
            "min_span": engine.MIN_SPAN_YEARS,
            "test": test,
            "x_label": self.env._("Years since the first result"),
            "y_label": self.env._("Ability score (%s)", test.name or ""),
            "ticks": [],
            "unit": self.env._("points a year"),
        }
        graded = [r for r in scored if r.grade_id and r.school_year_id]
        if len(scored) >= engine.MIN_RESULTS and not graded:
            values["reason"] = self.env._(
                "the group of the results is unknown, so the end of group 8 "
                "cannot be dated."
            )
            return values
        first = scored[0].date if scored else False
        if first:
            last = graded[-1] if graded else scored[-1]
            end = engine.end_of_group_8(
                last.grade_id.number or 8, last.school_year_id.date_end
            )
            values["points"] = [
                (engine.years_between(first, r.date), r.score) for r in scored
            ]
            values["target"] = engine.years_between(first, end)
            values["ticks"] = [
                (0.0, tools.format_date(self.env, first)),
                (values["target"], self.env._("end of group 8")),
            ]
        return values

    def _ib_forecast_values(self, rows, tables=None):
        """The forecast fields of one OPP from its results ``rows`` (oldest
        first); ``tables`` caches the exit-level tables between plans."""
        self.ensure_one()
        domains = dict(self._fields["forecast_domain"]._description_selection(self.env))
        measures = dict(
            self._fields["forecast_measure"]._description_selection(self.env)
        )
        levels = dict(self._fields["forecast_level"]._description_selection(self.env))
        courses = dict(self._fields["forecast_course"]._description_selection(self.env))
        measure = self.forecast_measure or "score"
        domain_label = domains.get(self.forecast_domain, "")
        data = self._ib_forecast_points(rows)
        points = data["points"]
        reason = data.get("reason")
        value = slope = intercept = None
        if not reason:
            value, slope, intercept, code = engine.forecast(
                points, data["target"], data["min_span"]
            )
            if code == engine.REASON_TOO_FEW:
                reason = self.env._(
                    "%(count)s usable result(s); at least %(minimum)s are needed.",
                    count=len(points),
                    minimum=engine.MIN_RESULTS,
                )
            elif code == engine.REASON_SHORT_SPAN:
                reason = self.env._(
                    "the results lie less than half a year apart; the next test "
                    "gives a forecast."
                )
        key = (self.company_id.id, self.forecast_domain, measure, data["test"].id)
        tables = {} if tables is None else tables
        if key not in tables:
            tables[key] = self.env["ib.exit.level.threshold"]._ib_table(
                self.company_id, self.forecast_domain, measure, data["test"] or None
            )
        table = tables[key]
        chart = engine.forecast_svg(
            points,
            data["target"],
            None if reason else (slope, intercept),
            data["x_label"],
            data["y_label"],
            bands=[(minimum, levels.get(level, level)) for minimum, level in table],
            x_ticks=data["ticks"],
        )
        if reason:
            return {
                "forecast_reason": reason,
                "forecast_text": self.env._(
                    "No forecast yet for %(domain)s: %(reason)s",
                    domain=domain_label,
                    reason=reason,
                ),
                "forecast_chart": chart,
            }
        value = round(value, 1)
        level = engine.map_exit_level(value, table) if table else None
        text = self.env._(
            "Forecast for %(domain)s (%(measure)s): %(value)s at the end of group 8, "
            "from %(count)s results (growth so far: %(growth)s %(unit)s).",
            domain=domain_label,
            measure=measures.get(measure, measure),
            value=self._ib_format_score(value),
            count=len(points),
            growth=self._ib_format_score(round(slope, 2)),
            unit=data["unit"],
        )
        if not table:
            text += " " + self.env._(
                "The school has no exit-level table for this domain and measure."
            )
        elif not level:
            text += " " + self.env._(
                "This is below the lowest value of the school's exit-level table."
            )
        else:
            text += " " + self.env._(
                "Expected exit level: %s.", levels.get(level, level)
            )
        status = engine.course(level, self.exit_level, EXIT_LADDER)
        if status:
            expected = dict(self._fields["exit_level"]._description_selection(self.env))
            text += " " + self.env._(
                "Against the expected exit level of the OPP (%(expected)s): "
                "%(course)s.",
                expected=expected.get(self.exit_level, ""),
                course=courses[status].lower(),
            )
        return {
            "forecast_ready": True,
            "forecast_value": value,
            "forecast_growth": slope,
            "forecast_level": level or False,
            "forecast_course": status or False,
            "forecast_text": text,
            "forecast_chart": chart,
        }

    def action_forecast_to_evaluation(self):
        """Add the forecast to the plan's evaluation, for the yearly evaluation
        with the parents."""
        self.check_access("write")
        for plan in self:
            if plan.kind != "opp":
                raise UserError(
                    self.env._("Only an OPP has a forecast of the exit level.")
                )
            block = Markup("<p><strong>{}</strong> {}</p>").format(
                escape(
                    self.env._(
                        "Forecast of the exit level (%s):",
                        tools.format_date(self.env, fields.Date.context_today(self)),
                    )
                ),
                plan.forecast_text,
            )
            plan.evaluation = (plan.evaluation or Markup("")) + block
        return True
