from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

CONSENT_PURPOSES = [
    ("observation", "Observation or assessment by an external expert"),
    ("swv", "Sharing data with the regional partnership (SWV)"),
    ("referral", "Referral"),
    ("video", "Video recording in class for coaching"),
    ("mdo", "Multidisciplinary meeting (MDO) with external experts"),
    ("other", "Other"),
]
CONSENT_STATES = [
    ("draft", "New"),
    ("requested", "Requested"),
    ("given", "Given"),
    ("refused", "Refused"),
    ("withdrawn", "Withdrawn"),
    ("expired", "Expired"),
]
CONSENT_METHODS = [
    ("portal", "Signed in the portal"),
    ("paper", "On paper"),
    ("verbal", "Verbally"),
]
CONSENT_HOLDERS = [
    ("parents", "Parents with parental authority (pupil under 12)"),
    ("parents_and_pupil", "Parents and the pupil (pupil 12 to 16)"),
    ("pupil", "The pupil (16 or older)"),
]
OPEN_STATES = ("draft", "requested")
EXPIRY_WARNING_DAYS = 30


def consent_holder_for_age(age):
    """Whose consent counts, by the pupil's age (AVG / WGBO practice)."""
    if age >= 16:
        return "pupil"
    if age >= 12:
        return "parents_and_pupil"
    return "parents"


class IbConsent(models.Model):
    _name = "ib.consent"
    _description = "Consent"
    _inherit = [
        "ib.care.mixin",
        "ib.care.thread.mixin",
        "mail.activity.mixin",
        "ib.portal.fields.mixin",
    ]
    _order = "create_date desc, id desc"
    # Privacy policy (see ib.care.mixin): care data, deleted with its chatter once
    # the care data period after leaving has passed; in the pupil file export.
    _ib_retention_class = "care"
    _ib_retention = "delete"
    _ib_file_export = True
    # What a parent reads of the consents addressed to them (also over RPC).
    _ib_portal_fields = frozenset(
        {
            "pupil_id",
            "partner_id",
            "purpose",
            "external_partner_id",
            "description",
            "state",
            "consent_holder",
            "pupil_agreed",
            "request_date",
            "answer_date",
            "valid_until",
            "method",
            "signed_by",
            "signed_on",
            "portal_url",
            "create_date",
        }
    )

    partner_id = fields.Many2one(
        "res.partner",
        string="Parent/Guardian",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        domain="[('id', 'in', allowed_partner_ids)]",
        help="The parent or guardian with parental authority whose consent this is.",
    )
    allowed_partner_ids = fields.Many2many(
        "res.partner",
        string="Parents with Parental Authority",
        compute="_compute_allowed_partner_ids",
    )
    purpose = fields.Selection(
        CONSENT_PURPOSES, required=True, index=True, tracking=True
    )
    external_partner_id = fields.Many2one(
        "res.partner",
        string="External Party",
        index=True,
        ondelete="restrict",
        tracking=True,
        help="The expert, organisation or partnership the consent is for. Leave "
        "empty for a consent that covers the purpose in general.",
    )
    description = fields.Text(
        help="What exactly the consent is asked for. Parents see this text in the "
        "portal."
    )
    state = fields.Selection(
        CONSENT_STATES,
        string="Status",
        required=True,
        default="draft",
        index=True,
        tracking=True,
        copy=False,
    )
    consent_holder = fields.Selection(
        CONSENT_HOLDERS,
        string="Consent Of",
        readonly=True,
        copy=False,
        help="Whose consent counts, by the pupil's age when the consent was "
        "requested and answered: under 12 the parents with parental authority, "
        "from 12 to 16 the parents and the pupil, from 16 the pupil.",
    )
    pupil_agreed = fields.Boolean(
        readonly=True,
        copy=False,
        help="The pupil agreed as well (needed from the age of 12).",
    )
    request_date = fields.Date(readonly=True, copy=False, index=True)
    answer_date = fields.Date(
        string="Answered On", readonly=True, copy=False, index=True
    )
    valid_until = fields.Date(
        index=True,
        tracking=True,
        copy=False,
        help="The consent expires after this date. Empty: valid until withdrawn.",
    )
    method = fields.Selection(
        CONSENT_METHODS, string="Answered", readonly=True, copy=False
    )
    signature = fields.Image(
        readonly=True,
        copy=False,
        attachment=True,
        max_width=1024,
        max_height=1024,
        groups="base.group_user",
    )
    signed_by = fields.Char(readonly=True, copy=False)
    signed_on = fields.Datetime(readonly=True, copy=False)
    recorded_by_id = fields.Many2one(
        "res.users",
        readonly=True,
        copy=False,
        help="Who recorded a consent given on paper or verbally.",
    )
    document_id = fields.Many2one(
        "ir.attachment",
        string="Signed Form",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="The scan of the consent form signed on paper.",
    )
    withdrawn_on = fields.Date(readonly=True, copy=False)
    withdrawn_by_id = fields.Many2one(
        "res.users", string="Withdrawal Recorded By", readonly=True, copy=False
    )
    is_expiring_soon = fields.Boolean(
        string="Expiring Soon",
        compute="_compute_is_expiring_soon",
        search="_search_is_expiring_soon",
    )
    purpose_label = fields.Char(string="Purpose Text", compute="_compute_purpose_label")
    portal_url = fields.Char(string="Portal Link", compute="_compute_portal_url")
    color = fields.Integer(compute="_compute_color")

    _state_company_idx = models.Index("(company_id, state, purpose)")

    @api.depends("purpose", "pupil_id.name")
    @api.depends_context("lang")
    def _compute_display_name(self):
        purposes = dict(self._fields["purpose"]._description_selection(self.env))
        for consent in self:
            consent.display_name = self.env._(
                "Consent: %(purpose)s - %(pupil)s",
                purpose=purposes.get(consent.purpose, ""),
                pupil=consent.pupil_id.name or "",
            )

    @api.depends("pupil_id")
    def _compute_allowed_partner_ids(self):
        for consent in self:
            consent.allowed_partner_ids = consent.pupil_id.guardian_ids.filtered(
                "parental_authority"
            ).partner_id

    @api.depends("state", "valid_until")
    def _compute_is_expiring_soon(self):
        today = fields.Date.context_today(self)
        limit = today + relativedelta(days=EXPIRY_WARNING_DAYS)
        for consent in self:
            consent.is_expiring_soon = (
                consent.state == "given"
                and bool(consent.valid_until)
                and consent.valid_until <= limit
            )

    def _search_is_expiring_soon(self, operator, value):
        if operator not in ("=", "!="):
            return NotImplemented
        today = fields.Date.context_today(self)
        limit = today + relativedelta(days=EXPIRY_WARNING_DAYS)
        domain = Domain("state", "=", "given") & Domain("valid_until", "<=", limit)
        return domain if (operator == "=") == bool(value) else ~domain

    @api.depends("purpose")
    @api.depends_context("lang")
    def _compute_purpose_label(self):
        purposes = dict(self._fields["purpose"]._description_selection(self.env))
        for consent in self:
            consent.purpose_label = purposes.get(consent.purpose, "")

    def _compute_portal_url(self):
        for consent in self:
            consent.portal_url = (
                f"/my/children/{consent.pupil_id.id}/consents/{consent.id}"
                if consent.id and consent.pupil_id
                else False
            )

    @api.depends("state")
    def _compute_color(self):
        colors = {
            "requested": 3,
            "given": 10,
            "refused": 1,
            "withdrawn": 9,
            "expired": 4,
        }
        for consent in self:
            consent.color = colors.get(consent.state, 0)

    @api.constrains("pupil_id", "partner_id")
    def _check_partner_has_authority(self):
        # sudo: the check concerns the pupil's guardians, whoever records the
        # consent; nothing is returned to the user but the error below.
        for consent in self.sudo():
            guardians = consent.pupil_id.guardian_ids.filtered(
                lambda g, c=consent: (
                    g.partner_id == c.partner_id and g.parental_authority
                )
            )
            if not guardians:
                raise ValidationError(
                    self.env._(
                        "%(partner)s is not a parent or guardian with parental "
                        "authority of %(pupil)s: only they can give consent.",
                        partner=consent.partner_id.name,
                        pupil=consent.pupil_id.name,
                    )
                )

    @api.constrains("valid_until", "answer_date")
    def _check_valid_until(self):
        for consent in self:
            if (
                consent.valid_until
                and consent.answer_date
                and consent.valid_until < consent.answer_date
            ):
                raise ValidationError(
                    self.env._(
                        "A consent cannot expire (%(until)s) before it was given "
                        "(%(given)s).",
                        until=consent.valid_until,
                        given=consent.answer_date,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        consents = super().create(vals_list)
        consents._ib_update_consent_holder()
        return consents

    def write(self, vals):
        protected = {"pupil_id", "partner_id", "purpose", "external_partner_id"}
        if protected & set(vals) and any(c.state not in OPEN_STATES for c in self):
            raise UserError(
                self.env._(
                    "The pupil, parent, purpose and external party of an answered "
                    "consent cannot change: request a new consent instead."
                )
            )
        result = super().write(vals)
        if "pupil_id" in vals:
            self._ib_update_consent_holder()
        return result

    # ------------------------------------------------------------------
    # Transitions
    # ------------------------------------------------------------------

    def _ib_update_consent_holder(self):
        """Record whose consent counts, by the pupil's age today."""
        for consent in self:
            consent.consent_holder = consent_holder_for_age(consent.pupil_id.age)

    def _ib_check_state(self, action):
        """Refuse ``action`` (answer, request, withdraw) in the wrong state."""
        allowed = ("given",) if action == "withdraw" else OPEN_STATES
        consent, state = self._ib_wrong_state(allowed)
        if consent:
            values = {"consent": consent.display_name, "state": state.lower()}
            if action == "withdraw":
                message = self.env._(
                    "%(consent)s is %(state)s: only a given consent can be withdrawn.",
                    **values,
                )
            elif action == "request":
                message = self.env._(
                    "%(consent)s is %(state)s: only a new or requested consent "
                    "can be sent to the parent.",
                    **values,
                )
            else:
                message = self.env._(
                    "%(consent)s is %(state)s: only a new or requested consent "
                    "can be answered.",
                    **values,
                )
            raise UserError(message)

    def _ib_answer(
        self,
        answer,
        method,
        *,
        pupil_agreed=False,
        answer_date=None,
        valid_until=None,
        **extra,
    ):
        """Record the answer (``given`` or ``refused``) of a requested consent."""
        if answer not in ("given", "refused"):
            raise ValueError(answer)
        self._ib_check_state("answer")
        self._ib_update_consent_holder()
        if answer == "given":
            for consent in self:
                if consent.consent_holder != "parents" and not pupil_agreed:
                    raise UserError(
                        self.env._(
                            "%(pupil)s is 12 or older: the pupil must agree as well "
                            "before the consent counts as given.",
                            pupil=consent.pupil_id.name,
                        )
                    )
        vals = {
            "state": answer,
            "method": method,
            "pupil_agreed": pupil_agreed,
            "answer_date": answer_date or fields.Date.context_today(self),
            **extra,
        }
        if answer == "given":
            vals["valid_until"] = valid_until or False
        self.write(vals)

    def _ib_withdraw(self):
        self._ib_check_state("withdraw")
        self.write(
            {
                "state": "withdrawn",
                "withdrawn_on": fields.Date.context_today(self),
                "withdrawn_by_id": self.env.user.id,
            }
        )

    # ------------------------------------------------------------------
    # Buttons (callable over RPC: each checks that the user may change the record)
    # ------------------------------------------------------------------

    def action_request(self):
        """Open the mail composer with the consent request for the parent."""
        self.ensure_one()
        self.check_access("write")
        self._ib_check_state("request")
        if not self.partner_id.email:
            raise UserError(
                self.env._(
                    "%s has no e-mail address: record the answer on paper or "
                    "verbally instead.",
                    self.partner_id.name,
                )
            )
        template = self.env.ref("ib_core.mail_template_ib_consent_request")
        return self._ib_action_compose(
            self.env._("Request Consent"),
            {
                "default_template_id": template.id,
                "default_email_layout_xmlid": "mail.mail_notification_light",
                # The parent receives this message but never follows the record.
                "mail_post_autofollow": False,
                "ib_mark_consent_requested": True,
            },
        )

    def action_record_paper(self):
        return self._ib_open_answer_wizard("paper")

    def action_record_verbal(self):
        return self._ib_open_answer_wizard("verbal")

    def _ib_open_answer_wizard(self, method):
        self.ensure_one()
        self.check_access("write")
        self._ib_check_state("answer")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record Consent on Paper")
            if method == "paper"
            else self.env._("Record Verbal Consent"),
            "res_model": "ib.consent.answer.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_consent_id": self.id, "default_method": method},
        }

    def action_withdraw(self):
        self.check_access("write")
        self._ib_withdraw()
        return True

    def _ib_external_recipients(self):
        # The parent whose consent is asked receives the request (never follows).
        return self.partner_id

    def message_post(self, **kwargs):
        messages = super().message_post(**kwargs)
        if self.env.context.get("ib_mark_consent_requested"):
            # Written as the sending user: the normal access rules apply.
            drafts = self.filtered(lambda c: c.state == "draft")
            drafts.write(
                {
                    "state": "requested",
                    "request_date": fields.Date.context_today(self),
                }
            )
        return messages

    # ------------------------------------------------------------------
    # Portal (called by the portal controller after its ownership check)
    # ------------------------------------------------------------------

    def _ib_portal_can_answer(self, partner):
        self.ensure_one()
        return self.state == "requested" and self.partner_id == partner

    def _ib_portal_can_withdraw(self, partner):
        self.ensure_one()
        return self.state == "given" and self.partner_id == partner

    # ------------------------------------------------------------------
    # Questions other features ask
    # ------------------------------------------------------------------

    @api.model
    def _ib_valid_consent_map(self, pupils, purpose, partner=None, on_date=None):
        """Which of ``pupils`` have valid consent for ``purpose`` on ``on_date``.

        Valid: given (not requested, refused, withdrawn or expired), given on or
        before the date and not expired by then, by a parent or guardian who still
        holds parental authority, and agreed by the pupil where the pupil's age
        requires it. With ``partner`` (an external party), a consent for that party
        or a general one (no external party) counts; without it, only a general
        consent counts.

        Two queries whatever the number of pupils.

        :return: ``{pupil_id: bool}`` for every pupil of ``pupils``
        """
        on_date = on_date or fields.Date.context_today(self)
        result = dict.fromkeys(pupils.ids, False)
        if not pupils:
            return result
        partner_ids = [False] + ([partner.id] if partner else [])
        # sudo: the answer (a yes/no per pupil) is needed by every feature that
        # shares data, whatever its user may read; no consent content is returned.
        Consent = self.sudo().with_context(active_test=False)
        rows = Consent.search_fetch(
            [
                ("pupil_id", "in", pupils.ids),
                ("purpose", "=", purpose),
                ("state", "=", "given"),
                ("answer_date", "<=", on_date),
                "|",
                ("valid_until", "=", False),
                ("valid_until", ">=", on_date),
                ("external_partner_id", "in", partner_ids),
            ],
            ["pupil_id", "partner_id", "consent_holder", "pupil_agreed"],
        )
        rows = rows.filtered(lambda c: c.consent_holder == "parents" or c.pupil_agreed)
        if not rows:
            return result
        authority = defaultdict(set)
        for pupil_id, partner_id in (
            self.env["ib.pupil.guardian"]
            .sudo()
            .search_fetch(
                [
                    ("pupil_id", "in", rows.pupil_id.ids),
                    ("parental_authority", "=", True),
                ],
                ["pupil_id", "partner_id"],
            )
            .mapped(lambda g: (g.pupil_id.id, g.partner_id.id))
        ):
            authority[pupil_id].add(partner_id)
        for consent in rows:
            if consent.partner_id.id in authority[consent.pupil_id.id]:
                result[consent.pupil_id.id] = True
        return result

    # ------------------------------------------------------------------
    # Jobs
    # ------------------------------------------------------------------

    @api.model
    def _cron_expire(self, batch_size=500):
        """Expire given consents whose valid-until date has passed, in batches."""
        domain = [
            ("state", "=", "given"),
            ("valid_until", "<", fields.Date.context_today(self)),
        ]
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        while consents := self.search(domain, limit=batch_size, order="id"):
            consents.write({"state": "expired"})
            if in_cron:
                remaining = self.search_count(domain)
                time_left = self.env["ir.cron"]._commit_progress(
                    len(consents), remaining=remaining
                )
                if not time_left:
                    break
