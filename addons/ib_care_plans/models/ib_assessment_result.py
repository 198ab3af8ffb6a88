from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from .ib_assessment import (
    MOMENTS,
    PERCENTILE_CUTOFFS,
    level_from_cutoffs,
    level_label,
)
from .result_rules import (
    DERIVED_FIELDS,
    MANAGED_FIELDS,
    SEQUENCE_FIELDS,
    SIGNALS,
    default_moment_date,
)


class IbAssessmentResult(models.Model):
    _name = "ib.assessment.result"
    _description = "Test Result"
    # The batch insert of imports and the sequence/signal pass are engines in
    # their own files (ib_assessment_result_batch.py, ib_assessment_result_signals.py).
    _inherit = [
        "ib.care.mixin",
        "ib.portal.fields.mixin",
        "ib.assessment.result.batch.mixin",
        "ib.assessment.result.signal.mixin",
    ]
    # The pupil's order (last name, first name, id) from the two stored copies
    # of the name below, not through a join on the pupil for every list page.
    _order = (
        "date desc, pupil_last_name, pupil_first_name, pupil_id.id, assessment_id, id"
    )
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
            # the order of the page (the child's name, which parents read anyway)
            "pupil_last_name",
            "pupil_first_name",
        }
    )

    # Indexes: every index costs each imported row its update (an import
    # inserts 50,000 rows). A column gets one only where a list, filter, rule
    # or lookup needs it and no other index serves it (see _list_order_idx,
    # _signal_idx and the unique index of _pupil_test_moment_uniq below).
    # pupil_id: the unique index (pupil, test, year, moment) starts with it and
    # serves the pupil's results, the portal and the pupil's deletion check.
    pupil_id = fields.Many2one(index=False)
    assessment_id = fields.Many2one(
        "ib.assessment",
        string="Test",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    # six values, filtered with the pupil (sequence) or grouped on: no index
    domain = fields.Selection(
        related="assessment_id.domain", store=True, string="Domain"
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
        # the list's order index (_list_order_idx) starts with the date
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
    # searched as "has a signal" of the user's schools: _signal_idx
    signal = fields.Selection(
        SIGNALS,
        readonly=True,
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
    # searched with the parent's children (pupil_id): no index of its own
    share_with_parents = fields.Boolean(
        related="assessment_id.share_with_parents", store=True
    )
    # What the list sorts on after the date, stored (filled at install/upgrade
    # and kept up to date by the ORM when a pupil is renamed).
    pupil_last_name = fields.Char(
        related="pupil_id.last_name", store=True, string="Pupil's Last Name"
    )
    pupil_first_name = fields.Char(
        related="pupil_id.first_name", store=True, string="Pupil's First Name"
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
    # the results with a signal, by school (and this year's, counted by the
    # overview for all the board's schools from the index alone)
    _signal_idx = models.Index(
        "(company_id, school_year_id, signal) WHERE signal IS NOT NULL"
    )
    # the list's order: a page of the newest results without sorting the table
    _list_order_idx = models.Index(
        "(date DESC, pupil_last_name, pupil_first_name, pupil_id)"
    )

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
        return self._ib_norms_of(self.assessment_id.ids)

    @api.model
    def _ib_norms_of(self, test_ids):
        """Cut-offs of the tests ``test_ids``: {(test id, grade id, moment): norm}."""
        if not test_ids:
            return {}
        norms = self.env["ib.assessment.norm"].search_fetch(
            [("assessment_id", "in", list(test_ids))],
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
