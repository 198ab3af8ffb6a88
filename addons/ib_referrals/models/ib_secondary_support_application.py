from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

SUPPORT_KINDS = [
    ("lwoo", "Learning Support (LWOO)"),
    ("pro", "Practical Education (PrO)"),
]
STATES = [
    ("draft", "Draft"),
    ("complete", "Complete"),
    ("submitted", "Submitted"),
    ("decided", "Decided"),
]
DECISIONS = [
    ("granted", "Granted"),
    ("refused", "Refused"),
    ("withdrawn", "Withdrawn"),
]
# States in which the application has not gone to the SWV VO yet: its deadline
# can pass.
OPEN_STATES = ("draft", "complete")
# States whose application file must be complete.
FILED_STATES = ("complete", "submitted", "decided")
# The domains the SWV VO asks results for: reading comprehension and maths,
# and at least one of spelling and technical reading.
REQUIRED_DOMAINS = ("reading_comprehension", "maths")
ONE_OF_DOMAINS = ("spelling", "technical_reading")
# The parts of the application file: fixed once the file is complete (set it
# back to draft to change them).
FILE_FIELDS = frozenset(
    {
        "pupil_id",
        "kind",
        "advice_id",
        "swv_vo_partner_id",
        "capacity_test_done",
        "capacity_test_name",
        "capacity_test_date",
        "capacity_test_score",
        "capacity_test_by",
        "capacity_test_file",
        "capacity_test_file_name",
        "social_emotional",
        "okr_referral_id",
        "result_ids",
        "document_ids",
    }
)
# Only pupils in this grade apply for support in secondary school.
GROUP_8 = 8


class IbSecondarySupportApplication(models.Model):
    """The application of a group 8 pupil for learning support (LWOO) or
    practical education (PrO) in secondary school, to the regional partnership
    for secondary education (SWV VO): the application file it asks for, its
    deadline, its state and the decision.

    Flow: draft -> complete (every required part of the file present) ->
    submitted -> decided (granted, refused or withdrawn)."""

    _name = "ib.secondary.support.application"
    _description = "LWOO/PrO Application"
    _inherit = ["ib.care.mixin", "ib.care.thread.mixin", "mail.activity.mixin"]
    _order = "deadline, id desc"
    # Privacy policy (see ib.care.mixin): care data, deleted with its chatter
    # and attachments (the capacity test) once the care data period after
    # leaving has passed; in the pupil file export.
    _ib_retention_class = "care"
    _ib_retention = "delete"
    _ib_file_export = True

    kind = fields.Selection(SUPPORT_KINDS, required=True, index=True, tracking=True)
    advice_id = fields.Many2one(
        "ib.secondary.advice",
        string="Secondary School Advice",
        index="btree_not_null",
        check_company=True,
        domain="[('pupil_id', '=', pupil_id)]",
        help="The advice for secondary school this application goes with.",
    )
    school_year_id = fields.Many2one(
        "ib.school.year",
        required=True,
        index=True,
        check_company=True,
        domain="[('company_id', '=', company_id)]",
    )
    swv_vo_partner_id = fields.Many2one(
        "res.partner",
        string="SWV VO",
        index="btree_not_null",
        help="The regional partnership for secondary education (samenwerkingsverband "
        "VO) that decides on the application; by default the one of the school "
        "(settings).",
    )
    deadline = fields.Date(
        string="Submission Deadline",
        compute="_compute_deadline",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
        help="When the file must be with the SWV VO: by default the deadline of "
        "the school year (configuration of the school year).",
    )
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_is_overdue",
        search="_search_is_overdue",
        help="The deadline has passed and the application was not submitted.",
    )
    state = fields.Selection(
        STATES, default="draft", required=True, index=True, copy=False, tracking=True
    )
    submitted_date = fields.Date(string="Submitted On", copy=False)
    decision = fields.Selection(DECISIONS, copy=False, tracking=True)
    decision_date = fields.Date(copy=False)
    decision_note = fields.Text(
        copy=False, help="What the SWV VO decided and why, in its words."
    )

    # The application file
    result_ids = fields.One2many(
        "ib.secondary.support.result", "application_id", string="Results"
    )
    capacity_test_done = fields.Boolean(
        help="An intelligence (capacity) test was taken. Required for practical "
        "education (PrO).",
    )
    capacity_test_name = fields.Char(string="Capacity Test", help="e.g. WISC-V, NIO.")
    capacity_test_date = fields.Date()
    capacity_test_score = fields.Integer(
        string="Total IQ", help="The total score of the capacity test."
    )
    capacity_test_by = fields.Char(
        string="Tested By", help="Who took the test (psychologist, orthopedagogue)."
    )
    capacity_test_file = fields.Binary(string="Capacity Test Report", attachment=True)
    capacity_test_file_name = fields.Char()
    social_emotional = fields.Text(
        string="Social-Emotional Development",
        help="The pupil's social-emotional development and work attitude, as the "
        "SWV VO asks for it.",
    )
    okr_referral_id = fields.Many2one(
        "ib.referral",
        string="Educational Report (OKR)",
        index="btree_not_null",
        check_company=True,
        domain="[('pupil_id', '=', pupil_id), ('okr_final_date', '!=', False)]",
        help="The referral whose final educational report (OKR) goes with the "
        "application.",
    )
    document_ids = fields.One2many(
        "ib.secondary.support.document", "application_id", string="Documents"
    )
    missing_document_type_ids = fields.Many2many(
        "ib.referral.document.type",
        compute="_compute_missing_document_type_ids",
        string="Missing Documents",
    )
    missing_parts = fields.Text(
        compute="_compute_missing_parts",
        help="What the application file still lacks before it is complete.",
    )

    _decision_idx = models.Index("(company_id, state, deadline)")

    # ---------------------------------------------------------------- computes

    @api.depends("school_year_id")
    def _compute_deadline(self):
        for application in self:
            if application.school_year_id.ib_lwoo_pro_deadline:
                application.deadline = application.school_year_id.ib_lwoo_pro_deadline

    @api.depends("deadline", "state")
    @api.depends_context("tz")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for application in self:
            application.is_overdue = bool(
                application.state in OPEN_STATES
                and application.deadline
                and application.deadline < today
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        overdue = Domain("state", "in", OPEN_STATES) & Domain(
            "deadline", "<", fields.Date.context_today(self)
        )
        return overdue if operator == "in" else ~overdue

    @api.depends("document_ids.document_type_id")
    def _compute_missing_document_type_ids(self):
        required = self.env["ib.referral.document.type"].search(
            [("kind", "=", "secondary")]
        )
        for application in self:
            application.missing_document_type_ids = (
                required - application.document_ids.document_type_id
            )

    @api.depends(
        "kind",
        "advice_id",
        "swv_vo_partner_id",
        "result_ids.domain",
        "capacity_test_done",
        "capacity_test_date",
        "capacity_test_score",
        "capacity_test_by",
        "capacity_test_file",
        "social_emotional",
        "okr_referral_id",
        "document_ids.document_type_id",
    )
    def _compute_missing_parts(self):
        for application in self:
            application.missing_parts = "\n".join(application._ib_missing_parts())

    def _ib_kind_label(self):
        self.ensure_one()
        labels = dict(self._fields["kind"]._description_selection(self.env))
        return labels.get(self.kind, "")

    def _compute_display_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for application in self:
            application.display_name = self.env._(
                "%(kind)s application %(pupil)s",
                kind=labels.get(application.kind, ""),
                pupil=application.pupil_id.name or "",
            )

    # -------------------------------------------------------------- the file

    def _ib_missing_parts(self):
        """The parts of the application file that are missing, each as a Dutch
        (translated) phrase; empty when the file is complete."""
        self.ensure_one()
        env = self.env
        missing = []
        if not self.swv_vo_partner_id:
            missing.append(env._("the SWV VO the application goes to"))
        advice = self.advice_id
        if not (advice.final_advice or advice.provisional_advice):
            missing.append(env._("the secondary school advice (provisional or final)"))
        domains = dict(
            self.env["ib.secondary.support.result"]
            ._fields["domain"]
            ._description_selection(env)
        )
        present = set(self.result_ids.mapped("domain"))
        for domain in REQUIRED_DOMAINS:
            if domain not in present:
                missing.append(env._("a result for %s", domains[domain].lower()))
        if not present & set(ONE_OF_DOMAINS):
            missing.append(
                env._(
                    "a result for %(one)s or %(other)s",
                    one=domains[ONE_OF_DOMAINS[0]].lower(),
                    other=domains[ONE_OF_DOMAINS[1]].lower(),
                )
            )
        if self.kind == "pro" and not self.capacity_test_done:
            missing.append(env._("a capacity test (required for practical education)"))
        if self.capacity_test_done:
            if not self.capacity_test_date:
                missing.append(env._("the date of the capacity test"))
            if not self.capacity_test_score:
                missing.append(env._("the total IQ of the capacity test"))
            if not self.capacity_test_by:
                missing.append(env._("who took the capacity test"))
            if not self.capacity_test_file:
                missing.append(env._("the report of the capacity test"))
        if not (self.social_emotional or "").strip():
            missing.append(env._("the social-emotional data"))
        if not self.okr_referral_id.okr_final_date:
            missing.append(env._("a final educational report (OKR)"))
        for doc_type in self.missing_document_type_ids:
            missing.append(env._("the document %s", doc_type.name))
        return missing

    def _ib_incomplete_message(self):
        """The message naming each missing part of the file, or False."""
        self.ensure_one()
        missing = self._ib_missing_parts()
        if not missing:
            return False
        return self.env._(
            "The %(kind)s application file of %(pupil)s is not complete. "
            "Missing: %(missing)s.",
            kind=self._ib_kind_label(),
            pupil=self.pupil_id.name,
            missing="; ".join(missing),
        )

    def _ib_undecided_message(self):
        self.ensure_one()
        if self.decision:
            return False
        return self.env._(
            "Record the decision of the SWV VO (granted, refused or withdrawn) on "
            "%s first.",
            self.display_name,
        )

    @api.constrains(
        "state",
        "decision",
        "kind",
        "swv_vo_partner_id",
        "advice_id",
        "okr_referral_id",
        "social_emotional",
        "capacity_test_done",
    )
    def _check_file_complete(self):
        """The file of a complete, submitted or decided application is
        complete, and a decided one has its decision, however the state was
        written (the buttons check it first, with the same message)."""
        for application in self.filtered(lambda a: a.state in FILED_STATES):
            message = application._ib_incomplete_message()
            if message:
                raise ValidationError(message)
        for application in self.filtered(lambda a: a.state == "decided"):
            message = application._ib_undecided_message()
            if message:
                raise ValidationError(message)

    @api.constrains("pupil_id")
    def _check_group_8(self):
        for application in self:
            if GROUP_8 not in application.pupil_id.group_id.grade_ids.mapped("number"):
                raise ValidationError(
                    self.env._(
                        "%s is not in group 8: only group 8 pupils apply for "
                        "learning support (LWOO) or practical education (PrO).",
                        application.pupil_id.name,
                    )
                )

    @api.constrains("advice_id", "okr_referral_id", "pupil_id")
    def _check_same_pupil(self):
        for application in self:
            for record in (application.advice_id, application.okr_referral_id):
                if record and record.pupil_id != application.pupil_id:
                    raise ValidationError(
                        self.env._(
                            "%(record)s is not about %(pupil)s.",
                            record=record.display_name,
                            pupil=application.pupil_id.name,
                        )
                    )

    # ----------------------------------------------------------------- actions

    def _ib_check_coordinator(self):
        self.env["res.users"]._ib_check_role(
            "coordinator",
            self.env._(
                "Only the care coordinator can change the state of an LWOO/PrO "
                "application."
            ),
            error=UserError,
        )
        self.check_access("write")

    def _ib_check_state(self, states):
        wrong, state = self._ib_wrong_state(states)
        if wrong:
            raise UserError(
                self.env._(
                    "%(name)s is %(state)s: this step is not possible now.",
                    name=wrong.display_name,
                    state=state,
                )
            )

    def _ib_check_complete(self):
        for application in self:
            message = application._ib_incomplete_message()
            if message:
                raise UserError(message)

    def action_complete(self):
        self._ib_check_coordinator()
        self._ib_check_state(("draft",))
        self._ib_check_complete()
        self.write({"state": "complete"})

    def action_draft(self):
        self._ib_check_coordinator()
        self._ib_check_state(("complete",))
        self.write({"state": "draft"})

    def action_submit(self):
        self._ib_check_coordinator()
        self._ib_check_state(("complete",))
        self._ib_check_complete()
        self.write(
            {"state": "submitted", "submitted_date": fields.Date.context_today(self)}
        )

    def action_decide(self):
        self._ib_check_coordinator()
        self._ib_check_state(("submitted",))
        for application in self:
            message = application._ib_undecided_message()
            if message:
                raise UserError(message)
        today = fields.Date.context_today(self)
        for application in self:
            application.write(
                {
                    "state": "decided",
                    "decision_date": application.decision_date or today,
                }
            )

    def action_print(self):
        self.ensure_one()
        self.check_access("read")
        return self.env.ref(
            "ib_referrals.ib_secondary_support_application_report_action"
        ).report_action(self)

    @api.model
    def _ib_default_values(self, advice):
        """The values of a new application for ``advice`` (a secondary school
        advice): its pupil, year and school's SWV VO."""
        return {
            "default_pupil_id": advice.pupil_id.id,
            "default_advice_id": advice.id,
            "default_school_year_id": advice.school_year_id.id,
            "default_swv_vo_partner_id": advice.company_id.ib_swv_vo_partner_id.id,
        }

    def _ib_check_file_editable(self):
        locked = self.filtered(lambda a: a.state != "draft")[:1]
        if locked:
            raise UserError(
                self.env._(
                    "The %(kind)s application file of %(pupil)s is complete or "
                    "submitted: set it back to draft to change it.",
                    kind=locked._ib_kind_label(),
                    pupil=locked.pupil_id.name,
                )
            )

    def write(self, vals):
        if FILE_FIELDS & set(vals) and "state" not in vals:
            self._ib_check_file_editable()
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        pupils = self.env["ib.pupil"].browse(
            [vals["pupil_id"] for vals in vals_list if vals.get("pupil_id")]
        )
        for vals in vals_list:
            if vals.get("pupil_id") and "swv_vo_partner_id" not in vals:
                pupil = pupils.filtered(lambda p, v=vals: p.id == v["pupil_id"])
                vals["swv_vo_partner_id"] = pupil.company_id.ib_swv_vo_partner_id.id
        return super().create(vals_list)
