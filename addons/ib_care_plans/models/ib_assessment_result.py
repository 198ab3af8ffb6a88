from collections import defaultdict
from datetime import date

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

from .ib_assessment import (
    LOWEST_LEVEL,
    MOMENTS,
    PERCENTILE_CUTOFFS,
    level_from_cutoffs,
    level_label,
)

SIGNALS = [
    ("drop", "Level dropped"),
    ("lowest", "Lowest level again"),
]
# Fields that decide the order of a pupil's results in a domain and their levels:
# writing one of them refreshes the change since the previous moment and signals.
SEQUENCE_FIELDS = {
    "pupil_id",
    "assessment_id",
    "date",
    "level",
    "score",
    "percentile",
    "grade_id",
    "moment",
    "school_year_id",
}
MANAGED_FIELDS = ("previous_level", "level_change", "signal", "level_given")
# Derived from the pupil, the school year and the test, never written: a result
# filed under another group or test session would count there (security.md,
# pitfall 10).
DERIVED_FIELDS = ("group_id", "session_id")


def default_moment_date(year, moment):
    """The usual date of a test moment in a school year: 1 February for the
    middle, 15 June for the end (clipped to the school year)."""
    if not year.date_start or not year.date_end:
        return False
    if moment == "middle":
        day = date(year.date_end.year, 2, 1)
    elif moment == "end":
        day = date(year.date_end.year, 6, 15)
    else:
        return False
    return min(max(day, year.date_start), year.date_end)


class IbAssessmentResult(models.Model):
    _name = "ib.assessment.result"
    _description = "Test Result"
    _inherit = ["ib.care.mixin", "ib.portal.fields.mixin"]
    _order = "date desc, pupil_id, assessment_id, id"
    # Privacy policy (see ib.care.mixin): care data, deleted with its chatter once
    # the care data period after leaving has passed; in the pupil file export.
    _ib_retention_class = "care"
    _ib_retention = "delete"
    _ib_file_export = True
    # What parents read of the shared results of their children, as the portal
    # page /my/test-results shows them (plus domain and share_with_parents, which
    # the page and the record rule search and order on). Remarks, signals, the
    # level change and the group are for the school only.
    _ib_portal_fields = frozenset(
        {
            "pupil_id",
            "assessment_id",
            "domain",
            "school_year_id",
            "moment",
            "date",
            "score",
            "level_label",
            "percentile",
            "share_with_parents",
        }
    )

    assessment_id = fields.Many2one(
        "ib.assessment",
        string="Test",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    domain = fields.Selection(
        related="assessment_id.domain", store=True, index=True, string="Domain"
    )
    school_year_id = fields.Many2one(
        "ib.school.year",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    moment = fields.Selection(MOMENTS, required=True, default="middle")
    date = fields.Date(
        compute="_compute_date",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        index=True,
        help="The day the test was taken; by default 1 February for the middle "
        "and 15 June for the end of the school year.",
    )
    group_id = fields.Many2one(
        "ib.group",
        compute="_compute_group_id",
        store=True,
        index=True,
        help="The pupil's group in the school year of the result.",
    )
    grade_id = fields.Many2one(
        "ib.grade",
        compute="_compute_grade_id",
        store=True,
        readonly=False,
        help="The grade whose cut-offs give the level; taken from the group unless "
        "the group combines grades.",
    )
    score = fields.Float(help="The ability or raw score, as the test reports it.")
    percentile = fields.Integer(help="Percentile (1-99), where the test gives one.")
    level = fields.Integer(
        compute="_compute_level",
        store=True,
        readonly=False,
        aggregator="avg",
        help="1 is the highest band (I or A), 5 the lowest (V or E). Derived from the "
        "score with the test's cut-offs, unless the export gives the level.",
    )
    level_given = fields.Boolean(
        string="Level from the Export",
        readonly=True,
        help="The level was given by the export or typed in: it does not follow the "
        "score and the cut-offs. Clear the level to derive it again.",
    )
    level_label = fields.Char(compute="_compute_level_label", store=True)
    previous_level = fields.Integer(
        readonly=True,
        aggregator=None,
        help="The level of the pupil's previous result in the same domain.",
    )
    level_change = fields.Integer(
        string="Change",
        readonly=True,
        help="Bands gained since the previous result in the same domain "
        "(negative: dropped).",
    )
    signal = fields.Selection(
        SIGNALS,
        readonly=True,
        index=True,
        help="Set when the level dropped by the school's threshold or more, or the "
        "pupil scored in the lowest band again.",
    )
    remarks = fields.Text()
    session_id = fields.Many2one(
        "ib.assessment.session",
        string="Test Session",
        compute="_compute_session_id",
        store=True,
        index="btree_not_null",
    )
    support_level_id = fields.Many2one(
        related="pupil_id.support_level_id", string="Support Level"
    )
    share_with_parents = fields.Boolean(
        related="assessment_id.share_with_parents", store=True, index=True
    )

    _pupil_test_moment_uniq = models.Constraint(
        "UNIQUE(pupil_id, assessment_id, school_year_id, moment)",
        "A pupil has one result per test, school year and moment.",
    )
    _level_range = models.Constraint(
        "CHECK(level BETWEEN 0 AND 5)", "A level lies between I (A) and V (E)."
    )
    _percentile_range = models.Constraint(
        "CHECK(percentile BETWEEN 0 AND 100)", "A percentile lies between 0 and 100."
    )
    _signal_idx = models.Index("(company_id, signal) WHERE signal IS NOT NULL")

    # ------------------------------------------------------------------ computes
    @api.depends("school_year_id", "moment")
    def _compute_date(self):
        defaults = {}
        for result in self:
            if not result.date and result.school_year_id:
                key = (result.school_year_id, result.moment)
                if key not in defaults:
                    defaults[key] = default_moment_date(*key)
                result.date = defaults[key]

    @api.depends("pupil_id", "school_year_id", "pupil_id.membership_ids.group_id")
    def _compute_group_id(self):
        memberships = self.env["ib.group.membership"].search_fetch(
            [
                ("pupil_id", "in", self.pupil_id.ids),
                ("school_year_id", "in", self.school_year_id.ids),
            ],
            ["pupil_id", "school_year_id", "group_id"],
        )
        groups = {(m.pupil_id.id, m.school_year_id.id): m.group_id for m in memberships}
        for result in self:
            result.group_id = groups.get(
                (result.pupil_id.id, result.school_year_id.id),
                self.env["ib.group"],
            )

    @api.depends("group_id")
    def _compute_grade_id(self):
        for result in self:
            grades = result.group_id.grade_ids
            if len(grades) == 1:
                result.grade_id = grades
            elif not result.grade_id and result.group_id:
                # a combination group: the grade comes from the export
                result.grade_id = False

    @api.depends("score", "percentile", "assessment_id", "grade_id", "moment")
    def _compute_level(self):
        norms = self._ib_norms()
        for result in self:
            if not result.level_given:
                result.level = result._ib_derive_level(norms) or 0

    @api.depends("level", "assessment_id.level_scale")
    def _compute_level_label(self):
        for result in self:
            result.level_label = level_label(
                result.level, result.assessment_id.level_scale
            )

    @api.depends("assessment_id", "school_year_id", "moment", "group_id")
    def _compute_session_id(self):
        sessions = self.env["ib.assessment.session"].search_fetch(
            [
                ("assessment_id", "in", self.assessment_id.ids),
                ("group_id", "in", self.group_id.ids),
            ],
            ["assessment_id", "group_id", "moment"],
        )
        by_key = {(s.assessment_id.id, s.group_id.id, s.moment): s for s in sessions}
        for result in self:
            result.session_id = by_key.get(
                (result.assessment_id.id, result.group_id.id, result.moment),
                self.env["ib.assessment.session"],
            )

    # --------------------------------------------------------------- level logic
    def _ib_norms(self):
        """Cut-offs of the tests of ``self``: {(test id, grade id, moment): norm}."""
        if not self.assessment_id:
            return {}
        norms = self.env["ib.assessment.norm"].search_fetch(
            [("assessment_id", "in", self.assessment_id.ids)],
            [
                "assessment_id",
                "grade_id",
                "moment",
                "min_level_1",
                "min_level_2",
                "min_level_3",
                "min_level_4",
            ],
        )
        return {(n.assessment_id.id, n.grade_id.id, n.moment): n for n in norms}

    def _ib_derive_levels_again(self):
        """Derive the levels again (after the cut-offs changed or a given level
        was cleared); a level recomputed on request does not mark its label."""
        for fname in ("level", "level_label"):
            self.env.add_to_compute(self._fields[fname], self)
            self.flush_recordset([fname])

    def _ib_derive_level(self, norms):
        """The level given by the cut-offs for the score, else by the percentile;
        None when neither says anything."""
        self.ensure_one()
        norm = norms.get((self.assessment_id.id, self.grade_id.id, self.moment))
        if norm:
            return norm._ib_level(self.score)
        if self.percentile:
            scale = self.assessment_id.level_scale or "roman"
            return level_from_cutoffs(self.percentile, PERCENTILE_CUTOFFS[scale])
        return None

    # --------------------------------------------------------------- constraints
    @api.constrains("date", "school_year_id")
    def _check_date_in_year(self):
        for result in self:
            year = result.school_year_id
            if result.date and not year.date_start <= result.date <= year.date_end:
                raise ValidationError(
                    self.env._(
                        "The test date %(date)s of %(pupil)s lies outside school "
                        "year %(year)s.",
                        date=result.date,
                        pupil=result.pupil_id.name,
                        year=year.name,
                    )
                )

    @api.constrains("score", "assessment_id")
    def _check_score_range(self):
        for result in self:
            if result.score and not result.assessment_id._ib_score_in_range(
                result.score
            ):
                raise ValidationError(
                    self.env._(
                        "Score %(score)s of %(pupil)s is outside the range of "
                        "%(test)s (%(min)s to %(max)s).",
                        score=f"{result.score:g}",
                        pupil=result.pupil_id.name,
                        test=result.assessment_id.name,
                        min=f"{result.assessment_id.score_min:g}",
                        max=f"{result.assessment_id.score_max:g}",
                    )
                )

    # ----------------------------------------------------------------- overrides
    def _check_company(self, fnames=None):
        """The ORM's company check, set-based for plain many2one fields.

        The ORM checks record by record and field by field with filtered_domain,
        which takes most of the time of a 10,000-row import. For a many2one to a
        model with the standard company domain the rule is simply: the linked
        record has no company or the result's company. Records that break it (and
        fields with another kind of check) go through the ORM's check, which
        raises its usual error."""
        if fnames is None or {"company_id", "company_ids"} & set(fnames):
            fnames = list(self._fields)
        simple, other = [], []
        for name in fnames:
            field = self._fields[name]
            if not (field.relational and field.check_company):
                continue
            comodel = type(self.env[field.comodel_name])
            if (
                field.type == "many2one"
                and not field.company_dependent
                and "company_id" in comodel._fields
                and comodel._check_company_domain
                is models.BaseModel._check_company_domain
            ):
                simple.append(name)
            else:
                other.append(name)
        suspects = [
            record.id
            for record in self.sudo()
            if any(
                record[name].company_id and record[name].company_id != record.company_id
                for name in simple
            )
        ]
        if suspects:
            super(IbAssessmentResult, self.browse(suspects))._check_company(simple)
        if other:
            return super()._check_company(other)
        return None

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            for name in MANAGED_FIELDS + DERIVED_FIELDS:
                vals.pop(name, None)
            if "level" in vals:
                vals["level_given"] = bool(vals["level"])
        results = super().create(vals_list)
        if not self.env.context.get("ib_defer_refresh"):
            results._ib_refresh_sequence()
        return results

    def write(self, vals):
        vals = {
            k: v
            for k, v in vals.items()
            if k not in MANAGED_FIELDS and k not in DERIVED_FIELDS
        }
        if "level" in vals:
            vals["level_given"] = bool(vals["level"])
        if (
            "pupil_id" in vals
            and not self.env.su
            and not self.env.user.has_group("ib_core.group_ib_coordinator")
            and any(r.pupil_id.id != vals["pupil_id"] for r in self)
        ):
            raise AccessError(
                self.env._(
                    "Only the care coordinator can move a test result to another pupil."
                )
            )
        before = self._ib_sequence_keys() if SEQUENCE_FIELDS & set(vals) else None
        res = super().write(vals)
        if "level" in vals and not vals["level"]:
            self._ib_derive_levels_again()
        if before is not None and not self.env.context.get("ib_defer_refresh"):
            self._ib_refresh_sequence(extra_keys=before)
        return res

    @api.depends("pupil_id", "assessment_id", "moment", "school_year_id")
    def _compute_display_name(self):
        moments = dict(self._fields["moment"]._description_selection(self.env))
        for result in self:
            result.display_name = " - ".join(
                part
                for part in (
                    result.pupil_id.name,
                    result.assessment_id.name,
                    result.school_year_id.name,
                    moments.get(result.moment),
                )
                if part
            )

    # ------------------------------------------------------- sequence and signals
    def _ib_sequence_keys(self):
        return {(r.pupil_id.id, r.domain) for r in self if r.pupil_id and r.domain}

    def _ib_refresh_sequence(self, extra_keys=None):
        """Recompute the previous level, the change and the signal of every result
        of the pupils and domains of ``self`` (three queries whatever the size),
        then schedule an activity for each pupil with a new signal.

        previous_level, level_change and signal are derived data, written here
        only (create and write drop them from the values they get)."""
        self.env.flush_all()
        cr = self.env.cr
        keys = set(extra_keys or ())
        if self.ids:
            cr.execute(
                SQL(
                    "SELECT DISTINCT pupil_id, domain FROM ib_assessment_result "
                    "WHERE id = ANY(%s) AND domain IS NOT NULL",
                    self.ids,
                )
            )
            keys.update(cr.fetchall())
        if not keys:
            return
        pupil_ids = sorted({pupil for pupil, _domain in keys})
        cr.execute(
            SQL(
                """
            SELECT r.id, r.pupil_id, r.domain, r.level, r.previous_level,
                   r.level_change, r.signal, r.company_id
              FROM ib_assessment_result r
             WHERE r.pupil_id = ANY(%s)
             ORDER BY r.pupil_id, r.domain, r.date, r.id
            """,
                pupil_ids,
            )
        )
        rows = cr.fetchall()
        thresholds = self._ib_signal_thresholds({row[7] for row in rows})
        updates, new_signals = [], []
        current_key, previous, lowest_run = None, 0, 0
        for row in rows:
            rid, pupil, domain, level, old_prev, old_change, old_signal, company = row
            key = (pupil, domain)
            if key != current_key:
                current_key, previous, lowest_run = key, 0, 0
            if key not in keys:
                continue
            drop_threshold, lowest_threshold = thresholds.get(company, (2, 2))
            prev_level = previous if level else 0
            change = prev_level - level if level and prev_level else 0
            if level:
                lowest_run = lowest_run + 1 if level == LOWEST_LEVEL else 0
                previous = level
            signal = None
            if level and drop_threshold and -change >= drop_threshold:
                signal = "drop"
            elif level and lowest_threshold and lowest_run >= lowest_threshold:
                signal = "lowest"
            if (prev_level, change, signal) != (
                old_prev or 0,
                old_change or 0,
                old_signal,
            ):
                updates.append((rid, prev_level, change, signal))
                if signal and not old_signal:
                    new_signals.append(rid)
        if updates:
            ids, prevs, changes, signals = map(list, zip(*updates, strict=True))
            cr.execute(
                SQL(
                    """
                UPDATE ib_assessment_result r
                   SET previous_level = v.previous_level,
                       level_change = v.level_change,
                       signal = v.signal
                  FROM unnest(%s::int[], %s::int[], %s::int[], %s::varchar[])
                       AS v(id, previous_level, level_change, signal)
                 WHERE r.id = v.id
                """,
                    ids,
                    prevs,
                    changes,
                    signals,
                )
            )
            self.env["ib.assessment.result"].invalidate_model(list(MANAGED_FIELDS))
        if new_signals:
            self.browse(new_signals)._ib_notify_signals()

    @api.model
    def _ib_signal_thresholds(self, company_ids):
        # The signal thresholds are school settings, not care data; a result may
        # belong to a school that is not among the user's active companies.
        companies = self.env["res.company"].sudo().browse(list(company_ids))
        return {
            c.id: (c.ib_signal_level_drop, c.ib_signal_lowest_repeat) for c in companies
        }

    def _ib_notify_signals(self):
        """One activity per pupil for the school's signal recipient."""
        activity_type = self.env.ref(
            "ib_care_plans.mail_activity_type_result_signal", raise_if_not_found=False
        )
        if not activity_type:
            return
        # The activity is the system telling the coordinator; the importing user
        # (often a teacher, who may not write on the pupil file) does not write the
        # pupil: create it as superuser. Its content is what the recipient may read.
        results = self.sudo()
        by_pupil = defaultdict(lambda: results.browse())
        for result in results:
            by_pupil[result.pupil_id] |= result
        recipients = {}
        vals_list = []
        model_id = self.env["ir.model"]._get_id("ib.pupil")
        today = fields.Date.context_today(self)
        for pupil, pupil_results in by_pupil.items():
            company = pupil.company_id
            if company not in recipients:
                recipients[company] = company._ib_signal_user()
            user = recipients[company] or self.env.user
            lines = Markup("").join(
                Markup("<li>%s</li>") % r._ib_signal_text() for r in pupil_results
            )
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": pupil.id,
                    "activity_type_id": activity_type.id,
                    "user_id": user.id,
                    "date_deadline": today,
                    "summary": self.env._("Test results: %s", pupil.name),
                    "note": Markup("<ul>%s</ul>") % lines,
                    "automated": True,
                }
            )
        self.env["mail.activity"].sudo().create(vals_list)

    def _ib_signal_text(self):
        self.ensure_one()
        previous = level_label(self.previous_level, self.assessment_id.level_scale)
        if self.signal == "drop":
            text = self.env._(
                "%(test)s (%(year)s, %(moment)s): level %(level)s, was %(previous)s.",
                test=self.assessment_id.name,
                year=self.school_year_id.name,
                moment=dict(self._fields["moment"]._description_selection(self.env))[
                    self.moment
                ],
                level=self.level_label,
                previous=previous,
            )
        else:
            text = self.env._(
                "%(test)s (%(year)s, %(moment)s): lowest level %(level)s again.",
                test=self.assessment_id.name,
                year=self.school_year_id.name,
                moment=dict(self._fields["moment"]._description_selection(self.env))[
                    self.moment
                ],
                level=self.level_label,
            )
        return escape(text)
