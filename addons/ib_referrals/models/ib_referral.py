import base64

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import plaintext2html

REFERRAL_KINDS = [
    ("assessment", "External Assessment"),
    ("provider", "Referral to a Provider"),
    ("swv_arrangement", "SWV Arrangement Request"),
    ("tlv", "TLV Request (SBO/SO)"),
    ("secondary", "Transfer to Secondary School (LWOO/PrO)"),
    ("return", "Return from Special Education"),
]
# Requests to the regional partnership need consent for purpose "swv".
SWV_KINDS = ("swv_arrangement", "tlv")
# Decisions that have a category and a validity period.
DECISION_PERIOD_KINDS = ("swv_arrangement", "tlv")
STATES = [
    ("draft", "Draft"),
    ("waiting_consent", "Waiting for Consent"),
    ("ready", "Ready"),
    ("sent", "Sent"),
    ("in_progress", "In Progress"),
    ("decided", "Decided"),
    ("closed", "Closed"),
]
# Marks the copies of the documents made for the mail composer.
SEND_COPY_MARK = "ib_referral_send_copy"
# Parties may object to a decision of the SWV within six weeks.
OBJECTION_WEEKS = 6


class IbReferral(models.Model):
    """A referral of a pupil to an external party: an assessment, a provider, the
    regional partnership (arrangement, TLV), a secondary school.

    Flow: draft -> waiting for consent -> ready -> sent -> in progress -> decided
    -> closed. It is only sent with valid consent for the receiving party and with
    every document of the checklist of its kind.
    """

    _name = "ib.referral"
    _description = "Referral"
    _inherit = ["ib.care.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"

    name = fields.Char(string="Subject", required=True)
    pupil_name = fields.Char(
        related="pupil_id.name",
        string="Pupil Name",
        help="The pupil's name, as the receiving party sees it in the portal.",
    )
    kind = fields.Selection(REFERRAL_KINDS, required=True, index=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Receiving Party",
        required=True,
        index=True,
        domain="[('ib_is_provider', '=', True)]",
    )
    state = fields.Selection(
        STATES, default="draft", required=True, index=True, copy=False, tracking=True
    )
    question = fields.Text(help="What the school asks the receiving party.")
    reasoning = fields.Text(help="Why this referral is needed now.")
    history = fields.Text(
        help="The support given so far that this referral rests on.",
    )
    parents_view = fields.Text(
        string="Parents' View",
        help="The view of the parents, as the coordinator recorded it.",
    )
    okr_note_ids = fields.Many2many(
        "ib.pupil.note",
        string="Notes in the Report",
        domain="[('pupil_id', '=', pupil_id)]",
        help="The notes of the pupil file the educational report (OKR) shows.",
    )
    support_request_id = fields.Many2one(
        "ib.support.request",
        index="btree_not_null",
        domain="[('pupil_id', '=', pupil_id)]",
        help="The support request this referral started from.",
    )
    document_ids = fields.One2many(
        "ib.referral.document", "referral_id", string="Documents"
    )
    missing_document_type_ids = fields.Many2many(
        "ib.referral.document.type",
        compute="_compute_missing_document_type_ids",
        string="Missing Documents",
    )
    advice_ids = fields.One2many(
        "ib.referral.advice", "referral_id", string="Expert Advices"
    )
    expected_answer_date = fields.Date(
        help="When the answer is expected: an activity reminds the coordinator."
    )
    sent_date = fields.Datetime(readonly=True, copy=False)
    sent_partner_ids = fields.Many2many(
        "res.partner",
        "ib_referral_sent_partner_rel",
        "referral_id",
        "partner_id",
        string="Sent To",
        readonly=True,
        copy=False,
    )
    sent_attachment_ids = fields.Many2many(
        "ir.attachment",
        "ib_referral_sent_attachment_rel",
        "referral_id",
        "attachment_id",
        string="Sent Documents",
        readonly=True,
        copy=False,
    )
    decision = fields.Selection(
        [("granted", "Granted"), ("refused", "Refused")], copy=False
    )
    decision_date = fields.Date(copy=False)
    decision_category = fields.Char(
        string="Category", copy=False, help="The category of a TLV or arrangement."
    )
    valid_from = fields.Date(copy=False)
    valid_until = fields.Date(copy=False, index=True)
    objection_deadline = fields.Date(copy=False)

    _valid_period = models.Constraint(
        "CHECK(valid_until IS NULL OR valid_from IS NULL OR valid_until >= valid_from)",
        "The validity period cannot end before it starts.",
    )

    @api.depends("kind", "document_ids.document_type_id")
    def _compute_missing_document_type_ids(self):
        types = self.env["ib.referral.document.type"].search(
            [("kind", "in", list(set(self.mapped("kind"))))]
        )
        for referral in self:
            required = types.filtered(lambda t, r=referral: t.kind == r.kind)
            referral.missing_document_type_ids = (
                required - referral.document_ids.document_type_id
            )

    # ------------------------------------------------------------------ access

    def _ib_check_coordinator(self):
        if not (self.env.su or self.env.user.has_group("ib_core.group_ib_coordinator")):
            raise UserError(
                self.env._(
                    "Only the care coordinator can change the state of a referral."
                )
            )
        self.check_access("write")

    def _ib_check_state(self, states):
        wrong = self.filtered(lambda r: r.state not in states)
        if wrong:
            raise UserError(
                self.env._(
                    "Referral %(name)s is %(state)s: this step is not possible now.",
                    name=wrong[0].name,
                    state=dict(self._fields["state"]._description_selection(self.env))[
                        wrong[0].state
                    ],
                )
            )

    # ------------------------------------------------------------------- rules

    def _ib_consent_purpose(self):
        self.ensure_one()
        return "swv" if self.kind in SWV_KINDS else "referral"

    def _ib_missing_consent(self):
        """The referrals of self without valid consent for their receiving party."""
        missing = self.browse()
        for (purpose, partner), referrals in self.grouped(
            lambda r: (r._ib_consent_purpose(), r.partner_id)
        ).items():
            valid = referrals.pupil_id._ib_has_valid_consent(purpose, partner=partner)
            missing |= referrals.filtered(lambda r, v=valid: not v[r.pupil_id.id])
        return missing

    def _ib_check_sendable(self):
        """Raise when a referral cannot go out: missing consent or documents."""
        purposes = dict(
            self.env["ib.consent"]._fields["purpose"]._description_selection(self.env)
        )
        for referral in self._ib_missing_consent():
            raise UserError(
                self.env._(
                    "Referral %(name)s cannot be sent: there is no valid consent of a "
                    'parent with parental authority of %(pupil)s for "%(purpose)s" '
                    "with %(partner)s. Record the consent first.",
                    name=referral.name,
                    pupil=referral.pupil_id.name,
                    purpose=purposes[referral._ib_consent_purpose()],
                    partner=referral.partner_id.display_name,
                )
            )
        for referral in self.filtered("missing_document_type_ids"):
            raise UserError(
                self.env._(
                    "Referral %(name)s cannot be sent: these documents are missing: "
                    "%(documents)s.",
                    name=referral.name,
                    documents=", ".join(
                        referral.missing_document_type_ids.mapped("name")
                    ),
                )
            )

    # ----------------------------------------------------------------- actions

    def action_wait_consent(self):
        self._ib_check_coordinator()
        self._ib_check_state(("draft",))
        self.write({"state": "waiting_consent"})

    def action_ready(self):
        self._ib_check_coordinator()
        self._ib_check_state(("draft", "waiting_consent"))
        self._ib_check_sendable()
        self.write({"state": "ready"})

    def action_send(self):
        """Open Odoo's mail composer with the shared documents attached."""
        self.ensure_one()
        self._ib_check_coordinator()
        self._ib_check_state(("ready",))
        self._ib_check_sendable()
        attachments = self._ib_shared_attachments()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send Referral"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_composition_mode": "comment",
                "default_partner_ids": self.partner_id.ids,
                "default_subject": self.name,
                "default_attachment_ids": attachments.ids,
                "ib_referral_send": True,
            },
        }

    def _ib_shared_attachments(self):
        """Copies of the documents marked to send along, as attachments of the
        referral (readable by whoever may read the referral, never public): the
        composer attaches them to the message that goes out."""
        self.ensure_one()
        Attachment = self.env["ir.attachment"]
        # Copies of an earlier attempt whose composer was closed without sending
        # (a referral that was sent is no longer "ready": nothing sent is removed).
        if self.state == "ready":
            Attachment.search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "=", self.id),
                    ("description", "=", SEND_COPY_MARK),
                ]
            ).unlink()
        documents = self.document_ids.filtered("share")
        return Attachment.create(
            [
                {
                    "name": document.file_name or document.name,
                    "datas": document.file,
                    "res_model": self._name,
                    "res_id": self.id,
                    "description": SEND_COPY_MARK,
                }
                for document in documents
            ]
        )

    def message_post(self, **kwargs):
        message = super().message_post(**kwargs)
        if self.env.context.get("ib_referral_send") and self.state == "ready":
            self._ib_mark_sent(message)
        return message

    def _ib_mark_sent(self, message):
        """Record what was sent, when and to whom, and plan the answer deadline."""
        self.ensure_one()
        self._ib_check_sendable()
        self.write(
            {
                "state": "sent",
                "sent_date": fields.Datetime.now(),
                "sent_partner_ids": [fields.Command.set(message.partner_ids.ids)],
                "sent_attachment_ids": [
                    fields.Command.set(message.sudo().attachment_ids.ids)
                ],
            }
        )
        if self.expected_answer_date:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=self.expected_answer_date,
                summary=self.env._("Answer expected on referral %s", self.name),
                user_id=self.env.user.id,
            )

    def _ib_add_provider_report(self, user, filename, data, comment=""):
        """Store the report a provider uploaded in the portal on the referral
        (and so in the pupil file) and tell the coordinator.

        Called as superuser by the portal controller, after it found the referral
        as the provider's portal user: the provider may not write care records.
        """
        self.ensure_one()
        document = self.env["ib.referral.document"].create(
            {
                "referral_id": self.id,
                "name": self.env._("Report of %s", user.partner_id.display_name),
                "file": base64.b64encode(data),
                "file_name": filename,
                "from_provider": True,
                "share": False,
            }
        )
        self.message_post(
            body=plaintext2html(comment) if comment else False,
            subject=self.env._("Report uploaded by %s", user.partner_id.display_name),
            author_id=user.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        coordinator = self.company_id._ib_get_care_coordinators().get(
            self.company_id.id
        )
        if coordinator:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._(
                    "Read the report of %s", user.partner_id.display_name
                ),
                user_id=coordinator.id,
            )
        return document

    def action_start(self):
        self._ib_check_coordinator()
        self._ib_check_state(("sent",))
        self.write({"state": "in_progress"})

    def _ib_check_decidable(self):
        for referral in self.filtered(lambda r: r.kind == "tlv"):
            experts = {
                (a.expert_name or "").strip().lower() for a in referral.advice_ids
            }
            if len(experts) < 2:
                raise UserError(
                    self.env._(
                        "TLV request %s needs two advices of two different experts "
                        "before it can be decided.",
                        referral.name,
                    )
                )
        for referral in self:
            if not referral.decision:
                raise UserError(
                    self.env._(
                        "Record the decision (granted or refused) of referral %s "
                        "first.",
                        referral.name,
                    )
                )
            if (
                referral.kind in DECISION_PERIOD_KINDS
                and referral.decision == "granted"
                and not referral.valid_until
            ):
                raise ValidationError(
                    self.env._(
                        "A granted TLV or arrangement needs its validity period: "
                        "fill in the end date of referral %s.",
                        referral.name,
                    )
                )

    def action_decide(self):
        self._ib_check_coordinator()
        self._ib_check_state(("sent", "in_progress"))
        self._ib_check_decidable()
        today = fields.Date.context_today(self)
        for referral in self:
            decision_date = referral.decision_date or today
            referral.write(
                {
                    "state": "decided",
                    "decision_date": decision_date,
                    "objection_deadline": referral.objection_deadline
                    or decision_date + relativedelta(weeks=OBJECTION_WEEKS),
                }
            )
            if referral.valid_until:
                referral.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=referral.valid_until - relativedelta(months=3),
                    summary=self.env._(
                        "%(name)s ends on %(date)s: plan the follow-up",
                        name=referral.name,
                        date=referral.valid_until,
                    ),
                    user_id=self.env.user.id,
                )

    def action_close(self):
        self._ib_check_coordinator()
        self._ib_check_state(("decided", "sent", "in_progress"))
        self.write({"state": "closed"})

    def action_print_okr(self):
        self.ensure_one()
        self.check_access("read")
        return self.env.ref("ib_referrals.ib_referral_okr_report_action").report_action(
            self
        )

    @api.model_create_multi
    def create(self, vals_list):
        referrals = super().create(vals_list)
        for referral in referrals.filtered("support_request_id"):
            referral.support_request_id._ib_record_outcome(referral, "referral")
        return referrals
