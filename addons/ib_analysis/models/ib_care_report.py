import io
from collections import defaultdict
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import formatLang

PERIODS = [
    ("first", "First Half (August-January)"),
    ("second", "Second Half (February-July)"),
    ("year", "Whole School Year"),
]
# Counts of pupils below this are shown as "< 5" in a report that leaves the
# care team: small numbers identify children.
SMALL_NUMBER = 5
SUPPRESSED = "< 5"
NO_VALUE = "-"
# An automatic report is made for a period that ended at most this long ago.
AUTO_REPORT_DAYS = 31


class IbCareReport(models.Model):
    """The care report (zorgverslag) of one school over a period: support
    requests, plans, OPPs, interventions, results and signals, for the director
    and the participation council.

    The figures are computed when the report is shown, printed or exported, as
    the user who asks (record rules apply); a scheduled action makes the report
    of each period when it ends and posts it in this chatter for the directors.
    """

    _name = "ib.care.report"
    _description = "Care Report"
    _inherit = ["ib.write.guard.mixin", "mail.thread"]
    # School-level figures, not about a pupil: Odoo's own chatter.
    _ib_thread_policy = "staff"
    _order = "date_to desc, company_id, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    school_year_id = fields.Many2one(
        "ib.school.year",
        required=True,
        index=True,
        check_company=True,
        ondelete="restrict",
        default=lambda self: self.env["ib.school.year"]._get_current(),
    )
    period = fields.Selection(PERIODS, required=True, default="year")
    date_from = fields.Date(compute="_compute_dates", store=True, string="From")
    date_to = fields.Date(compute="_compute_dates", store=True, string="To")
    suppress_small_numbers = fields.Boolean(
        string="Hide Small Numbers",
        default=True,
        help="Show counts below 5 pupils as '< 5', and no share of fewer than 5 "
        "pupils: required for a report that leaves the care team (director, "
        "participation council). Clear it only for the care team itself.",
    )
    automatic = fields.Boolean(
        readonly=True, help="Made by the scheduled action at the end of the period."
    )
    report_html = fields.Html(
        string="Report", compute="_compute_report_html", sanitize=False
    )

    _company_year_period_auto_uniq = models.UniqueIndex(
        "(company_id, school_year_id, period) WHERE automatic",
        "The scheduled action makes one report per school and period.",
    )

    @api.depends("company_id.name", "school_year_id.name", "period")
    def _compute_name(self):
        periods = dict(self._fields["period"]._description_selection(self.env))
        for report in self:
            report.name = self.env._(
                "Care report %(school)s %(year)s (%(period)s)",
                school=report.company_id.name or "",
                year=report.school_year_id.name or "",
                period=periods.get(report.period, ""),
            )

    @api.depends("school_year_id.date_start", "school_year_id.date_end", "period")
    def _compute_dates(self):
        for report in self:
            report.date_from, report.date_to = report._ib_period_dates(
                report.school_year_id, report.period
            )

    @api.model
    def _ib_period_dates(self, year, period):
        if not year.date_start or not year.date_end:
            return False, False
        split = date(year.date_end.year, 2, 1)
        split = min(max(split, year.date_start + timedelta(days=1)), year.date_end)
        if period == "first":
            return year.date_start, split - timedelta(days=1)
        if period == "second":
            return split, year.date_end
        return year.date_start, year.date_end

    def _compute_report_html(self):
        for report in self:
            report.report_html = self.env["ir.qweb"]._render(
                "ib_analysis.care_report_sections",
                {"o": report, "sections": report._ib_report_sections()},
            )

    # ----------------------------------------------------------------- figures
    def _ib_count(self, value):
        """A count of pupils (or records about pupils) as the report shows it."""
        # 0 too: the issue asks for no count below 5 in a report that leaves the team
        if self.suppress_small_numbers and value < SMALL_NUMBER:
            return SUPPRESSED
        return value

    def _ib_share(self, part, total):
        """A percentage with one decimal; none of fewer than 5 pupils."""
        if not total:
            return NO_VALUE
        if self.suppress_small_numbers and total < SMALL_NUMBER:
            return SUPPRESSED
        return round(100.0 * part / total, 1)

    def _ib_average(self, values, digits=1):
        if not values:
            return NO_VALUE
        if self.suppress_small_numbers and len(values) < SMALL_NUMBER:
            return SUPPRESSED
        return round(sum(values) / len(values), digits)

    def _ib_format(self, value):
        """The text of one cell in the PDF and on the form."""
        if isinstance(value, bool) or value is None:
            return NO_VALUE
        if isinstance(value, int):
            return str(value)
        if isinstance(value, float):
            return formatLang(self.env, value, digits=1)
        return value

    def _ib_is_mark(self, value):
        """Cells that mark the school below a signal value."""
        return isinstance(value, str) and value == self.env._("Below")

    def _ib_selection(self, model, field):
        return dict(self.env[model]._fields[field]._description_selection(self.env))

    def _ib_period_domain(self, field, as_datetime=False):
        self.ensure_one()
        if as_datetime:
            return [
                (field, ">=", fields.Datetime.to_datetime(self.date_from)),
                (field, "<", fields.Datetime.to_datetime(self.date_to + timedelta(1))),
            ]
        return [(field, ">=", self.date_from), (field, "<=", self.date_to)]

    def _ib_report_sections(self):
        """The sections of the report, in order: each a dict with ``key``,
        ``title``, ``columns`` (labels), ``rows`` (lists of cells: int, float or
        text) and an optional ``note``. Bridge addons add their sections by
        extending this method. A constant number of queries whatever the data."""
        self.ensure_one()
        if not self.date_from:
            return []
        return [
            self._ib_section_support_requests(),
            self._ib_section_plans(),
            self._ib_section_opp(),
            self._ib_section_interventions(),
            self._ib_section_results(),
            self._ib_section_reference_levels(),
            self._ib_section_signals(),
        ]

    def _ib_section_support_requests(self):
        requests = self.env["ib.support.request"].search_fetch(
            [
                ("company_id", "=", self.company_id.id),
                *self._ib_period_domain("create_date", as_datetime=True),
            ],
            ["care_domain", "create_date", "date_answered"],
        )
        by_domain = defaultdict(lambda: {"count": 0, "answered": []})
        for request in requests:
            row = by_domain[request.care_domain]
            row["count"] += 1
            if request.date_answered:
                row["answered"].append(
                    (request.date_answered - request.create_date.date()).days
                )
        labels = self._ib_selection("ib.support.request", "care_domain")
        rows = []
        all_answered = []
        for key, label in labels.items():
            if key not in by_domain:
                continue
            row = by_domain[key]
            all_answered += row["answered"]
            rows.append(
                [
                    label,
                    self._ib_count(row["count"]),
                    self._ib_count(len(row["answered"])),
                    self._ib_average(row["answered"]),
                ]
            )
        rows.append(
            [
                self.env._("Total"),
                self._ib_count(len(requests)),
                self._ib_count(len(all_answered)),
                self._ib_average(all_answered),
            ]
        )
        return {
            "key": "support_requests",
            "title": self.env._("Support requests"),
            "columns": [
                self.env._("Subject"),
                self.env._("Requests"),
                self.env._("Answered"),
                self.env._("Days to first answer (average)"),
            ],
            "rows": rows,
        }

    def _ib_running_plans(self, extra=()):
        return self.env["ib.care.plan"].search_fetch(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "!=", "draft"),
                ("date_start", "<=", self.date_to),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", self.date_from),
                *extra,
            ],
            ["kind", "state", "agreement_state"],
        )

    def _ib_section_plans(self):
        plans = self._ib_running_plans()
        goals = self.env["ib.care.plan.goal"].search_fetch(
            [("plan_id", "in", plans.ids)], ["plan_id", "result"]
        )
        kind_of = {plan.id: plan.kind for plan in plans}
        figures = defaultdict(
            lambda: {
                "plans": 0,
                "evaluated": 0,
                "goals": 0,
                "results": defaultdict(int),
            }
        )
        for plan in plans:
            figures[plan.kind]["plans"] += 1
            if plan.state in ("evaluated", "closed"):
                figures[plan.kind]["evaluated"] += 1
        for goal in goals:
            row = figures[kind_of[goal.plan_id.id]]
            row["goals"] += 1
            if goal.result:
                row["results"][goal.result] += 1
        rows = []
        for key, label in self._ib_selection("ib.care.plan", "kind").items():
            if key not in figures:
                continue
            row = figures[key]
            evaluated_goals = sum(row["results"].values())
            rows.append(
                [
                    label,
                    self._ib_count(row["plans"]),
                    self._ib_count(row["evaluated"]),
                    row["goals"],
                    row["results"]["achieved"],
                    row["results"]["partly"],
                    row["results"]["not_achieved"],
                    self._ib_share(row["results"]["achieved"], evaluated_goals),
                ]
            )
        return {
            "key": "plans",
            "title": self.env._("Plans"),
            "columns": [
                self.env._("Kind"),
                self.env._("Plans"),
                self.env._("Evaluated"),
                self.env._("Goals"),
                self.env._("Achieved"),
                self.env._("Partly"),
                self.env._("Not achieved"),
                self.env._("Goals achieved (%)"),
            ],
            "rows": rows,
            "note": self.env._(
                "Plans running in the period; goals as evaluated so far."
            ),
        }

    def _ib_section_opp(self):
        opps = self._ib_running_plans([("kind", "=", "opp")])
        counts = defaultdict(int)
        for opp in opps:
            counts[opp.agreement_state or "none"] += 1
        labels = self._ib_selection("ib.care.plan", "agreement_state")
        rows = [[label, self._ib_count(counts[key])] for key, label in labels.items()]
        rows.append([self.env._("Total OPPs"), self._ib_count(len(opps))])
        return {
            "key": "opp",
            "title": self.env._(
                "Development perspective plans (OPP) and parents' agreement"
            ),
            "columns": [self.env._("Agreement of the parents"), self.env._("OPPs")],
            "rows": rows,
        }

    def _ib_section_interventions(self):
        groups = self.env["ib.care.intervention.report"]._read_group(
            [
                ("company_id", "=", self.company_id.id),
                ("school_year_id", "=", self.school_year_id.id),
            ],
            ["intervention_id"],
            [
                "line_count:sum",
                "hours_per_week:sum",
                "cost:sum",
                "goals_achieved:sum",
                "goals_partly:sum",
                "goals_not_achieved:sum",
            ],
        )
        rows = []
        for intervention, used, hours, cost, achieved, partly, not_achieved in groups:
            evaluated = achieved + partly + not_achieved
            rows.append(
                [
                    intervention.display_name,
                    self._ib_count(used),
                    round(hours, 1),
                    round(cost, 2),
                    self._ib_share(achieved, evaluated),
                ]
            )
        return {
            "key": "interventions",
            "title": self.env._("Interventions"),
            "columns": [
                self.env._("Intervention"),
                self.env._("Times used"),
                self.env._("Hours per week"),
                self.env._("Cost per year"),
                self.env._("Goals achieved (%)"),
            ],
            "rows": rows,
            "note": self.env._("Over the whole school year of the report."),
        }

    def _ib_section_results(self):
        Result = self.env["ib.analysis.result"]
        last_from = self.date_from - relativedelta(years=1)
        last_to = self.date_to - relativedelta(years=1)
        # at_norm_pct:count counts the results with a level
        base = [("company_id", "=", self.company_id.id)]
        now = dict(
            ((d, (count, share)))
            for d, count, share in Result._read_group(
                [*base, *self._ib_period_domain("date")],
                ["domain"],
                ["at_norm_pct:count", "at_norm_pct:avg"],
            )
            if count
        )
        before = dict(
            ((d, (count, share)))
            for d, count, share in Result._read_group(
                [*base, ("date", ">=", last_from), ("date", "<=", last_to)],
                ["domain"],
                ["at_norm_pct:count", "at_norm_pct:avg"],
            )
            if count
        )
        # growth_met_pct:count counts the pairs with an expected growth
        growth = dict(
            ((d, (count, share)))
            for d, count, share in self.env["ib.analysis.growth"]._read_group(
                [
                    ("company_id", "=", self.company_id.id),
                    ("span", "=", "next"),
                    *self._ib_period_domain("date"),
                ],
                ["domain"],
                ["growth_met_pct:count", "growth_met_pct:avg"],
            )
        )
        rows = []
        for key, label in self._ib_selection("ib.analysis.result", "domain").items():
            if key not in now:
                continue
            count, share = now[key]
            row = [label, self._ib_count(count), self._ib_rounded_share(share, count)]
            if key in before:
                row.append(self._ib_rounded_share(*reversed(before[key])))
            else:
                row.append(NO_VALUE)
            if key in growth:
                row.append(self._ib_rounded_share(*reversed(growth[key])))
            else:
                row.append(NO_VALUE)
            rows.append(row)
        return {
            "key": "results",
            "title": self.env._("Test results"),
            "columns": [
                self.env._("Domain"),
                self.env._("Results"),
                self.env._("At or above the norm (%)"),
                self.env._("Same period last year (%)"),
                self.env._("Expected growth reached (%)"),
            ],
            "rows": rows,
            "note": self.env._(
                "At or above the norm: level I-III (A-C). Expected growth: the "
                "growth since the previous test at least the growth the norm "
                "expects."
            ),
        }

    def _ib_rounded_share(self, share, count):
        if not count:
            return NO_VALUE
        if self.suppress_small_numbers and count < SMALL_NUMBER:
            return SUPPRESSED
        return round(share or 0.0, 1)

    def _ib_section_reference_levels(self):
        summary = self.env["ib.analysis.reference.summary"].search_fetch(
            [
                ("company_id", "=", self.company_id.id),
                ("school_year_start", "<=", self.school_year_id.date_start),
            ],
            [
                "school_year_id",
                "school_year_start",
                "ref_domain",
                "pupil_count",
                "pct_1f",
                "pct_2f",
                "pupil_count_3y",
                "pct_1f_3y",
                "pct_2f_3y",
                "signal_1f",
                "signal_2f",
                "below_1f",
                "below_2f",
            ],
            order="school_year_start desc",
        )
        latest = summary[:1].school_year_id
        labels = self._ib_selection("ib.analysis.reference.summary", "ref_domain")
        order = list(labels)
        rows = []
        lines = summary.filtered(lambda s: s.school_year_id == latest)
        for line in lines.sorted(lambda s: order.index(s.ref_domain)):
            rows.append(
                [
                    labels[line.ref_domain],
                    self._ib_count(line.pupil_count),
                    self._ib_rounded_share(line.pct_1f_3y, line.pupil_count_3y),
                    line.signal_1f,
                    self.env._("Below") if line.below_1f else self.env._("OK"),
                    self._ib_rounded_share(line.pct_2f_3y, line.pupil_count_3y),
                    line.signal_2f,
                    self.env._("Below") if line.below_2f else self.env._("OK"),
                ]
            )
        return {
            "key": "reference_levels",
            "title": self.env._("Reference levels at the end of group 8"),
            "columns": [
                self.env._("Subject"),
                self.env._("Results %s", latest.name)
                if latest
                else self.env._("Results"),
                self.env._("1F, 3 years (%)"),
                self.env._("Signal value 1F (%)"),
                self.env._("1F"),
                self.env._("2F/1S, 3 years (%)"),
                self.env._("Signal value 2F/1S (%)"),
                self.env._("2F/1S"),
            ],
            "rows": rows,
            "note": self.env._(
                "Final test of group 8, the pupils of the last three school years "
                "together, against the school's signal values."
            ),
        }

    def _ib_section_signals(self):
        signals = self.env["ib.assessment.result"].search_fetch(
            [
                ("company_id", "=", self.company_id.id),
                ("signal", "!=", False),
                *self._ib_period_domain("date"),
            ],
            ["pupil_id", "date", "signal"],
        )
        pupils = signals.pupil_id
        first_date = min(signals.mapped("date"), default=self.date_from)
        follow_up = defaultdict(list)
        for request in self.env["ib.support.request"].search_fetch(
            [
                ("pupil_id", "in", pupils.ids),
                ("create_date", ">=", fields.Datetime.to_datetime(first_date)),
            ],
            ["pupil_id", "create_date"],
        ):
            follow_up[request.pupil_id.id].append(request.create_date.date())
        for plan in self.env["ib.care.plan"].search_fetch(
            [
                ("pupil_id", "in", pupils.ids),
                ("date_start", ">=", first_date),
            ],
            ["pupil_id", "date_start"],
        ):
            follow_up[plan.pupil_id.id].append(plan.date_start)
        counts = defaultdict(lambda: [0, 0])
        for result in signals:
            counts[result.signal][0] += 1
            if any(day >= result.date for day in follow_up[result.pupil_id.id]):
                counts[result.signal][1] += 1
        rows = [
            [label, self._ib_count(counts[key][0]), self._ib_count(counts[key][1])]
            for key, label in self._ib_selection(
                "ib.assessment.result", "signal"
            ).items()
        ]
        return {
            "key": "signals",
            "title": self.env._("Signals from test results"),
            "columns": [
                self.env._("Signal"),
                self.env._("Signals"),
                self.env._("Followed up (support request or plan since)"),
            ],
            "rows": rows,
        }

    # ----------------------------------------------------------------- actions
    def action_print(self):
        return self.env.ref("ib_analysis.ib_care_report_action_pdf").report_action(self)

    def action_export_xlsx(self):
        self.ensure_one()
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{self.name}.xlsx",
                "raw": self._ib_xlsx(),
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/vnd.openxmlformats-officedocument."
                "spreadsheetml.sheet",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    def _ib_xlsx(self):
        """The report as a workbook: one sheet, a block per section. Every text
        is written as a string, never as a formula."""
        import xlsxwriter  # pylint: disable=import-outside-toplevel

        self.ensure_one()
        report = self.with_context(lang=self._ib_report_lang())
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = workbook.add_worksheet(report.env._("Care report")[:31])
        bold = workbook.add_format({"bold": True})
        title = workbook.add_format({"bold": True, "font_size": 14})
        sheet.set_column(0, 0, 40)
        sheet.set_column(1, 8, 16)
        sheet.write_string(0, 0, report.name, title)
        sheet.write_string(
            1,
            0,
            report.env._(
                "%(from)s to %(to)s",
                **{"from": str(report.date_from), "to": str(report.date_to)},
            ),
        )
        row = 3
        for section in report._ib_report_sections():
            sheet.write_string(row, 0, section["title"], bold)
            row += 1
            for col, label in enumerate(section["columns"]):
                sheet.write_string(row, col, label, bold)
            row += 1
            for cells in section["rows"]:
                for col, value in enumerate(cells):
                    if isinstance(value, (int, float)) and not isinstance(value, bool):
                        sheet.write_number(row, col, value)
                    else:
                        sheet.write_string(row, col, str(value))
                row += 1
            if section.get("note"):
                sheet.write_string(row, 0, section["note"])
                row += 1
            row += 1
        if report.suppress_small_numbers:
            sheet.write_string(row, 0, report._ib_suppression_note())
        workbook.close()
        return buffer.getvalue()

    def _ib_suppression_note(self):
        return self.env._(
            "< 5: fewer than five pupils, not shown so that no child can be recognised."
        )

    def _ib_report_lang(self):
        """Dutch when installed (the report is for Dutch readers), else the
        school's or the user's language."""
        self.ensure_one()
        langs = self.env["res.lang"]._get_active_by("code")
        for code in ("nl_NL", self.company_id.partner_id.lang, self.env.user.lang):
            if code and code in langs:
                return code
        return self.env.lang

    # -------------------------------------------------------------- scheduling
    @api.model
    def _cron_ib_period_reports(self):
        """Make the care report of each school for the period that ended lately
        and post it, with its PDF, for the school's directors."""
        today = fields.Date.context_today(self)
        years = self.env["ib.school.year"].search(
            [
                ("date_start", "<", today),
                ("date_start", ">", today - relativedelta(years=1, months=2)),
            ]
        )
        vals_list = []
        existing = {
            (r.company_id.id, r.school_year_id.id, r.period)
            for r in self.search(
                [("automatic", "=", True), ("school_year_id", "in", years.ids)]
            )
        }
        for year in years:
            for period in ("first", "second"):
                _start, end = self._ib_period_dates(year, period)
                if not end or not end < today <= end + timedelta(AUTO_REPORT_DAYS):
                    continue
                key = (year.company_id.id, year.id, period)
                if key in existing:
                    continue
                vals_list.append(
                    {
                        "company_id": year.company_id.id,
                        "school_year_id": year.id,
                        "period": period,
                        "automatic": True,
                    }
                )
        reports = self.create(vals_list)
        for report in reports:
            report._ib_post_for_directors()
        return reports

    def _ib_directors(self):
        self.ensure_one()
        group = self.env.ref("ib_core.group_ib_director")
        users = self.env["res.users"].search(
            [
                ("share", "=", False),
                ("group_ids", "in", group.ids),
                ("company_ids", "in", self.company_id.ids),
            ]
        )
        return users

    def _ib_post_for_directors(self):
        self.ensure_one()
        if not self.company_id:
            raise UserError(self.env._("The report has no school."))
        report = self.with_context(lang=self._ib_report_lang())
        content, _type = self.env["ir.actions.report"]._render_qweb_pdf(
            "ib_analysis.ib_care_report_action_pdf", self.ids
        )
        directors = self._ib_directors()
        self.message_post(
            body=Markup("<p>%s</p>")
            % report.env._(
                "The care report of %(school)s for %(period)s is ready.",
                school=self.company_id.name,
                period=f"{self.date_from} - {self.date_to}",
            ),
            attachments=[(f"{self.name}.pdf", content)],
            partner_ids=directors.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return True
