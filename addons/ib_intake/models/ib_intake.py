from collections import defaultdict
from datetime import timedelta

from babel.dates import format_date as babel_format_date
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tools import plaintext2html

# WPO art. 40 lid 4: the school decides within six weeks of the registration, and
# may extend that once by at most four weeks. The law counts weeks: calendar
# days, weekends and school holidays included (see readme/CONFIGURE.md).
DECISION_WEEKS = 6
EXTENSION_WEEKS = 4
# Registrations not admitted (refused or withdrawn) are kept this long after the
# decision, for an objection or a complaint; then the retention job deletes them.
RETENTION_MONTHS_NOT_ADMITTED = 24

STATES = [
    ("registered", "Registered"),
    ("gathering", "Gathering Information"),
    ("observing", "Observing and Consulting"),
    ("admitted", "Admitted"),
    ("refused", "Not Admitted"),
    ("withdrawn", "Withdrawn"),
]
OPEN_STATES = ("registered", "gathering", "observing")
DECIDED_STATES = ("admitted", "refused")


def decision_deadline(registration_date, extended=False, paused_days=0):
    """The last day of the decision period: six weeks (calendar days) after the
    registration, four weeks more once extended, plus the days the clock was
    paused while the school waited for information from the parents."""
    if not registration_date:
        return False
    weeks = DECISION_WEEKS + (EXTENSION_WEEKS if extended else 0)
    return registration_date + timedelta(weeks=weeks, days=paused_days)


class IbIntake(models.Model):
    """The registration of a child with a support need (zorgplicht).

    Care data before there is a pupil file: the same privacy as the pupil file
    (school rule, roles, care chatter, access log, retention) and, once the child
    is admitted, part of that file (``pupil_id``). The decision deadline is stored
    and indexed for the lists and the coordinator's overview.
    """

    _name = "ib.intake"
    _description = "Intake (Registration with a Support Need)"
    _inherit = [
        "ib.care.mixin",
        "ib.care.thread.mixin",
        "ib.portal.fields.mixin",
        "mail.activity.mixin",
    ]
    _order = "registration_date desc, id desc"
    # Privacy policy (see ib.care.mixin): care data. Once admitted it belongs to
    # the pupil file: deleted with its chatter and files once the care data period
    # after leaving has passed, and in the pupil file export. A registration that
    # was not admitted has no pupil: _cron_ib_retention deletes it
    # RETENTION_MONTHS_NOT_ADMITTED months after the decision.
    _ib_retention_class = "care"
    _ib_retention = "delete"
    _ib_file_export = True
    _ib_file_export_exclude = ("extension_draft", "decision_note")
    # What the parents who registered read (also over RPC): the registration as
    # they gave it, the state, the deadline and what the school told them. Never
    # the school's notes, observation or draft texts.
    _ib_portal_fields = frozenset(
        {
            "name",
            "child_first_name",
            "child_infix",
            "child_last_name",
            "child_birth_date",
            "partner_id",
            "parent_ids",
            "company_id",
            "previous_school_name",
            "support_need",
            "information_consent",
            "registration_date",
            "state",
            "deadline",
            "is_paused",
            "extended_on",
            "extension_reason",
            "decision_date",
            "decision_told",
            "offer_school_id",
            "create_date",
        }
    )

    # The pupil file created on admission (empty before).
    pupil_id = fields.Many2one(
        required=False, readonly=True, copy=False, string="Pupil File"
    )
    company_id = fields.Many2one(
        "res.company",
        related=False,
        precompute=False,
        required=True,
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
    )
    name = fields.Char(
        string="Child", compute="_compute_name", store=True, index="trigram"
    )
    child_first_name = fields.Char(string="First Name", required=True, tracking=True)
    child_infix = fields.Char(string="Infix", help="Tussenvoegsel, e.g. 'van der'.")
    child_last_name = fields.Char(string="Last Name", required=True, tracking=True)
    child_birth_date = fields.Date(string="Date of Birth", required=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Registered By",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        help="The parent or guardian who registered the child.",
    )
    parent_ids = fields.Many2many(
        "res.partner",
        "ib_intake_parent_rel",
        "intake_id",
        "partner_id",
        string="Parents",
        help="The parents or guardians of the child; the parent who registered is "
        "always one of them. They become the guardians of the pupil file on "
        "admission and see the registration in the portal.",
    )
    school_year_id = fields.Many2one(
        "ib.school.year",
        index=True,
        ondelete="restrict",
        check_company=True,
        help="The school year the child would start in.",
    )
    previous_school_id = fields.Many2one(
        "res.partner",
        ondelete="restrict",
        tracking=True,
    )
    previous_school_name = fields.Char(
        string="Previous School (as Given)",
        help="The previous school or day care as the parents named it.",
    )
    support_need = fields.Text(
        required=True,
        help="The child's support need as the parents describe it.",
    )
    information_consent = fields.Boolean(
        string="Consent for Information",
        tracking=True,
        help="The parents agree that the school asks the previous school for the "
        "transfer report (OKR) and other reports about the child.",
    )
    consent_date = fields.Date(string="Consent Given On", tracking=True)
    registration_date = fields.Date(
        required=True,
        index=True,
        default=fields.Date.context_today,
        tracking=True,
        help="The day the registration reached the school: the decision period "
        "starts here.",
    )
    state = fields.Selection(
        STATES,
        string="Status",
        required=True,
        default="registered",
        index=True,
        tracking=True,
        copy=False,
    )
    pause_ids = fields.One2many("ib.intake.pause", "intake_id", string="Pauses")
    paused_days = fields.Integer(
        compute="_compute_pause", store=True, help="Days of the finished pauses."
    )
    is_paused = fields.Boolean(
        string="Clock Paused",
        compute="_compute_pause",
        store=True,
        index=True,
        help="The school is waiting for information the parents must give: the "
        "decision period does not run.",
    )
    extended_on = fields.Date(readonly=True, copy=False, tracking=True)
    extension_draft = fields.Text(
        string="Reason for the Extension",
        help="Told to the parents when you extend the decision period.",
    )
    extension_reason = fields.Text(
        string="Reason for the Extension (Told)", readonly=True, copy=False
    )
    deadline = fields.Date(
        string="Decision Deadline",
        compute="_compute_deadline",
        store=True,
        index=True,
        help="Six weeks after the registration (calendar days), four weeks more "
        "once extended, plus the days the clock was paused.",
    )
    observation = fields.Html(
        help="Observation of the child and the consultations (school only)."
    )
    internal_note = fields.Html(string="Internal Notes")
    decision_note = fields.Text(
        string="Explanation of the Decision",
        help="Why the school cannot give the support the child needs; told to "
        "the parents in the letter when you record the decision.",
    )
    decision_told = fields.Text(string="Explanation (Told)", readonly=True, copy=False)
    decision_date = fields.Date(readonly=True, copy=False, tracking=True)
    offer_school_id = fields.Many2one(
        "res.partner",
        string="School Offered (SWV)",
        ondelete="restrict",
        tracking=True,
        help="The school that can give the support, offered with the "
        "partnership (SWV) when this school cannot.",
    )
    plan_id = fields.Many2one(
        "ib.care.plan",
        readonly=True,
        copy=False,
        ondelete="set null",
        check_company=True,
    )

    # ------------------------------------------------------------------ computes
    @api.depends("child_first_name", "child_infix", "child_last_name")
    def _compute_name(self):
        for intake in self:
            parts = (
                intake.child_first_name,
                intake.child_infix,
                intake.child_last_name,
            )
            intake.name = " ".join(p.strip() for p in parts if p and p.strip())

    @api.depends("pause_ids.date_start", "pause_ids.date_end")
    def _compute_pause(self):
        for intake in self:
            intake.paused_days = sum(intake.pause_ids.mapped("days"))
            intake.is_paused = any(not p.date_end for p in intake.pause_ids)

    @api.depends("registration_date", "extended_on", "paused_days")
    def _compute_deadline(self):
        for intake in self:
            intake.deadline = decision_deadline(
                intake.registration_date, bool(intake.extended_on), intake.paused_days
            )

    # --------------------------------------------------------------- constraints
    @api.constrains("child_birth_date", "registration_date")
    def _check_dates(self):
        for intake in self:
            if (
                intake.child_birth_date
                and intake.child_birth_date > intake.registration_date
            ):
                raise ValidationError(
                    self.env._("The date of birth cannot lie after the registration.")
                )

    @api.constrains("extended_on", "extension_reason")
    def _check_extension_reason(self):
        for intake in self:
            if intake.extended_on and not (intake.extension_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "The decision period can only be extended with a reason "
                        "told to the parents."
                    )
                )

    @api.constrains("state", "offer_school_id", "decision_told", "pupil_id")
    def _check_refusal(self):
        for intake in self:
            if intake.state == "admitted" and not intake.pupil_id:
                raise ValidationError(
                    self.env._(
                        "A child is admitted with the Admit button, which creates "
                        "the pupil file."
                    )
                )
            if intake.state == "refused" and not (
                intake.offer_school_id and (intake.decision_told or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "A registration is only refused with the school offered "
                        "with the partnership (SWV) and the explanation for the "
                        "parents."
                    )
                )

    # ------------------------------------------------------------------- create
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("partner_id"):
                vals.setdefault("parent_ids", [])
                vals["parent_ids"] = list(vals["parent_ids"]) + [
                    Command.link(vals["partner_id"])
                ]
        intakes = super().create(vals_list)
        for intake in intakes.filtered(lambda i: not i.school_year_id):
            intake.school_year_id = self.env["ib.school.year"]._get_current(
                intake.company_id
            )
        intakes._ib_plan_step("gather")
        return intakes

    def write(self, vals):
        res = super().write(vals)
        if vals.get("partner_id"):
            for intake in self.filtered(lambda i: i.partner_id not in i.parent_ids):
                intake.parent_ids = [Command.link(intake.partner_id.id)]
        return res

    # ----------------------------------------------------------- care policies
    def _ib_access_log_targets(self):
        # Before admission there is no pupil: the registration itself is
        # logged (see ib.pupil.access.log in this addon).
        return {intake.id: intake.pupil_id or intake for intake in self}

    def _ib_external_recipients(self):
        # The parents receive (never follow) what the school tells them: the
        # extension and the decision.
        return self.parent_ids

    # -------------------------------------------------------------------- steps
    def _ib_step_summaries(self):
        return {
            "gather": self.env._("Gather information (previous school, reports)"),
            "consent": self.env._(
                "Ask the parents' consent for information from the previous school"
            ),
            "observe": self.env._("Observe the child and consult"),
            "decide": self.env._("Decide on the registration"),
        }

    def _ib_plan_step(self, step):
        """Schedule the activity of ``step`` for the school's coordinators and
        mark the activities of the earlier steps done."""
        summaries = self._ib_step_summaries()
        todo = self.env.ref("mail.mail_activity_data_todo")
        # sudo: finding the coordinators and scheduling for them is the
        # system's task, also when a parent registers in the portal; the
        # activity is assigned only to users who read the registration (G4).
        coordinators = self.env["ib.pupil"]._ib_coordinators_by_company(self.company_id)
        for intake in self.sudo():
            intake.activity_ids.filtered(
                lambda a: a.activity_type_id == todo and a.summary in summaries.values()
            ).action_feedback()
            if step is None:
                continue
            if step == "gather":
                deadline = intake.registration_date + timedelta(weeks=2)
            else:
                deadline = intake.deadline
            for user in coordinators.get(intake.company_id.id, []):
                intake.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=max(deadline, fields.Date.context_today(self)),
                    summary=summaries[step],
                    user_id=user.id,
                )

    def _ib_check_state(self, allowed):
        for intake in self:
            if intake.state not in allowed:
                raise UserError(
                    self.env._(
                        "The registration of %(child)s is %(state)s: this step is "
                        "not possible now.",
                        child=intake.name,
                        state=dict(
                            self._fields["state"]._description_selection(self.env)
                        )[intake.state].lower(),
                    )
                )

    def action_gather(self):
        """Start gathering information: the previous school's transfer report
        (OKR) and reports, once the parents have given their consent."""
        self.check_access("write")
        self._ib_check_state(("registered",))
        self.write({"state": "gathering"})
        for intake in self:
            needs_consent = intake.previous_school_id and not intake.information_consent
            intake._ib_plan_step("consent" if needs_consent else "gather")
        return True

    def action_record_consent(self):
        """The parents gave their consent for information from the previous
        school (on paper, by mail or in the registration form)."""
        self.check_access("write")
        self._ib_check_state(OPEN_STATES)
        self.write(
            {
                "information_consent": True,
                "consent_date": fields.Date.context_today(self),
            }
        )
        self.filtered(lambda i: i.state == "gathering")._ib_plan_step("gather")
        return True

    def action_observe(self):
        self.check_access("write")
        self._ib_check_state(("registered", "gathering"))
        self.write({"state": "observing"})
        self._ib_plan_step("observe")
        return True

    def action_plan_decision(self):
        self.check_access("write")
        self._ib_check_state(OPEN_STATES)
        self._ib_plan_step("decide")
        return True

    def action_pause(self):
        """Stop the clock from today: the school waits for information the
        parents must give."""
        self.check_access("write")
        self._ib_check_state(OPEN_STATES)
        if any(self.mapped("is_paused")):
            raise UserError(self.env._("The clock is already paused."))
        self.env["ib.intake.pause"].create(
            [
                {
                    "intake_id": intake.id,
                    "date_start": fields.Date.context_today(self),
                    "reason": self.env._("Waiting for information from the parents"),
                }
                for intake in self
            ]
        )
        return True

    def action_resume(self, on_date=None):
        """Restart the clock: the paused days are added to the deadline."""
        self.check_access("write")
        pauses = self.pause_ids.filtered(lambda p: not p.date_end)
        if not pauses:
            raise UserError(self.env._("The clock is not paused."))
        pauses.write({"date_end": on_date or fields.Date.context_today(self)})
        return True

    def action_extend(self):
        """Extend the decision period once by four weeks, with the reason told
        to the parents (a message in the portal and by e-mail)."""
        self.check_access("write")
        self._ib_check_state(OPEN_STATES)
        for intake in self:
            if intake.extended_on:
                raise UserError(
                    self.env._(
                        "The decision period of %(child)s was already extended on "
                        "%(date)s: the law allows one extension only.",
                        child=intake.name,
                        date=intake.extended_on.strftime("%d-%m-%Y"),
                    )
                )
            reason = (intake.extension_draft or "").strip()
            if not reason:
                raise UserError(
                    self.env._(
                        "Write the reason for the extension first: the parents "
                        "are told why the school needs more time."
                    )
                )
            intake.write(
                {
                    "extended_on": fields.Date.context_today(self),
                    "extension_reason": reason,
                    "extension_draft": False,
                }
            )
            intake._ib_tell_parents(
                self.env._(
                    "The school needs more time to decide on the registration of "
                    "%(child)s. The decision period is extended by four weeks, "
                    "until %(deadline)s. Reason: %(reason)s",
                    child=intake.name,
                    deadline=intake.deadline.strftime("%d-%m-%Y"),
                    reason=reason,
                )
            )
        return True

    def _ib_tell_parents(self, body):
        """A message to the parents (not an internal note): sent by e-mail and
        shown on their registration page in the portal."""
        self.ensure_one()
        self.message_post(
            body=body,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.parent_ids.ids,
        )

    def action_open_admit_wizard(self):
        self.ensure_one()
        self.check_access("write")
        self._ib_check_state(OPEN_STATES)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Admit %(child)s", child=self.name),
            "res_model": "ib.intake.admit.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_intake_id": self.id},
        }

    def action_refuse(self):
        """The school cannot give the support: record the decision with the
        school offered with the SWV; the parents get the letter in the portal."""
        self.check_access("write")
        self._ib_check_state(OPEN_STATES)
        for intake in self:
            explanation = (intake.decision_note or "").strip()
            if not intake.offer_school_id or not explanation:
                raise UserError(
                    self.env._(
                        "Fill in the school offered with the partnership (SWV) "
                        "and the explanation for the parents first."
                    )
                )
            intake.write(
                {
                    "state": "refused",
                    "decision_date": fields.Date.context_today(self),
                    "decision_told": explanation,
                }
            )
            intake._ib_plan_step(None)
            intake._ib_tell_parents(
                self.env._(
                    "The school has decided on the registration of %(child)s: it "
                    "cannot give the support your child needs, and offers, with "
                    "the partnership (SWV), a place at %(school)s. The letter is "
                    "on your page in the portal.",
                    child=intake.name,
                    school=intake.offer_school_id.name,
                )
            )
        return True

    def action_withdraw(self):
        self.check_access("write")
        self._ib_check_state(OPEN_STATES)
        self.pause_ids.filtered(lambda p: not p.date_end).write(
            {"date_end": fields.Date.context_today(self)}
        )
        self.write(
            {"state": "withdrawn", "decision_date": fields.Date.context_today(self)}
        )
        self._ib_plan_step(None)
        return True

    def action_print_letter(self):
        self.ensure_one()
        if self.state != "refused":
            raise UserError(self.env._("Only a refusal has a decision letter."))
        return self.env.ref("ib_intake.ib_intake_refusal_report_action").report_action(
            self
        )

    @api.model
    def _ib_dutch_date(self, value):
        """``value`` as a Dutch letter writes it: 6 december 2026."""
        if not value:
            return ""
        return babel_format_date(value, format="long", locale="nl_NL")

    # ------------------------------------------------------------------ admission
    def action_admit(self, group_id, create_plan=False):
        """Admit the child into the group ``group_id``: create the pupil file
        from the registration (nothing retyped): the child, the parents as
        guardians, the group, the registration's documents, and optionally a
        draft OPP from the support need. Returns the pupil's id."""
        self.ensure_one()
        self.check_access("write")
        self._ib_check_state(OPEN_STATES)
        group = self.env["ib.group"].browse(group_id).exists()
        if not group or group.company_id != self.company_id:
            raise UserError(
                self.env._("Choose a group of the school of the registration.")
            )
        pupil = self.env["ib.pupil"].create(
            {
                "first_name": self.child_first_name,
                "infix": self.child_infix,
                "last_name": self.child_last_name,
                "date_of_birth": self.child_birth_date,
                "company_id": self.company_id.id,
                "enrolment_date": fields.Date.context_today(self),
                "membership_ids": [Command.create({"group_id": group.id})],
                "guardian_ids": [
                    Command.create(
                        {
                            "partner_id": parent.id,
                            # sudo: whether a parent has a portal login is not
                            # the coordinator's data to read
                            "portal_access": bool(
                                parent.sudo().user_ids.filtered("share")
                            ),
                        }
                    )
                    for parent in self.parent_ids
                ],
            }
        )
        vals = {
            "state": "admitted",
            "pupil_id": pupil.id,
            "decision_date": fields.Date.context_today(self),
        }
        if create_plan:
            vals["plan_id"] = (
                self.env["ib.care.plan"]
                .create(
                    {
                        "name": self.env._("OPP %(child)s", child=self.name),
                        "kind": "opp",
                        "pupil_id": pupil.id,
                        "company_id": self.company_id.id,
                        "educational_needs": plaintext2html(self.support_need or ""),
                    }
                )
                .id
            )
        self.write(vals)
        # The registration's documents go to the pupil file with it: the
        # attachments stay on the registration (part of the file through
        # pupil_id) and are linked to the pupil file as well.
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", self._name), ("res_id", "=", self.id)]
        )
        if attachments:
            pupil.message_post(
                body=self.env._(
                    "Documents of the registration of %(date)s.",
                    date=self.registration_date.strftime("%d-%m-%Y"),
                ),
                attachment_ids=[
                    a.copy({"res_model": "ib.pupil", "res_id": pupil.id}).id
                    for a in attachments
                ],
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        self._ib_carry_consent(pupil)
        self._ib_plan_step(None)
        self._ib_tell_parents(
            self.env._(
                "The school has decided on the registration of %(child)s: your "
                "child is admitted.",
                child=self.name,
            )
        )
        return pupil.id

    def _ib_carry_consent(self, pupil):
        """The consent the parents gave at registration becomes a consent of the
        pupil file (ib.consent), answered on the day it was given."""
        if not self.information_consent:
            return
        guardian = pupil.guardian_ids.filtered(
            lambda g: g.partner_id == self.partner_id and g.parental_authority
        )[:1]
        if not guardian:
            return
        consent = self.env["ib.consent"].create(
            {
                "pupil_id": pupil.id,
                "partner_id": guardian.partner_id.id,
                "purpose": "other",
                "external_partner_id": self.previous_school_id.id,
                "description": self.env._(
                    "Information from the previous school (transfer report and "
                    "reports), given with the registration."
                ),
            }
        )
        consent.write(
            {
                "state": "requested",
                "request_date": self.consent_date or self.registration_date,
            }
        )
        consent._ib_answer(
            "given",
            "paper",
            answer_date=self.consent_date or self.registration_date,
        )

    # ----------------------------------------------------------------- retention
    @api.model
    def _cron_ib_retention(self, today=None):
        """Delete registrations that were not admitted (refused, withdrawn)
        RETENTION_MONTHS_NOT_ADMITTED months after the decision, with their
        chatter, activities and files. Admitted registrations are part of the
        pupil file and follow its retention (ib.retention.engine)."""
        today = today or fields.Date.context_today(self)
        limit = today - relativedelta(months=RETENTION_MONTHS_NOT_ADMITTED)
        intakes = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("state", "in", ("refused", "withdrawn")),
                    ("pupil_id", "=", False),
                    ("decision_date", "<", limit),
                ]
            )
        )
        if not intakes:
            return 0
        # the retention engine's own removal of a record's thread: messages,
        # activities, followers, scheduled messages and every attachment
        self.env["ib.retention.engine"].sudo()._ib_remove_thread(
            self._name,
            dict.fromkeys(intakes.ids, False),
            self.env._("Registration"),
            defaultdict(int),
        )
        count = len(intakes)
        intakes.unlink()
        return count
