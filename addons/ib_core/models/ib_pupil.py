from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command

LEAVING_DESTINATIONS = [
    ("primary", "Other primary school"),
    ("sbo", "Special primary education (SBO)"),
    ("so", "Special education (SO)"),
    ("vo", "Secondary education (VO)"),
    ("moved", "Moved abroad"),
    ("other", "Other"),
]
# Pupils who left for special (primary) education: the longer retention period.
SPECIAL_EDUCATION_DESTINATIONS = ("sbo", "so")


def bsn_is_valid(bsn):
    """The eleven-test (elfproef) of a Dutch citizen service number."""
    if not bsn or not bsn.isdigit() or len(bsn) not in (8, 9):
        return False
    digits = [int(d) for d in bsn.zfill(9)]
    if not any(digits):
        return False
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    return (total - digits[8]) % 11 == 0


class IbPupil(models.Model):
    _name = "ib.pupil"
    _description = "Pupil"
    _inherit = [
        "ib.school.mixin",
        "ib.write.guard.mixin",
        "ib.care.thread.mixin",
        "mail.activity.mixin",
        "avatar.mixin",
        "ib.pupil.access.mixin",
        "ib.portal.fields.mixin",
    ]
    _order = "last_name, first_name, id"
    # Parents find their children by their guardian link and read their name
    # (the name parts order the list; every search filters on active); everything
    # else they see is printed by the portal pages.
    _ib_portal_fields = frozenset(
        {
            "name",
            "first_name",
            "infix",
            "last_name",
            "guardian_ids",
            "company_id",
            "active",
        }
    )
    _rec_names_search = ["name", "pupil_number"]
    # Privacy policy (see ib.care.mixin): once the care data period has passed the
    # care content of the file is emptied and its chatter and attachments (photo
    # included) removed; the minimal enrolment data stays until the file is
    # deleted. Every stored field is in one of the two lists.
    _ib_retention_class = "care"
    _ib_retention = "clear"
    _ib_retention_clear_fields = (
        "educational_needs",
        "stimulating_factors",
        "hindering_factors",
        "bsn",
        "support_level_id",
    )
    _ib_retention_keep_fields = (
        "first_name",
        "infix",
        "last_name",
        "date_of_birth",
        "pupil_number",
        "company_id",
        "enrolment_date",
        "leaving_date",
        "leaving_destination",
        "leaving_destination_school",
        "color",
        "active",
        "legal_hold",
        "legal_hold_reason",
        "care_removed_date",
    )
    # Printed in the file's own part of the export (identity, groups, parents).
    _ib_file_export = True

    name = fields.Char(compute="_compute_name", store=True, index="trigram")
    first_name = fields.Char(required=True, tracking=True)
    infix = fields.Char(tracking=True, help="Tussenvoegsel, e.g. 'van der'.")
    last_name = fields.Char(required=True, index=True, tracking=True)
    date_of_birth = fields.Date(tracking=True)
    age = fields.Integer(compute="_compute_age")
    pupil_number = fields.Char(
        index=True,
        tracking=True,
        help="The pupil's number in the school's administration; unique per school.",
    )
    bsn = fields.Char(
        string="BSN",
        groups="ib_core.group_ib_coordinator",
        help="Citizen service number. Only the care coordinator can see it.",
    )
    company_id = fields.Many2one(tracking=True)  # see ib.school.mixin
    membership_ids = fields.One2many(
        "ib.group.membership", "pupil_id", string="Group History"
    )
    group_id = fields.Many2one(
        "ib.group",
        compute="_compute_group_id",
        store=True,
        index=True,
        help="The pupil's group in the current school year.",
    )
    grades_label = fields.Char(related="group_id.grades_label", string="Grade")
    teacher_ids = fields.Many2many(related="group_id.teacher_ids", string="Teachers")
    enrolment_date = fields.Date(default=fields.Date.context_today, tracking=True)
    leaving_date = fields.Date(tracking=True)
    leaving_destination = fields.Selection(LEAVING_DESTINATIONS, tracking=True)
    leaving_destination_school = fields.Char(string="Destination School", tracking=True)
    support_level_id = fields.Many2one(
        "ib.support.level",
        groups="ib_core.group_ib_teacher",
        tracking=True,
        index=True,
        check_company=True,
        group_expand="_read_group_support_level_ids",
        domain="[('company_id', '=', company_id)]",
    )
    # Parents read their own children in the portal: what the school keeps about
    # support and needs stays with the school's staff.
    support_level = fields.Integer(
        related="support_level_id.level", store=True, groups="ib_core.group_ib_teacher"
    )
    educational_needs = fields.Html(
        sanitize_style=True,
        groups="ib_core.group_ib_teacher",
    )
    stimulating_factors = fields.Html(
        sanitize_style=True, groups="ib_core.group_ib_teacher"
    )
    hindering_factors = fields.Html(
        sanitize_style=True, groups="ib_core.group_ib_teacher"
    )
    guardian_ids = fields.One2many(
        "ib.pupil.guardian", "pupil_id", string="Parents/Guardians"
    )
    is_enrolled = fields.Boolean(
        compute="_compute_is_enrolled",
        search="_search_is_enrolled",
        string="Enrolled",
    )
    # Computed as the reader and cached per user (not a plain One2many, whose
    # cached value would be shared by every user of the transaction).
    note_ids = fields.Many2many(
        "ib.pupil.note",
        string="Notes",
        compute="_compute_note_ids",
        help="The notes about this pupil that you may read.",
    )
    note_count = fields.Integer(compute="_compute_ib_counts")
    consent_ids = fields.One2many("ib.consent", "pupil_id", string="Consents")
    consent_count = fields.Integer(
        string="Number of Consents", compute="_compute_ib_counts"
    )
    color = fields.Integer()
    active = fields.Boolean(default=True, tracking=True)

    # Privacy: legal hold, retention and access log.
    legal_hold = fields.Boolean(
        groups="ib_core.group_ib_coordinator",
        tracking=True,
        copy=False,
        help="Keeps this pupil's whole file beyond the retention period, e.g. "
        "during a legal procedure, a complaint or an inspection. The retention job "
        "skips pupils on legal hold.",
    )
    legal_hold_reason = fields.Text(
        string="Reason for the Legal Hold",
        groups="ib_core.group_ib_coordinator",
        copy=False,
    )
    care_removed_date = fields.Date(
        string="Care Data Removed On",
        readonly=True,
        copy=False,
        help="The retention job removed this pupil's care data on this date; the "
        "enrolment data is kept until the file deletion date.",
    )
    retention_care_date = fields.Date(
        string="Care Data Removal Date",
        compute="_compute_retention_dates",
        help="After this date the retention job removes the pupil's care data: "
        "care records, messages, attachments, needs and factors, BSN and photo.",
    )
    retention_deletion_date = fields.Date(
        string="File Deletion Date",
        compute="_compute_retention_dates",
        help="After this date the retention job deletes the whole pupil file, "
        "including the enrolment data, group history and parents/guardians.",
    )
    access_log_count = fields.Integer(
        string="Access Log",
        compute="_compute_ib_counts",
        groups="ib_core.group_ib_director",
    )

    _pupil_number_company_uniq = models.Constraint(
        "UNIQUE(pupil_number, company_id)",
        "This pupil number is already used by another pupil of this school.",
    )
    # the pupils with extra support (level 2 and up), counted per school and
    # level by the overview for all the board's schools: a few per group, not
    # the whole school
    _support_level_care_idx = models.Index(
        "(company_id, support_level_id) WHERE support_level >= 2"
    )

    @api.depends("first_name", "infix", "last_name")
    def _compute_name(self):
        for pupil in self:
            parts = (pupil.first_name, pupil.infix, pupil.last_name)
            pupil.name = " ".join(p.strip() for p in parts if p and p.strip())

    @api.depends("date_of_birth")
    def _compute_age(self):
        today = fields.Date.context_today(self)
        for pupil in self:
            born = pupil.date_of_birth
            pupil.age = (
                today.year
                - born.year
                - ((today.month, today.day) < (born.month, born.day))
                if born
                else 0
            )

    @api.depends("membership_ids.group_id", "membership_ids.is_current")
    def _compute_group_id(self):
        for pupil in self:
            current = pupil.membership_ids.filtered("is_current")[:1]
            pupil.group_id = current.group_id

    @api.depends_context("uid")
    def _compute_note_ids(self):
        notes = self.env["ib.pupil.note"].search_fetch(
            [("pupil_id", "in", self.ids)], ["pupil_id"]
        )
        by_pupil = defaultdict(list)
        for note in notes:
            by_pupil[note.pupil_id.id].append(note.id)
        for pupil in self:
            pupil.note_ids = [Command.set(by_pupil.get(pupil._origin.id, []))]

    def _ib_prefetch_computed_lines(self):
        # _compute_note_ids: the notes the reader finds by their pupil
        return {**super()._ib_prefetch_computed_lines(), "note_ids": "pupil_id"}

    def _ib_count_sources(self):
        """The numbers on the smart buttons of the pupil form: ``{count field:
        [(model, field to the pupil, domain), ...]}`` (the sum of the sources).
        Addons add their count fields (``compute="_compute_ib_counts"``) with
        super(); all are counted in one query."""
        return {
            "note_count": [("ib.pupil.note", "pupil_id", [])],
            "consent_count": [("ib.consent", "pupil_id", [])],
            "access_log_count": [("ib.pupil.access.log", "pupil_id", [])],
        }

    @api.depends_context("uid")
    def _compute_ib_counts(self):
        # Counted as the current user (hence not stored, and cached per user):
        # confidential notes stay out of a teacher's count, and the access log's
        # record rules decide what is counted of it.
        sources = self._ib_count_sources()
        # A count of the lines of a tab the form's read just found (the same
        # search, as the same reader) is taken from it; the others are counted
        # in one query.
        counts, todo = {}, {}
        for fname, field_sources in sources.items():
            for index, source in enumerate(field_sources):
                found = self._ib_form_lines_count(*source)
                if found is None:
                    todo[fname, index] = source
                else:
                    counts[fname, index] = found
        counts.update(self._ib_count_linked_many(todo) if todo else {})
        for pupil in self:
            for fname, field_sources in sources.items():
                pupil[fname] = sum(
                    counts[fname, index].get(pupil._origin.id, 0)
                    for index in range(len(field_sources))
                )

    def action_view_consents(self):
        self.ensure_one()
        return self.env["ir.actions.act_window"]._ib_action_linked(
            "ib_core.ib_consent_action", "pupil_id", self
        )

    def _ib_has_valid_consent(self, purpose, partner=None, on_date=None):
        """Whether each pupil has valid consent for ``purpose``, in two queries.

        Ask this before anything that needs consent (sharing with an external
        party, an observation, video in class). See
        ``ib.consent._ib_valid_consent_map`` for what counts as valid.

        :param str purpose: a purpose of ``ib.consent`` (e.g. ``"swv"``)
        :param partner: the external party (res.partner) data goes to, if any
        :param on_date: the date to check (default: today)
        :return: ``{pupil_id: bool}`` for every pupil in ``self``
        """
        return self.env["ib.consent"]._ib_valid_consent_map(
            self, purpose, partner=partner, on_date=on_date
        )

    @api.model
    def _ib_coordinators_by_company(self, companies):
        """The care coordinators of each school: ``{company_id: res.users}``.

        Managers (who imply the coordinator role) are only used for a school
        without a coordinator of its own.
        """
        # sudo: finding who to notify is not a question of the current user's
        # rights (a parent in the portal triggers it too); only users are returned.
        Users = self.env["res.users"].sudo()
        coordinator = self.env.ref("ib_core.group_ib_coordinator")
        manager = self.env.ref("ib_core.group_ib_manager")
        users = Users.search(
            [
                ("all_group_ids", "in", coordinator.ids),
                ("company_ids", "in", companies.ids),
                ("share", "=", False),
            ]
        )
        result = defaultdict(lambda: Users)
        for company in companies:
            of_school = users.filtered(lambda u, c=company: c in u.company_ids)
            result[company.id] = (
                of_school.filtered(lambda u: manager not in u.all_group_ids)
                or of_school
            )
        return result

    def action_view_notes(self):
        self.ensure_one()
        self.check_access("read")
        return self.env["ir.actions.act_window"]._ib_action_linked(
            "ib_core.ib_pupil_note_action", "pupil_id", self
        )

    def action_new_note(self):
        """Open an empty note about this pupil."""
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Note"),
            "res_model": "ib.pupil.note",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {"default_pupil_id": self.id},
        }

    def action_raise_concern(self):
        """Open the confidential concern form for this pupil (meldcode)."""
        self.ensure_one()
        self.check_access("read")
        return self.env["ir.actions.act_window"]._ib_action_for(
            "ib_core.ib_pupil_note_concern_action",
            context={"default_pupil_id": self.id},
        )

    @api.depends("leaving_date")
    def _compute_is_enrolled(self):
        today = fields.Date.context_today(self)
        for pupil in self:
            pupil.is_enrolled = not pupil.leaving_date or pupil.leaving_date > today

    def _search_is_enrolled(self, operator, value):
        if operator not in ("=", "!="):
            return NotImplemented
        today = fields.Date.context_today(self)
        enrolled = ["|", ("leaving_date", "=", False), ("leaving_date", ">", today)]
        if (operator == "=") == bool(value):
            return enrolled
        return [("leaving_date", "<=", today)]

    @api.depends(
        "leaving_date",
        "leaving_destination",
        "company_id.ib_retention_years",
        "company_id.ib_retention_years_special",
        "company_id.ib_retention_years_enrolment",
    )
    def _compute_retention_dates(self):
        for pupil in self:
            care_date, deletion_date = pupil._ib_retention_dates()
            pupil.retention_care_date = care_date
            pupil.retention_deletion_date = deletion_date

    @api.model
    def _read_group_support_level_ids(self, levels, domain):
        return levels.search([("company_id", "in", self.env.companies.ids)])

    @api.constrains("enrolment_date", "leaving_date")
    def _check_leaving_date(self):
        for pupil in self:
            if (
                pupil.enrolment_date
                and pupil.leaving_date
                and pupil.leaving_date < pupil.enrolment_date
            ):
                raise ValidationError(
                    self.env._(
                        "%(pupil)s cannot leave (%(leaving)s) before enrolling "
                        "(%(enrolment)s).",
                        pupil=pupil.name,
                        leaving=pupil.leaving_date,
                        enrolment=pupil.enrolment_date,
                    )
                )

    @api.constrains("legal_hold", "legal_hold_reason")
    def _check_legal_hold_reason(self):
        for pupil in self:
            if pupil.legal_hold and not (pupil.legal_hold_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Give the reason for the legal hold on the file of %s.",
                        pupil.name,
                    )
                )

    @api.constrains("date_of_birth")
    def _check_date_of_birth(self):
        today = fields.Date.context_today(self)
        for pupil in self:
            if pupil.date_of_birth and pupil.date_of_birth > today:
                raise ValidationError(
                    self.env._(
                        "The date of birth of %s lies in the future.", pupil.name
                    )
                )

    @api.model
    def _normalize_bsn(self, bsn):
        return "".join(ch for ch in (bsn or "") if not ch.isspace() and ch != ".")

    def _check_bsn_value(self, bsn):
        if bsn and not bsn_is_valid(bsn):
            raise ValidationError(
                self.env._(
                    "%s is not a valid BSN: a BSN has nine digits and must pass "
                    "the eleven-test.",
                    bsn,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("bsn"):
                vals["bsn"] = self._normalize_bsn(vals["bsn"])
                self._check_bsn_value(vals["bsn"])
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("bsn"):
            vals["bsn"] = self._normalize_bsn(vals["bsn"])
            self._check_bsn_value(vals["bsn"])
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_care_file(self):
        # Only the retention job (running as superuser) removes pupil files.
        if not self.env.su:
            raise UserError(
                self.env._(
                    "A pupil file cannot be deleted: archive the pupil instead. "
                    "Files are removed by the retention job once the retention "
                    "period after leaving has passed."
                )
            )

    # ------------------------------------------------------------ access log
    def _ib_access_log_targets(self):
        return {pupil.id: pupil for pupil in self}

    # ------------------------------------------------------------- retention
    def _ib_retention_dates(self):
        """Return ``(care data removal date, file deletion date)`` of one pupil.

        Both are ``False`` while the pupil has no leaving date. The care data
        (care records and the care content of the file) is kept for the school's
        retention period after the leaving date: ``ib_retention_years``, or
        ``ib_retention_years_special`` for pupils who left for special education.
        The minimal enrolment data is kept ``ib_retention_years_enrolment`` years,
        and never shorter than the care data (a file without its pupil cannot
        exist). The job acts once a date has passed.
        """
        self.ensure_one()
        if not self.leaving_date:
            return False, False
        school = self.company_id
        if self.leaving_destination in SPECIAL_EDUCATION_DESTINATIONS:
            care_years = school.ib_retention_years_special
        else:
            care_years = school.ib_retention_years
        file_years = max(care_years, school.ib_retention_years_enrolment)
        return (
            self.leaving_date + relativedelta(years=care_years),
            self.leaving_date + relativedelta(years=file_years),
        )

    @api.model
    def _cron_apply_retention(self):
        """The daily retention job (``ir_cron_ib_pupil_retention``): see
        ``ib.retention.engine``."""
        return self.env["ib.retention.engine"]._ib_run_cron()

    @api.model
    def _ib_apply_retention(self, today=None):
        """Apply the retention periods as on ``today`` in the current transaction
        (see ``ib.retention.engine``); return the audit rows written."""
        return self.env["ib.retention.engine"]._ib_apply(today)

    # ------------------------------------------------- pupil file export
    def _ib_file_export_data(self):
        """Everything the school holds about one pupil, for the pupil file export
        (right of access), as the current user may read it: see
        ``ib.pupil.file.export``."""
        self.ensure_one()
        return self.env["ib.pupil.file.export"]._ib_pupil_file(self)
