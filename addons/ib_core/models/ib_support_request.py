from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import html2plaintext, is_html_empty

CARE_DOMAINS = [
    ("reading", "Reading"),
    ("spelling", "Spelling"),
    ("maths", "Maths"),
    ("language", "Language"),
    ("social_emotional", "Social-Emotional"),
    ("behaviour", "Behaviour"),
    ("work_attitude", "Work Attitude"),
    ("physical", "Physical/Medical"),
    ("home", "Home Situation"),
]
URGENCIES = [("low", "Low"), ("normal", "Normal"), ("high", "High")]
STATES = [
    ("new", "New"),
    ("analysis", "In Analysis"),
    ("answered", "Answered"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]
OUTCOMES = [
    ("advice", "Advice to the Teacher"),
    ("plan", "Plan"),
    ("meeting", "Meeting"),
    ("referral", "Referral"),
    ("other", "Other"),
]
# The coordinator still has to act on these.
ACTION_STATES = ("new", "analysis")
# Not finished yet: answered requests wait for the coordinator to close them.
OPEN_STATES = ("new", "analysis", "answered")
# Fields only the care coordinator sets; a teacher (the requester) fills in the rest.
COORDINATOR_FIELDS = frozenset(
    {
        "name",
        "requester_id",
        "coordinator_id",
        "answer",
        "date_answered",
        "outcome",
        "outcome_ref",
        # the coordinator's analysis (see ANALYSIS_FIELDS)
        "question_behind",
        "tried_effect",
        "hypothesis",
        "next_step",
    }
)
# The analysis step: what the coordinator records while analysing the request.
ANALYSIS_FIELDS = ("question_behind", "tried_effect", "hypothesis", "next_step")
DEFAULT_DEADLINE_DAYS = 14


class IbSupportRequest(models.Model):
    """A support request (hulpvraag): a teacher asks the care coordinator for help
    with a pupil of their group.

    Flow: new -> in analysis -> answered -> closed (or cancelled). What the request
    led to is recorded generically (``outcome`` + ``outcome_ref``): addons that turn a
    request into a plan, a meeting agenda item or a referral call
    :meth:`_ib_record_outcome` with the record they created.
    """

    _name = "ib.support.request"
    _description = "Support Request"
    _inherit = ["ib.care.mixin", "ib.care.thread.mixin", "mail.activity.mixin"]
    _order = "id desc"
    # Privacy policy (see ib.care.mixin): care data, deleted with its chatter once
    # the care data period after leaving has passed; in the pupil file export.
    _ib_retention_class = "care"
    _ib_retention = "delete"
    _ib_file_export = True
    # The requester and the coordinator discuss the request in its chatter, also
    # when the teacher can no longer edit it (after it left the state "new").
    _mail_post_access = "read"

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        index="trigram",
        help="Numbered per school and year, e.g. HV/2026/0001.",
    )
    pupil_id = fields.Many2one(domain="[('is_enrolled', '=', True)]")
    group_id = fields.Many2one(
        "ib.group",
        compute="_compute_group_id",
        store=True,
        precompute=True,
        index=True,
        help="The pupil's group when the request was filed.",
    )
    care_domain = fields.Selection(
        CARE_DOMAINS,
        string="Domain",
        required=True,
        index=True,
        help="The area of development the question is about.",
    )
    question = fields.Html(
        required=True,
        sanitize_style=True,
        help="What do you notice, and what would you like help with?",
    )
    tried = fields.Html(
        string="Tried Already",
        sanitize_style=True,
        help="What have you tried yourself, and with what result?",
    )
    urgency = fields.Selection(
        URGENCIES, required=True, default="normal", index=True, tracking=True
    )
    requester_id = fields.Many2one(
        "res.users",
        string="Requested By",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
        ondelete="restrict",
    )
    coordinator_id = fields.Many2one(
        "res.users",
        string="Care Coordinator",
        compute="_compute_coordinator_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        ondelete="restrict",
        help="Assigned automatically: the school's care coordinator.",
    )
    deadline = fields.Date(
        default=lambda self: (
            fields.Date.context_today(self) + timedelta(days=DEFAULT_DEADLINE_DAYS)
        ),
        index=True,
        tracking=True,
        help="When the teacher would like an answer.",
    )
    # analysis step (coordinator): shown in the pupil file and copied into the
    # plan drawn up from the request
    question_behind = fields.Html(
        string="Question Behind the Question",
        sanitize_style=True,
        help="What the teacher's question is really about (vraag achter de vraag).",
    )
    tried_effect = fields.Html(
        string="Effect of What Was Tried",
        sanitize_style=True,
        help="What the teacher already tried, and with what effect.",
    )
    hypothesis = fields.Html(
        sanitize_style=True,
        help="The care coordinator's hypothesis: what explains what the teacher "
        "notices.",
    )
    next_step = fields.Html(
        string="Agreed Next Step",
        sanitize_style=True,
        help="The next step agreed with the teacher.",
    )
    analysis_summary = fields.Text(
        compute="_compute_analysis_summary",
        help="The analysis in short: question behind the question, hypothesis "
        "and agreed next step.",
    )
    answer = fields.Html(string="Answer / Advice", sanitize_style=True)
    date_answered = fields.Date(string="Answered On", readonly=True, copy=False)
    state = fields.Selection(
        STATES,
        string="Status",
        required=True,
        default="new",
        index=True,
        tracking=True,
        copy=False,
        group_expand="_group_expand_states",
    )
    outcome = fields.Selection(
        OUTCOMES,
        string="Led To",
        copy=False,
        help="What the request led to: advice, or a plan, meeting or referral.",
    )
    outcome_ref = fields.Reference(
        selection="_selection_outcome_ref",
        string="Outcome Record",
        copy=False,
        help="The plan, meeting agenda item, referral... the request led to.",
    )
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue",
        search="_search_is_overdue",
        string="Overdue",
        help="Not answered yet, and the deadline has passed.",
    )
    ib_user_is_coordinator = fields.Boolean(
        compute="_compute_ib_user_rights", string="Current User Is Care Coordinator"
    )
    ib_can_edit = fields.Boolean(
        compute="_compute_ib_user_rights", string="Current User Can Edit"
    )
    color = fields.Integer(compute="_compute_color")

    @api.depends("pupil_id")
    def _compute_group_id(self):
        for request in self:
            request.group_id = request.pupil_id.group_id

    @api.depends("company_id")
    def _compute_coordinator_id(self):
        todo = self.filtered(lambda r: not r.coordinator_id and r.company_id)
        coordinators = todo.company_id._ib_get_care_coordinators()
        for request in todo:
            request.coordinator_id = coordinators.get(request.company_id.id, False)

    @api.depends(*ANALYSIS_FIELDS)
    def _compute_analysis_summary(self):
        for request in self:
            parts = [
                f"{request._fields[fname]._description_string(self.env)}: "
                f"{html2plaintext(request[fname]).strip()}"
                for fname in ("question_behind", "hypothesis", "next_step")
                if not is_html_empty(request[fname])
            ]
            request.analysis_summary = "\n".join(parts) or False

    @api.depends("deadline", "state")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for request in self:
            request.is_overdue = bool(
                request.state in ACTION_STATES
                and request.deadline
                and request.deadline < today
            )

    def _search_is_overdue(self, operator, value):
        if operator != "in":
            return NotImplemented
        values = {bool(v) for v in value}
        if values == {True, False}:
            return Domain.TRUE
        overdue = self._ib_overdue_domain()
        return overdue if True in values else ~overdue

    @api.model
    def _ib_overdue_domain(self):
        today = fields.Date.context_today(self)
        return Domain("state", "in", ACTION_STATES) & Domain("deadline", "<", today)

    @api.depends("state", "requester_id")
    @api.depends_context("uid")
    def _compute_ib_user_rights(self):
        is_coordinator = self._ib_user_is_coordinator()
        for request in self:
            request.ib_user_is_coordinator = is_coordinator
            request.ib_can_edit = request.state not in ("closed", "cancelled") and (
                is_coordinator
                or (request.requester_id == self.env.user and request.state == "new")
            )

    @api.depends("state", "urgency")
    def _compute_color(self):
        for request in self:
            urgent = request.urgency == "high" and request.state in ACTION_STATES
            request.color = 1 if urgent else 0

    @api.model
    def _group_expand_states(self, states, domain):
        # the open columns always; closed and cancelled ones only when not empty
        return [key for key, _label in STATES if key in OPEN_STATES or key in states]

    @api.constrains("state", "answer")
    def _check_answer(self):
        for request in self:
            answered = request.state in ("answered", "closed")
            if answered and is_html_empty(request.answer):
                raise ValidationError(
                    self.env._(
                        "Support request %s is answered: it needs the answer or "
                        "advice to the teacher.",
                        request.name,
                    )
                )

    @api.model
    def _selection_outcome_ref(self):
        """Models a request can lead to: every pupil-care model (plans, meeting
        agenda items, referrals... of later addons inherit ``ib.care.mixin``) and
        the pupil file. Override with super() to add models that are not care
        records."""
        names = set(self.env["ib.care.mixin"]._ib_care_models()) | {"ib.pupil"}
        models_ = self.env["ir.model"].sudo().search([("model", "in", sorted(names))])
        return [(m.model, m.name) for m in models_.sorted("name")]

    # ------------------------------------------------------------------ access

    def _ib_user_is_coordinator(self):
        return self.env["res.users"]._ib_current_user_has_role("coordinator")

    def _ib_check_coordinator(self):
        self.env["res.users"]._ib_check_role(
            "coordinator",
            self.env._("Only the care coordinator can do this with a support request."),
        )

    def _ib_check_teacher_values(self, vals, creating=False):
        """A teacher files the request; coordinator-only fields are not theirs."""
        if self._ib_user_is_coordinator():
            return
        forbidden = set(vals) & COORDINATOR_FIELDS
        if creating and vals.get("requester_id") in (self.env.uid, None):
            forbidden.discard("requester_id")
        state = vals.get("state")
        if state and state != ("new" if creating else "cancelled"):
            forbidden.add("state")
        if forbidden:
            names = ", ".join(
                self._fields[fname]._description_string(self.env)
                for fname in sorted(forbidden)
            )
            raise AccessError(
                self.env._(
                    "Only the care coordinator can set these fields of a support "
                    "request: %s.",
                    names,
                )
            )

    # -------------------------------------------------------------------- CRUD

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._ib_check_teacher_values(vals, creating=True)
        self._ib_assign_reference(vals_list)
        requests = super().create(vals_list)
        # The coordinator follows the requests assigned to them.
        for coordinator, group in requests.grouped("coordinator_id").items():
            if coordinator:
                group.message_subscribe(partner_ids=coordinator.partner_id.ids)
        requests._ib_schedule_coordinator_activity()
        return requests

    def write(self, vals):
        self._ib_check_teacher_values(vals)
        if "pupil_id" in vals and not self._ib_user_is_coordinator():
            # Rules are checked on the current values only: make sure a teacher
            # does not move their request to a pupil of another group.
            self.env["ib.pupil"].browse(vals["pupil_id"]).check_access("read")
        previous = {}
        if "coordinator_id" in vals:
            previous = {r.id: r.coordinator_id for r in self}
        result = super().write(vals)
        if previous:
            changed = self.filtered(lambda r: previous[r.id] != r.coordinator_id)
            changed._ib_follow_coordinator_change(previous)
        if vals.get("deadline"):
            # the coordinator's to-do follows the deadline
            self.activity_reschedule(
                ["mail.mail_activity_data_todo"], date_deadline=vals["deadline"]
            )
        return result

    @api.model
    def _ib_assign_reference(self, vals_list):
        """HV/<year>/<number>, numbered per school (the pupil's school)."""
        todo = [vals for vals in vals_list if not vals.get("name")]
        if not todo:
            return
        # Reading the pupils as the user: a pupil they cannot see is refused here.
        pupil_ids = {vals.get("pupil_id") for vals in todo} - {None, False}
        pupils = self.env["ib.pupil"].browse(pupil_ids)
        pupils.check_access("read")
        school_of = {pupil.id: pupil.company_id for pupil in pupils}
        sequences = pupils.company_id._ib_support_request_sequences()
        today = fields.Date.context_today(self)
        for vals in todo:
            school = school_of.get(vals.get("pupil_id"))
            # Without a pupil, the missing pupil is the error to report.
            vals["name"] = (
                sequences[school.id]._next(sequence_date=today) if school else "/"
            )

    def _ib_schedule_coordinator_activity(self, states=ACTION_STATES):
        """A to-do for the coordinator on each request (in ``states``) that waits
        for them and has no open to-do of theirs yet."""
        Activity = self.env["mail.activity"]
        todo = self.filtered(lambda r: r.coordinator_id and r.state in states)
        if not todo:
            return Activity
        existing = Activity.search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", todo.ids),
                ("user_id", "in", todo.coordinator_id.ids),
            ]
        )
        covered = {(a.res_id, a.user_id.id) for a in existing}
        todo = todo.filtered(lambda r: (r.id, r.coordinator_id.id) not in covered)
        if not todo:
            return Activity
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        return Activity.create(
            [
                {
                    "activity_type_id": activity_type.id,
                    "res_model_id": model_id,
                    "res_id": request.id,
                    "user_id": request.coordinator_id.id,
                    "date_deadline": request.deadline or today,
                    "summary": self.env._("Support request %s", request.name),
                    "automated": True,
                }
                for request in todo
            ]
        )

    def _ib_follow_coordinator_change(self, previous):
        """The coordinator's to-dos follow the request to the new coordinator."""
        todo_type = self.env.ref("mail.mail_activity_data_todo")
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("activity_type_id", "=", todo_type.id),
                ("user_id", "in", [user.id for user in previous.values() if user]),
            ]
        )
        for coordinator, requests in self.grouped("coordinator_id").items():
            to_move = activities.filtered(
                lambda a, reqs=requests: (
                    a.res_id in reqs.ids and a.user_id == previous[a.res_id]
                )
            )
            if not to_move:
                continue
            if coordinator:
                to_move.write({"user_id": coordinator.id})
            else:
                to_move.unlink()
        self._ib_schedule_coordinator_activity()

    # ---------------------------------------------------------------- workflow

    def _ib_check_state(self, allowed, action_label):
        wrong, state = self._ib_wrong_state(allowed)
        if wrong:
            raise UserError(
                self.env._(
                    "%(action)s is not possible for support request %(name)s: it is "
                    "%(state)s.",
                    action=action_label,
                    name=wrong.name,
                    state=state,
                )
            )

    def action_start_analysis(self):
        self._ib_check_coordinator()
        self._ib_check_state(("new",), self.env._("Starting the analysis"))
        self.write({"state": "analysis"})
        return True

    def action_answer(self):
        self._ib_check_coordinator()
        self._ib_check_state(ACTION_STATES, self.env._("Answering"))
        missing = self.filtered(lambda r: is_html_empty(r.answer))
        if missing:
            raise UserError(
                self.env._(
                    "Write your answer or advice to the teacher before answering "
                    "support request %s.",
                    missing[0].name,
                )
            )
        today = fields.Date.context_today(self)
        for outcome, requests in self.grouped(lambda r: r.outcome or "advice").items():
            requests.write(
                {"state": "answered", "date_answered": today, "outcome": outcome}
            )
        self._ib_done_coordinator_activities(self.env._("Answered"))
        for request in self:
            # Only the fact, never the content: the notification may be mailed.
            request.message_post(
                body=self.env._(
                    "Support request %(name)s has been answered by %(coordinator)s.",
                    name=request.name,
                    coordinator=self.env.user.name,
                ),
                # the requester, if they may still read the request
                partner_ids=request._ib_readers(request.requester_id).partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_close(self):
        self._ib_check_coordinator()
        self._ib_check_state(("answered",), self.env._("Closing"))
        self.write({"state": "closed"})
        self._ib_done_coordinator_activities(self.env._("Closed"))
        return True

    def action_cancel(self):
        # A teacher may withdraw their own new request (write rule + field check).
        self.check_access("write")
        self._ib_check_state(ACTION_STATES, self.env._("Cancelling"))
        self.write({"state": "cancelled"})
        # sudo: the requester may withdraw, but the to-do belongs to the
        # coordinator; only the to-dos of these requests are removed.
        self.sudo().activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_reopen(self):
        self._ib_check_coordinator()
        self._ib_check_state(
            ("answered", "closed", "cancelled"), self.env._("Reopening")
        )
        cancelled = self.filtered(lambda r: r.state == "cancelled")
        cancelled.write({"state": "new"})
        (self - cancelled).write({"state": "analysis"})
        self._ib_schedule_coordinator_activity()
        return True

    def _ib_done_coordinator_activities(self, feedback):
        for coordinator, requests in self.grouped("coordinator_id").items():
            requests.activity_feedback(
                ["mail.mail_activity_data_todo"],
                user_id=coordinator.id or None,
                feedback=feedback,
            )

    # ----------------------------------------------------------------- outcome

    def _ib_record_outcome(self, record, kind):
        """Record what the request led to (called by the addons that create it).

        :param record: the created record (a plan, meeting agenda item, referral...)
        :param kind: one of the ``outcome`` values: advice, plan, meeting,
            referral, other
        """
        self.ensure_one()
        self.check_access("write")
        kinds = dict(self._fields["outcome"]._description_selection(self.env))
        if kind not in kinds:
            raise ValidationError(
                self.env._("%s is not a known outcome of a support request.", kind)
            )
        if self.state in ("closed", "cancelled"):
            raise UserError(
                self.env._(
                    "Support request %s is closed: reopen it to record what it led to.",
                    self.name,
                )
            )
        if record:
            record.ensure_one()
            allowed = dict(self._selection_outcome_ref())
            if record._name not in allowed:
                raise ValidationError(
                    self.env._(
                        "A support request cannot lead to a record of type %s.",
                        record._description,
                    )
                )
            record_company = "company_id" in record._fields and record.company_id
            if record_company and record_company != self.company_id:
                raise ValidationError(
                    self.env._(
                        "Support request %s belongs to another school than the "
                        "record it led to.",
                        self.name,
                    )
                )
        self.write(
            {
                "outcome": kind,
                "outcome_ref": f"{record._name},{record.id}" if record else False,
            }
        )
        if record:
            link = Markup("<a href='#' data-oe-model='{}' data-oe-id='{}'>{}</a>")
            self.message_post(
                body=Markup("{} {}").format(
                    self.env._("Led to %s:", kinds[kind]),
                    link.format(record._name, record.id, record.display_name),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True
