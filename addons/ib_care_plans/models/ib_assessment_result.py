from collections import defaultdict
from datetime import date

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Domain
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
# Rows per INSERT statement of a batch create (``_ib_create_batch``).
INSERT_BATCH = 10000


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
    _signal_idx = models.Index("(company_id, signal) WHERE signal IS NOT NULL")
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

    # ------------------------------------------------------------ batch insert
    @api.model
    def _ib_create_batch(self, vals_list, refresh=None):
        """Create the results of an import: ``create`` for thousands of rows.

        The ORM's ``create`` of a list costs about a millisecond per result here
        (defaults and precomputed fields through a new record per row, every
        field through the cache, the constraints record by record), which caps
        an import at about 1,300 rows a second. This path does what ``create``
        does for the whole batch at once:

        - the access checks, once: the user's create right, write access to the
          given fields, the write guard (text and linked records readable, see
          ``ib.write.guard.mixin``);
        - the stored computed values (school, domain, date, group, grade, level,
          label, test session) derived in Python from a few queries, with the
          same rules as the compute methods, and the previous level, change and
          signal from one pass over the pupils' results (``_ib_sequence_pass``);
        - a raw ``INSERT`` of the rows (one statement per 10,000 rows) with ids
          taken from the table's sequence, then the record rules for create
          checked on the inserted rows in one query, the constraints the
          preview already checked checked again on the plain values, the cache
          of the inverse fields invalidated and the test sessions' counters
          marked for recomputation;
        - one digest activity per signal recipient (``_ib_notify_signals``).

        ``vals_list``: the values an import gives (pupil, test, school year,
        moment, and grade, score, level, percentile, date, remarks when known).
        ``refresh``: results written in the same import, whose sequence is
        refreshed in the same pass. Returns the new results."""
        if not vals_list:
            if refresh:
                refresh._ib_refresh_sequence()
            return self.browse()
        self.check_access("create")
        given = {name for vals in vals_list for name in vals}
        for name in given:
            if name in MANAGED_FIELDS + DERIVED_FIELDS or name not in self._fields:
                raise ValueError(f"Invalid field {name!r} for a batch of results")
            self._check_field_access(self._fields[name], "write")
        self._ib_check_text_values(
            [{"remarks": v["remarks"]} for v in vals_list if v.get("remarks")]
        )
        self._ib_check_link_targets(
            [
                {name: value}
                for name in ("pupil_id", "assessment_id", "school_year_id", "grade_id")
                for value in {v[name] for v in vals_list if v.get(name)}
            ]
        )
        self.env.flush_all()
        cr = self.env.cr
        rows = self._ib_computed_values(vals_list)
        cr.execute(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                f"{self._table}_id_seq",
                len(rows),
            )
        )
        ids = [rid for (rid,) in cr.fetchall()]
        pending = dict(zip(ids, rows, strict=True))
        updates, new_signals = (refresh or self)._ib_sequence_pass(pending=pending)
        self._ib_insert_rows(pending)
        self._ib_write_sequence(updates)
        records = self.browse(ids)
        self._ib_check_batch(records, pending)
        self.env["ib.pupil"].invalidate_model(["assessment_result_ids"])
        Session = self.env["ib.assessment.session"]
        Session.invalidate_model(["result_ids"])
        session_ids = {v["session_id"] for v in rows if v.get("session_id")}
        if session_ids:
            Session.browse(session_ids).modified(["result_ids"])
        if new_signals:
            self.browse(new_signals)._ib_notify_signals()
        return records

    @api.model
    def _ib_computed_values(self, vals_list):
        """``vals_list`` completed with every stored value ``create`` would
        compute, derived as the compute methods do (as superuser, as stored
        computed fields are)."""
        cr = self.env.cr
        pupil_ids = list({v["pupil_id"] for v in vals_list})
        year_ids = list({v["school_year_id"] for v in vals_list})
        test_ids = list({v["assessment_id"] for v in vals_list})
        cr.execute(
            SQL(
                "SELECT id, company_id, last_name, first_name FROM ib_pupil "
                "WHERE id = ANY(%s)",
                pupil_ids,
            )
        )
        pupil_data = {row[0]: row[1:] for row in cr.fetchall()}
        tests = {
            t.id: (t.domain, t.share_with_parents, t.level_scale)
            for t in self.env["ib.assessment"]
            .sudo()
            .with_context(active_test=False)
            .browse(test_ids)
        }
        years = {y.id: y for y in self.env["ib.school.year"].sudo().browse(year_ids)}
        cr.execute(
            SQL(
                "SELECT pupil_id, school_year_id, group_id FROM ib_group_membership "
                "WHERE pupil_id = ANY(%s) AND school_year_id = ANY(%s)",
                pupil_ids,
                year_ids,
            )
        )
        group_of = {(pupil, year): group for pupil, year, group in cr.fetchall()}
        groups = self.env["ib.group"].sudo().browse(set(group_of.values()))
        groups.fetch(["grade_ids"])
        single_grade = {g.id: g.grade_ids.id for g in groups if len(g.grade_ids) == 1}
        norms = {
            key: norm._ib_cutoffs()
            for key, norm in self.sudo().browse()._ib_norms_of(test_ids).items()
        }
        sessions = (
            self.env["ib.assessment.session"]
            .sudo()
            .search_fetch(
                [("assessment_id", "in", test_ids), ("group_id", "in", groups.ids)],
                ["assessment_id", "group_id", "moment"],
            )
        )
        session_of = {
            (s.assessment_id.id, s.group_id.id, s.moment): s.id for s in sessions
        }
        percentile_cutoffs = {
            tid: PERCENTILE_CUTOFFS[scale or "roman"]
            for tid, (_domain, _share, scale) in tests.items()
        }
        defaults = {}
        now = cr.now()
        uid = self.env.uid
        rows = []
        for vals in vals_list:
            row = dict(vals)
            test_id = row["assessment_id"]
            domain, share, scale = tests[test_id]
            (
                row["company_id"],
                row["pupil_last_name"],
                row["pupil_first_name"],
            ) = pupil_data[row["pupil_id"]]
            row["domain"] = domain
            row["share_with_parents"] = share
            if not row.get("date"):
                key = (row["school_year_id"], row["moment"])
                if key not in defaults:
                    defaults[key] = default_moment_date(years[key[0]], key[1])
                row["date"] = defaults[key]
            group_id = group_of.get((row["pupil_id"], row["school_year_id"]))
            row["group_id"] = group_id
            if not row.get("grade_id"):
                row["grade_id"] = single_grade.get(group_id)
            row["level_given"] = bool(row.get("level"))
            if not row["level_given"]:
                cutoffs = norms.get((test_id, row["grade_id"] or False, row["moment"]))
                level = None
                if cutoffs:
                    level = level_from_cutoffs(row.get("score") or 0.0, cutoffs)
                elif row.get("percentile"):
                    level = level_from_cutoffs(
                        row["percentile"], percentile_cutoffs[test_id]
                    )
                row["level"] = level or 0
            row["level_label"] = level_label(row["level"], scale) or None
            row["session_id"] = session_of.get((test_id, group_id, row["moment"]))
            row.update(create_uid=uid, create_date=now, write_uid=uid, write_date=now)
            rows.append(row)
        return rows

    @api.model
    def _ib_insert_rows(self, pending):
        """INSERT the rows of ``pending`` (``{id: complete values}``: column
        values, None for NULL), 10,000 a statement, as arrays (``unnest``)."""
        columns = [
            name
            for name, field in self._fields.items()
            if field.store and field.column_type and name != "id"
        ]
        types = {name: self._fields[name].column_type[0] for name in columns}
        items = list(pending.items())
        for index in range(0, len(items), INSERT_BATCH):
            batch = items[index : index + INSERT_BATCH]
            arrays = [[rid for rid, _vals in batch]]
            arrays.extend([vals.get(name) for _rid, vals in batch] for name in columns)
            self.env.cr.execute(
                SQL(
                    "INSERT INTO %s (id, %s) SELECT * FROM unnest(%s)",
                    SQL.identifier(self._table),
                    SQL(", ").join(SQL.identifier(name) for name in columns),
                    SQL(", ").join(
                        SQL("%s::" + kind + "[]", array)
                        for kind, array in zip(
                            ["int4", *(types[n] for n in columns)], arrays, strict=True
                        )
                    ),
                )
            )

    @api.model
    def _ib_check_batch(self, records, pending):
        """After the INSERT: the record rules for create, the company
        consistency and the constraints, as ``create`` checks them (an error
        rolls the import back)."""
        domain = self.env["ir.rule"]._compute_domain(self._name, "create")
        if domain:
            allowed = self.sudo().search(
                Domain("id", "in", records.ids) & Domain(domain), order="id"
            )
            forbidden = records - allowed.with_env(self.env)
            if forbidden:
                raise self.env["ir.rule"]._make_access_error("create", forbidden)
        cr = self.env.cr
        cr.execute(
            SQL(
                "SELECT id, company_id, date_start, date_end FROM ib_school_year "
                "WHERE id = ANY(%s)",
                list({v["school_year_id"] for v in pending.values()}),
            )
        )
        years = {row[0]: row[1:] for row in cr.fetchall()}
        cr.execute(
            SQL(
                "SELECT id, company_id, score_min, score_max FROM ib_assessment "
                "WHERE id = ANY(%s)",
                list({v["assessment_id"] for v in pending.values()}),
            )
        )
        tests = {row[0]: row[1:] for row in cr.fetchall()}
        suspects = []
        for rid, vals in pending.items():
            year_company, year_start, year_end = years[vals["school_year_id"]]
            test_company, score_min, score_max = tests[vals["assessment_id"]]
            score = vals.get("score")
            if (
                year_company != vals["company_id"]
                or test_company not in (None, vals["company_id"])
                or not year_start <= vals["date"] <= year_end
                or (
                    score
                    and (score_min or score_max)
                    and not (score_min or 0.0) <= score <= (score_max or 0.0)
                )
            ):
                suspects.append(rid)
        if suspects:
            bad = self.browse(suspects)
            bad._check_date_in_year()
            bad._check_score_range()
            # the ORM's check (not the shortcut above), which raises its error
            super(IbAssessmentResult, bad)._check_company(
                ["assessment_id", "school_year_id"]
            )
        return None

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
        then send the signal recipients their digest of the new signals.

        previous_level, level_change and signal are derived data, written here
        only (create and write drop them from the values they get)."""
        updates, new_signals = self._ib_sequence_pass(extra_keys)
        self._ib_write_sequence(updates)
        if new_signals:
            self.browse(new_signals)._ib_notify_signals()

    def _ib_sequence_pass(self, extra_keys=None, pending=None):
        """Walk the results of the pupils and domains of ``self``, ``extra_keys``
        and ``pending`` in their order (by date) and derive their previous level,
        change and signal.

        :param pending: ``{id: values}`` of results about to be inserted (ids
            taken from the sequence): their derived values are set in
            ``values``.
        :return: ``(updates, new_signals)``: ``(id, previous level, change,
            signal)`` of the stored results whose derived values change, and the
            ids (stored or pending) whose signal is new."""
        self.env.flush_all()
        cr = self.env.cr
        pending = pending or {}
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
        keys.update(
            (vals["pupil_id"], vals["domain"])
            for vals in pending.values()
            if vals.get("domain")
        )
        if not keys:
            return [], []
        pupil_ids = sorted({pupil for pupil, _domain in keys})
        cr.execute(
            SQL(
                """
            SELECT r.id, r.pupil_id, r.domain, r.date, r.level, r.previous_level,
                   r.level_change, r.signal, r.company_id
              FROM ib_assessment_result r
             WHERE r.pupil_id = ANY(%s)
            """,
                pupil_ids,
            )
        )
        rows = cr.fetchall()
        rows.extend(
            (
                rid,
                vals["pupil_id"],
                vals.get("domain"),
                vals["date"],
                vals.get("level") or 0,
                None,
                None,
                None,
                vals.get("company_id"),
            )
            for rid, vals in pending.items()
        )
        rows.sort(key=lambda row: (row[1], row[2] or "", row[3], row[0]))
        thresholds = self._ib_signal_thresholds({row[8] for row in rows})
        updates, new_signals = [], []
        current_key, previous, lowest_run = None, 0, 0
        for row in rows:
            rid, pupil, domain, _date, level, old_prev, old_change, old_signal = row[:8]
            key = (pupil, domain)
            if key != current_key:
                current_key, previous, lowest_run = key, 0, 0
            if key not in keys:
                continue
            drop_threshold, lowest_threshold = thresholds.get(row[8], (2, 2))
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
            if rid in pending:
                pending[rid].update(
                    previous_level=prev_level, level_change=change, signal=signal
                )
                if signal:
                    new_signals.append(rid)
                continue
            if (prev_level, change, signal) != (
                old_prev or 0,
                old_change or 0,
                old_signal,
            ):
                updates.append((rid, prev_level, change, signal))
                if signal and not old_signal:
                    new_signals.append(rid)
        return updates, new_signals

    def _ib_write_sequence(self, updates):
        """Store the derived values found by ``_ib_sequence_pass`` (one query)."""
        if not updates:
            return
        ids, prevs, changes, signals = map(list, zip(*updates, strict=True))
        self.env.cr.execute(
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

    @api.model
    def _ib_signal_thresholds(self, company_ids):
        # The signal thresholds are school settings, not care data; a result may
        # belong to a school that is not among the user's active companies.
        companies = self.env["res.company"].sudo().browse(list(company_ids))
        return {
            c.id: (c.ib_signal_level_drop, c.ib_signal_lowest_repeat) for c in companies
        }

    def _ib_notify_signals(self):
        """One digest activity per signal recipient for the new signals of
        ``self`` (an import, a change of the cut-offs): the pupils with their
        signals, each pupil a link to their file. A recipient other than the
        current user gets one notification of it, without its care content."""
        activity_type = self.env.ref(
            "ib_care_plans.mail_activity_type_result_signal_digest",
            raise_if_not_found=False,
        )
        if not activity_type or not self:
            return
        # The activity is the system telling the coordinator; the importing user
        # (often a teacher, who may not write on the pupil file) does not write the
        # pupil: create it as superuser. Its content is what the recipient may read.
        results = self.sudo()
        results.fetch(
            [
                "pupil_id",
                "company_id",
                "assessment_id",
                "school_year_id",
                "moment",
                "level_label",
                "previous_level",
                "signal",
            ]
        )
        recipients = {}
        for company in results.company_id:
            user = company._ib_signal_user() or self.env.user
            recipients[company] = user
        by_user = defaultdict(lambda: defaultdict(lambda: results.browse()))
        for result in results:
            user = recipients.get(result.company_id, self.env.user)
            by_user[user][result.pupil_id] |= result
        today = fields.Date.context_today(self)
        vals_list = []
        for user, by_pupil in by_user.items():
            items = []
            pupils = sorted(by_pupil, key=lambda p: (p.company_id.name or "", p.name))
            for pupil in pupils:
                lines = Markup("").join(
                    Markup("<li>%s</li>") % r._ib_signal_text()
                    for r in by_pupil[pupil].sorted(
                        lambda r: (r.assessment_id.name or "", r.id)
                    )
                )
                items.append(
                    Markup(
                        '<li><a href="/odoo/ib.pupil/%s">%s</a> (%s)<ul>%s</ul></li>'
                    )
                    % (pupil.id, pupil.name, pupil.company_id.name, lines)
                )
            count = sum(len(r) for r in by_pupil.values())
            user_env = self.with_context(lang=user.lang or self.env.lang).env
            vals_list.append(
                {
                    "user_id": user.id,
                    "activity_type_id": activity_type.id,
                    "date_deadline": today,
                    "summary": user_env._(
                        "New test signals: %(signals)s (pupils: %(pupils)s)",
                        signals=count,
                        pupils=len(by_pupil),
                    ),
                    "note": Markup("<ul>%s</ul>") % Markup("").join(items),
                    "automated": True,
                }
            )
        # An activity without a document: it is the recipient's only, and Odoo
        # sends no e-mail for it; the notification below says it is there.
        activities = self.env["mail.activity"].sudo().create(vals_list)
        for activity in activities:
            if activity.user_id != self.env.user:
                self._ib_notify_signal_digest(activity)

    def _ib_notify_signal_digest(self, activity):
        """Tell the recipient of a digest that it is waiting: one notification
        (inbox or e-mail, as the user chose), without the pupils' names or
        levels, which stay in Odoo."""
        user = activity.user_id
        env = self.with_context(lang=user.lang or self.env.lang).env
        body = Markup("<p>%s</p>") % env._(
            "%(author)s imported test results with new signals (%(summary)s). "
            "Open your activities in Odoo to see them.",
            author=self.env.user.name,
            summary=activity.summary,
        )
        self.env["mail.thread"].sudo().message_notify(
            partner_ids=user.partner_id.ids,
            subject=activity.summary,
            body=body,
            email_layout_xmlid="mail.mail_notification_light",
        )

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
