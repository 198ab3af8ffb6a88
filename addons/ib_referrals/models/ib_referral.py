import base64
import hashlib
import secrets

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import is_html_empty, plaintext2html

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
# Marks the frozen PDF of a final educational report (OKR).
OKR_FINAL_MARK = "ib_referral_okr_final"
# What no one changes once the OKR is final (the PDF is frozen on the referral).
# The sections of the OKR that receiving schools and the SWV expect, filled
# from the pupil file where it holds them and completed by the coordinator
# before the parents see the report (see _ib_okr_required_sections).
OKR_SECTION_FIELDS = (
    "okr_educational_needs",
    "okr_stimulating_factors",
    "okr_hindering_factors",
    "okr_social_emotional",
    "okr_absence",
    "okr_tried",
)
OKR_LOCKED_FIELDS = frozenset(
    {
        *OKR_SECTION_FIELDS,
        "okr_body",
        "okr_final_date",
        "okr_final_user_id",
        "okr_attachment_id",
        "okr_checksum",
        "okr_token",
    }
)
# What the receiving party reads of a referral sent to it (portal whitelist).
PROVIDER_PORTAL_FIELDS = (
    "name",
    "pupil_name",
    "kind",
    "partner_id",
    "company_id",
    "state",
    "question",
    "sent_date",
)
# What the parents' portal prints of a referral whose educational report (OKR)
# is shared with them (read through sudo by the controller after its own check:
# parents have no access to referrals).
PARENT_PORTAL_FIELDS = (
    "name",
    "pupil_id",
    "partner_id",
    "state",
    "okr_share_with_parents",
    "okr_attachment_id",
    "okr_final_date",
    "okr_seen_date",
    "okr_seen_name",
    "parents_view",
    "parents_portal_view",
    "parents_portal_view_date",
    # printed only once the report is final (a draft stays with the school)
    "okr_body",
    *OKR_SECTION_FIELDS,
)
# States in which the receiving party has the referral.
SENT_STATES = ("sent", "in_progress", "decided", "closed")
# Parents add to their view and confirm the OKR in the portal only while the
# referral has not gone out.
OKR_PARENT_STATES = ("draft", "waiting_consent", "ready")


class IbReferral(models.Model):
    """A referral of a pupil to an external party: an assessment, a provider, the
    regional partnership (arrangement, TLV), a secondary school.

    Flow: draft -> waiting for consent -> ready -> sent -> in progress -> decided
    -> closed. It is only sent with valid consent for the receiving party and with
    every document of the checklist of its kind.
    """

    _name = "ib.referral"
    _description = "Referral"
    _inherit = [
        "ib.care.mixin",
        "ib.care.thread.mixin",
        "mail.activity.mixin",
        "ib.portal.fields.mixin",
    ]
    _order = "id desc"
    # Privacy policy (see ib.care.mixin): care data, deleted with its chatter once
    # the care data period after leaving has passed; in the pupil file export.
    _ib_retention_class = "care"
    _ib_retention = "delete"
    _ib_file_export = True
    # What the receiving party (a portal user of the organisation the referral
    # was sent to, rule ib_referral_rule_portal) reads of it, also over RPC: what
    # the provider portal shows, and the fields its search filters and orders
    # on. Not the reasoning, the history, the parents' view, the OKR, the
    # documents, the chatter or who else received it.
    _ib_portal_fields = frozenset(PROVIDER_PORTAL_FIELDS)

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
    consent_lost = fields.Boolean(
        string="Consent Withdrawn",
        compute="_compute_consent_lost",
        help="The referral was sent, but the consent it rests on was withdrawn or "
        "has expired: the receiving party no longer has access to it, its "
        "documents or its messages.",
    )

    # The educational report (OKR): a draft text generated from the pupil file,
    # edited by the coordinator and then made final (frozen as a PDF).
    # The OKR text and its frozen PDF gather notes (also confidential ones), results
    # and plans: for the coordinator and the director, like the printed report.
    okr_body = fields.Html(
        string="Educational Report Text",
        sanitize_style=True,
        copy=False,
        groups="ib_core.group_ib_director",
        help="The text of the educational report (OKR): generated from the pupil "
        "file, then reviewed and edited by the coordinator before it is made final.",
    )
    okr_educational_needs = fields.Html(
        string="Educational Needs",
        sanitize_style=True,
        copy=False,
        groups="ib_core.group_ib_director",
        help="What the pupil needs to learn and develop (onderwijsbehoeften): "
        "filled from the pupil file.",
    )
    okr_stimulating_factors = fields.Html(
        string="Stimulating Factors",
        sanitize_style=True,
        copy=False,
        groups="ib_core.group_ib_director",
        help="What helps the pupil, at school and at home: filled from the pupil file.",
    )
    okr_hindering_factors = fields.Html(
        string="Hindering Factors",
        sanitize_style=True,
        copy=False,
        groups="ib_core.group_ib_director",
        help="What hinders the pupil, at school and at home: filled from the "
        "pupil file.",
    )
    okr_social_emotional = fields.Html(
        string="Social-Emotional Development",
        sanitize_style=True,
        copy=False,
        groups="ib_core.group_ib_director",
        help="How the pupil develops socially and emotionally.",
    )
    okr_absence = fields.Html(
        string="Absence",
        sanitize_style=True,
        copy=False,
        groups="ib_core.group_ib_director",
        help="The pupil's absence (authorised and unauthorised) and what the "
        "school did about it.",
    )
    okr_tried = fields.Html(
        string="What Was Tried, with What Effect",
        sanitize_style=True,
        copy=False,
        groups="ib_core.group_ib_director",
        help="The support the school gave and its effect: filled from the plans "
        "where the suite holds them.",
    )
    okr_missing_sections = fields.Char(
        string="Empty OKR Sections",
        compute="_compute_okr_missing_sections",
        groups="ib_core.group_ib_director",
        help="The required sections of the report that are still empty: the "
        "report is not shared with the parents before they are filled.",
    )
    okr_reference = fields.Char(
        string="OKR Reference", compute="_compute_okr_reference"
    )
    okr_final_date = fields.Datetime(
        string="OKR Made Final On", readonly=True, copy=False
    )
    okr_final_user_id = fields.Many2one(
        "res.users", string="OKR Made Final By", readonly=True, copy=False
    )
    okr_attachment_id = fields.Many2one(
        "ir.attachment",
        string="Final OKR (PDF)",
        readonly=True,
        copy=False,
        groups="ib_core.group_ib_director",
        help="The PDF frozen when the report was made final: this is what is sent.",
    )
    okr_checksum = fields.Char(
        string="OKR Checksum (SHA-256)", readonly=True, copy=False
    )
    okr_token = fields.Char(
        string="OKR Verification Code",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="ib_core.group_ib_director",
    )
    okr_verify_url = fields.Char(
        string="OKR Verification Address",
        compute="_compute_okr_verify_url",
        groups="ib_core.group_ib_director",
        help="Printed as a QR code on the final report: the receiver checks a copy "
        "against the school's copy there. It shows no pupil data.",
    )
    okr_share_with_parents = fields.Boolean(
        string="Share the OKR with the Parents",
        copy=False,
        tracking=True,
        help="The parents with parental authority and portal access see this "
        "referral's educational report in the portal: they add to their view "
        "while it is a draft and confirm that they have seen it once it is final.",
    )
    okr_parents_confirm_required = fields.Boolean(
        string="Parents Must Confirm the OKR",
        compute="_compute_okr_parents_confirm_required",
        store=True,
        readonly=False,
        help="The report of a leaving pupil: it is only sent after the parents "
        "confirmed in the portal that they have seen it.",
    )
    parents_portal_view = fields.Text(
        string="Parents' View (Portal)",
        readonly=True,
        copy=False,
        help="What the parents added to their view in the portal, in their words.",
    )
    parents_portal_view_date = fields.Datetime(
        string="Parents' View Added On", readonly=True, copy=False
    )
    parents_portal_view_partner_id = fields.Many2one(
        "res.partner", string="Parents' View Added By", readonly=True, copy=False
    )
    okr_seen_date = fields.Datetime(
        string="OKR Seen by the Parents On", readonly=True, copy=False
    )
    okr_seen_partner_id = fields.Many2one(
        "res.partner", string="OKR Seen By", readonly=True, copy=False
    )
    okr_seen_name = fields.Char(string="OKR Signed By", readonly=True, copy=False)
    okr_seen_signature = fields.Image(
        string="Parents' Signature",
        max_width=1024,
        max_height=1024,
        attachment=True,
        readonly=True,
        copy=False,
    )

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

    @api.depends(
        "state",
        "kind",
        "partner_id",
        "pupil_id.consent_ids.state",
        "pupil_id.consent_ids.valid_until",
    )
    def _compute_consent_lost(self):
        sent = self.filtered(lambda r: r.id and r.state in SENT_STATES)
        lost = sent._ib_missing_consent() if sent else sent
        for referral in self:
            referral.consent_lost = referral in lost

    @api.depends(*OKR_SECTION_FIELDS)
    def _compute_okr_missing_sections(self):
        for referral in self:
            referral.okr_missing_sections = (
                ", ".join(referral._ib_okr_empty_sections().values()) or False
            )

    def _ib_okr_required_sections(self):
        """The sections of the OKR that must be filled before the parents see
        it: {field name: label}."""
        return {
            name: self._fields[name].get_description(self.env)["string"]
            for name in OKR_SECTION_FIELDS
        }

    def _ib_okr_empty_sections(self):
        self.ensure_one()
        return {
            name: label
            for name, label in self._ib_okr_required_sections().items()
            if is_html_empty(self[name])
        }

    @api.constrains("okr_share_with_parents", *OKR_SECTION_FIELDS)
    def _check_okr_sections_before_parents(self):
        for referral in self.filtered("okr_share_with_parents"):
            empty = referral._ib_okr_empty_sections()
            if empty:
                raise ValidationError(
                    self.env._(
                        "The educational report (OKR) of referral %(name)s cannot "
                        "be shared with the parents while these sections are "
                        "empty: %(sections)s. Complete them first.",
                        name=referral.name,
                        sections=", ".join(empty.values()),
                    )
                )

    def _compute_okr_reference(self):
        for referral in self:
            date = referral.okr_final_date or referral.create_date
            year = (date or fields.Datetime.now()).year
            referral.okr_reference = f"OKR-{year}-{referral.id or 0:05d}"

    @api.depends("okr_token")
    def _compute_okr_verify_url(self):
        for referral in self:
            referral.okr_verify_url = (
                f"{referral.get_base_url()}/ib/okr/verify/{referral.okr_token}"
                if referral.okr_token
                else False
            )

    @api.depends("kind", "pupil_id.leaving_date")
    def _compute_okr_parents_confirm_required(self):
        for referral in self:
            referral.okr_parents_confirm_required = bool(
                referral.kind == "secondary" or referral.pupil_id.leaving_date
            )

    # ------------------------------------------------------------------ access

    def _ib_check_coordinator(self):
        self.env["res.users"]._ib_check_role(
            "coordinator",
            self.env._("Only the care coordinator can change the state of a referral."),
            error=UserError,
        )
        self.check_access("write")

    def _ib_check_state(self, states):
        wrong, state = self._ib_wrong_state(states)
        if wrong:
            raise UserError(
                self.env._(
                    "Referral %(name)s is %(state)s: this step is not possible now.",
                    name=wrong.name,
                    state=state,
                )
            )

    # ------------------------------------------------------------------- rules

    # The portal rule of referrals (ib_referral_rule_portal) repeats, as a
    # domain, the condition of _ib_valid_consent_map for the receiving party:
    # keep the two together.

    def _ib_notify_consent_lost(self):
        """Tell the coordinator that the receiving party lost its access to the
        referrals of ``self`` (sent ones whose consent was withdrawn or expired):
        a note in the chatter and an activity.

        Called as superuser when a consent is withdrawn or expires (whoever did
        it: the parent in the portal, the coordinator, the daily job): the rule
        of referrals has already stopped the receiving party's access."""
        author = self.env.ref("base.partner_root")
        coordinators = self.company_id._ib_get_care_coordinators()
        for referral in self:
            referral.message_post(
                body=self.env._(
                    "The consent for this referral was withdrawn or has expired: "
                    "%(partner)s no longer has access to the referral, its "
                    "documents and its messages.",
                    partner=referral.partner_id.display_name,
                ),
                author_id=author.id,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
            coordinator = coordinators.get(referral.company_id.id)
            if coordinator:
                referral.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._(
                        "Consent withdrawn: inform %s that it may no longer use "
                        "the referral",
                        referral.partner_id.display_name,
                    ),
                    user_id=coordinator.id,
                )

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
        self._ib_check_okr_sendable()
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

    def _ib_check_okr_sendable(self):
        """A drafted OKR goes out only once final; a leaving pupil's OKR only
        once the parents confirmed that they have seen it."""
        for referral in self:
            if referral.okr_body and not referral.okr_attachment_id:
                raise UserError(
                    self.env._(
                        "Referral %s has a draft educational report (OKR): make it "
                        "final before sending, so that the frozen report goes out.",
                        referral.name,
                    )
                )
            if not referral.okr_parents_confirm_required:
                continue
            missing = []
            if not referral.okr_attachment_id:
                missing.append(self.env._("a final educational report (OKR)"))
            if not referral.okr_share_with_parents:
                missing.append(self.env._("sharing the OKR with the parents"))
            if not referral.okr_seen_date:
                missing.append(
                    self.env._(
                        "the parents' confirmation in the portal that they have "
                        "seen the OKR"
                    )
                )
            if missing:
                raise UserError(
                    self.env._(
                        "Referral %(name)s is about a leaving pupil and cannot be "
                        "sent yet. Missing: %(missing)s.",
                        name=referral.name,
                        missing="; ".join(missing),
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
        return self._ib_action_compose(
            self.env._("Send Referral"),
            {
                "default_partner_ids": self.partner_id.ids,
                "default_subject": self.name,
                "default_attachment_ids": attachments.ids,
                "ib_referral_send": True,
            },
        )

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
        # A generated OKR line has no file of its own: the frozen PDF goes below.
        documents = self.document_ids.filtered(lambda d: d.share and d.file)
        copies = Attachment.create(
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
        # The frozen PDF of the final OKR itself, never a fresh render.
        return self.okr_attachment_id | copies

    def _ib_external_recipients(self):
        # The receiving organisation and its contact persons get the referral
        # mail (they never follow the referral nor read its chatter).
        partner = self.partner_id.commercial_partner_id
        return partner | partner.child_ids

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
                "source": "provider",
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

    def _ib_tlv_expert_problem(self):
        """Why the expert advices of this TLV request do not suffice (WPO art.
        18a: the advice of at least two different experts, one of them an
        orthopedagogue or a psychologist), or False. Counted: advices of expert
        contacts in an expertise the regional partnership accepts (see its
        contact; by default every expertise with a role in a TLV advice), with
        the advice document attached."""
        self.ensure_one()
        accepted = self.partner_id.commercial_partner_id.ib_tlv_expertise_ids
        if not accepted:
            accepted = self.env["ib.expertise"].search([("tlv_role", "!=", False)])
        counted = self.advice_ids.filtered(
            lambda a: (
                a.expertise_id in accepted
                and a.expertise_id in a.expert_id.ib_expertise_ids
                and a.attachment_ids
            )
        )
        unattached = self.advice_ids.filtered(lambda a: not a.attachment_ids)
        if len(counted.expert_id) < 2:
            reason = self.env._(
                "TLV request %(name)s needs the advices of two different experts "
                "with an expertise that %(swv)s accepts (%(accepted)s), each with "
                "its advice document attached, before it can be decided.",
                name=self.name,
                swv=self.partner_id.display_name,
                accepted=", ".join(accepted.mapped("name")),
            )
            if unattached:
                reason += " " + self.env._(
                    "Without an advice document: %s.",
                    ", ".join(unattached.expert_id.mapped("display_name")),
                )
            return reason
        if not counted.filtered(lambda a: a.expertise_id.tlv_role == "primary"):
            return self.env._(
                "TLV request %(name)s needs the advice of an orthopedagogue or a "
                "psychologist (%(primary)s) as one of the two experts.",
                name=self.name,
                primary=", ".join(
                    accepted.filtered(lambda e: e.tlv_role == "primary").mapped("name")
                ),
            )
        return False

    def _ib_check_decidable(self):
        for referral in self.filtered(lambda r: r.kind == "tlv"):
            problem = referral._ib_tlv_expert_problem()
            if problem:
                raise UserError(problem)
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

    @api.model
    def _ib_action_new_referral(self, context):
        """The form of a new referral, filled from where it starts (``context``
        holds its ``default_*`` values)."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Referral"),
            "res_model": "ib.referral",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": context,
        }

    def action_print_okr(self):
        """The frozen PDF once the OKR is final, otherwise a draft print."""
        self.ensure_one()
        self.check_access("read")
        if self.okr_attachment_id:
            return {
                "type": "ir.actions.act_url",
                "url": f"/web/content/{self.okr_attachment_id.id}?download=true",
                "target": "self",
            }
        return self.env.ref("ib_referrals.ib_referral_okr_report_action").report_action(
            self
        )

    # ------------------------------------------------------- OKR review, freeze

    def _ib_check_okr_editable(self):
        frozen = self.filtered("okr_attachment_id")
        if frozen:
            raise UserError(
                self.env._(
                    "The educational report (OKR) of referral %s is final: its text "
                    "and its PDF can no longer be changed.",
                    frozen[0].name,
                )
            )

    def write(self, vals):
        if OKR_LOCKED_FIELDS & set(vals):
            self._ib_check_okr_editable()
        return super().write(vals)

    def action_okr_generate(self):
        """(Re)generate the draft OKR text from the pupil file."""
        self._ib_check_coordinator()
        self._ib_check_okr_editable()
        for referral in self:
            referral.write(
                dict(
                    referral._ib_okr_section_values(),
                    okr_body=referral._ib_okr_render_body(),
                )
            )
        return True

    def _ib_okr_section_values(self):
        """The sections of the OKR the pupil file holds, read as the current
        user: {field name: html}. A section the file does not hold keeps what
        the coordinator wrote.

        Hook: addons fill the sections from their own records (call super),
        e.g. ib_care_plans_referrals fills what was tried from the plans."""
        self.ensure_one()
        pupil = self.pupil_id
        values = {}
        for section, source in (
            ("okr_educational_needs", "educational_needs"),
            ("okr_stimulating_factors", "stimulating_factors"),
            ("okr_hindering_factors", "hindering_factors"),
        ):
            if pupil._has_field_access(
                pupil._fields[source], "read"
            ) and not is_html_empty(pupil[source]):
                values[section] = pupil[source]
        return values

    def _ib_okr_lang(self):
        self.ensure_one()
        return self.company_id.partner_id.lang or self.env.user.lang

    def _ib_okr_render_body(self):
        self.ensure_one()
        values = self._ib_okr_values()
        return (
            self.env["ir.qweb"]
            .with_context(lang=self._ib_okr_lang())
            ._render("ib_referrals.okr_body", values)
        )

    def _ib_okr_values(self):
        """What the generated OKR shows, read as the current user (record rules
        apply): identification, school career, support level history, notes,
        question, parents' view.

        Hook: addons add the values of their own sections here (call super) and
        fill the ``okr_extra_sections`` placeholder of the ``okr_body``
        template, e.g. ib_care_plans_referrals adds test results and plans."""
        self.ensure_one()
        pupil = self.pupil_id
        return {
            "referral": self,
            "pupil": pupil,
            "career": self._ib_okr_career(),
            "levels": self._ib_okr_support_levels(),
            "notes": self.okr_note_ids,
        }

    def _ib_okr_career(self):
        """The groups of the pupil per school year, oldest first, with the years
        in which the pupil stayed in the same grade (repeated)."""
        memberships = self.pupil_id.membership_ids.sorted("date_start")
        rows, previous = [], None
        for membership in memberships:
            grade = max(membership.group_id.grade_ids.mapped("number") or [0])
            rows.append(
                {
                    "year": membership.school_year_id.display_name,
                    "group": membership.group_id.name,
                    "grade": membership.group_id.grades_label or "",
                    "repeated": bool(previous and grade and grade <= previous),
                }
            )
            previous = grade
        return rows

    def _ib_okr_support_levels(self):
        """The changes of the pupil's support level, from the pupil's tracking."""
        pupil = self.pupil_id
        field = self.env["ir.model.fields"]._get("ib.pupil", "support_level_id")
        if not pupil._has_field_access(pupil._fields["support_level_id"], "read"):
            return []
        messages = self.env["mail.message"].search(
            [("model", "=", "ib.pupil"), ("res_id", "=", pupil.id)]
        )
        # sudo: tracking values are readable by administrators only; as the
        # chatter does, read those of the messages found above as the user, for a
        # field the user may read (checked above).
        trackings = (
            messages.sudo()
            .tracking_value_ids.filtered(lambda t: t.field_id == field)
            .sorted(lambda t: (t.mail_message_id.date, t.id))
        )
        rows = [
            {
                "date": tracking.mail_message_id.date.date(),
                "old": tracking.old_value_char or "",
                "new": tracking.new_value_char or "",
            }
            for tracking in trackings
        ]
        if not rows and pupil.support_level_id:
            rows.append(
                {"date": False, "old": "", "new": pupil.support_level_id.display_name}
            )
        return rows

    def action_okr_finalize(self):
        """Make the OKR final: lock the text, freeze the PDF (with a QR code to
        the verification page) as an attachment of the referral, with its
        SHA-256 checksum."""
        self._ib_check_coordinator()
        self._ib_check_okr_editable()
        for referral in self:
            if not referral.okr_body or not referral.okr_body.striptags().strip():
                raise UserError(
                    self.env._(
                        "Referral %s has no educational report (OKR) text yet: "
                        "generate it and review it first.",
                        referral.name,
                    )
                )
        report = self.env.ref("ib_referrals.ib_referral_okr_report_action")
        for referral in self:
            referral.write(
                {
                    "okr_token": secrets.token_urlsafe(32),
                    "okr_final_date": fields.Datetime.now(),
                    "okr_final_user_id": self.env.user.id,
                }
            )
            # Rendered as the coordinator: the report checks their rights.
            content, _type = self.env["ir.actions.report"]._render_qweb_pdf(
                report.report_name, referral.ids
            )
            # The mark keeps the file to the coordinator and the director (rule
            # ir_attachment_rule_ib_okr_final), like the printed report.
            attachment = self.env["ir.attachment"].create(
                {
                    "name": f"{referral.okr_reference}.pdf",
                    "raw": content,
                    "mimetype": "application/pdf",
                    "res_model": self._name,
                    "res_id": referral.id,
                    "description": OKR_FINAL_MARK,
                }
            )
            referral.write(
                {
                    "okr_attachment_id": attachment.id,
                    "okr_checksum": hashlib.sha256(content).hexdigest(),
                }
            )
            referral._ib_add_generated_document("okr", referral)
            referral.message_post(
                body=self.env._(
                    "The educational report (OKR) was made final: %(reference)s, "
                    "checksum %(checksum)s.",
                    reference=referral.okr_reference,
                    checksum=referral.okr_checksum,
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _ib_add_generated_document(self, generated_kind, record, values=None):
        """Record on the checklist the document the suite generated for this
        referral from ``record`` (the final OKR, an OPP...): it ticks the
        checklist line of ``generated_kind`` for the referral's kind (once per
        record)."""
        self.ensure_one()
        Document = self.env["ib.referral.document"]
        doc_type = self.env["ib.referral.document.type"].search(
            [("kind", "=", self.kind), ("generated_kind", "=", generated_kind)],
            limit=1,
        )
        reference = f"{record._name},{record.id}"
        if self.document_ids.filtered(
            lambda d: d.source == "generated" and d.generated_from == record
        ):
            raise UserError(
                self.env._(
                    "The document generated from %(record)s is already on the "
                    "checklist of referral %(name)s.",
                    record=record.display_name,
                    name=self.name,
                )
            )
        return Document.create(
            dict(
                {
                    "referral_id": self.id,
                    "document_type_id": doc_type.id,
                    "name": doc_type.name or record.display_name,
                    "source": "generated",
                    "generated_from": reference,
                },
                **(values or {}),
            )
        )

    # ---------------------------------------------------------------- parents

    def _ib_parents_can_add_view(self):
        self.ensure_one()
        return (
            self.okr_share_with_parents
            and not self.okr_attachment_id
            and self.state in OKR_PARENT_STATES
        )

    def _ib_parents_can_confirm(self):
        self.ensure_one()
        return bool(
            self.okr_share_with_parents
            and self.okr_attachment_id
            and not self.okr_seen_date
            and self.state in OKR_PARENT_STATES
        )

    def _ib_record_parents_view(self, partner, text):
        """Store what a parent added to their view in the portal.

        Called as superuser by the parents' portal, after it found the referral
        for a guardian with parental authority and portal access of its pupil.
        """
        self.ensure_one()
        self.write(
            {
                "parents_portal_view": text,
                "parents_portal_view_date": fields.Datetime.now(),
                "parents_portal_view_partner_id": partner.id,
            }
        )
        self.message_post(
            body=plaintext2html(text),
            subject=self.env._("Parents' view added in the portal"),
            author_id=partner.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )

    def _ib_record_parents_seen(self, partner, signed_by, signature):
        """Record that a parent confirmed in the portal that they have seen the
        final OKR (called as superuser by the parents' portal, see above)."""
        self.ensure_one()
        self.write(
            {
                "okr_seen_date": fields.Datetime.now(),
                "okr_seen_partner_id": partner.id,
                "okr_seen_name": signed_by,
                "okr_seen_signature": signature,
            }
        )
        self.message_post(
            body=self.env._(
                "%s confirmed in the portal that they have seen the educational "
                "report (OKR).",
                signed_by,
            ),
            author_id=partner.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )

    @api.model_create_multi
    def create(self, vals_list):
        referrals = super().create(vals_list)
        for referral in referrals.filtered("support_request_id"):
            referral.support_request_id._ib_record_outcome(referral, "referral")
        return referrals
