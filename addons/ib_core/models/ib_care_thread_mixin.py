from odoo import api, models
from odoo.exceptions import UserError


class IbCareThreadMixin(models.AbstractModel):
    """Chatter of a care record that only its readers take part in.

    Odoo's chatter lets people follow, be notified of and read the messages of a
    record they cannot open themselves: followers stay when the record's rules
    change, mentioned partners are notified, authors and recipients keep reading
    their messages. For care records that is a leak. A model inheriting this
    mixin guarantees that

    * only internal users who can read the record follow it: others are refused
      when they are added explicitly and dropped when they are added implicitly
      (creator, author of a message, auto-subscription); whoever loses read access
      through a change of the fields in ``_ib_access_fields`` stops following,
      their pending inbox notifications are marked read and their activities on
      the record move to the user who made the change;
    * notifications (inbox, e-mail, push) only go to those users, whatever the
      route (followers, mentions, ``message_notify``); parents, external partners
      and bare e-mail addresses are never notified;
    * a message on the record can only be read by who can read the record (see
      ``mail.message`` in this addon), not by its author or recipients as such;
    * activities are only assigned to users who can read the record;
    * portal users (parents, providers) never read a message through the record,
      only the messages they wrote or that were sent to them
      (``ib.portal.chatter.mixin``); internal notes never reach them;
    * a message shows only the attachments the reader may open (see
      ``mail.message._to_store_defaults`` in this addon);
    * the only people outside the school who receive messages about the record
      are those its values name (``_ib_external_recipients``: the parent asked
      for consent, the provider a referral is sent to), and only messages that
      are not internal notes.
    """

    _name = "ib.care.thread.mixin"
    _description = "Care Record Chatter"
    _inherit = ["mail.thread", "ib.portal.chatter.mixin"]
    # The declared thread policy of the suite (see the README, "Chatter"): every
    # model of the suite with a chatter states "care" (this mixin) or "staff" (no
    # care data, Odoo's own chatter); a test fails for a model that states neither.
    # The overrides of mail.message, mail.followers and mail.activity of this addon
    # apply to the models that state "care".
    _ib_thread_policy = "care"
    # Everyone who can read a care record may discuss it in its chatter.
    _mail_post_access = "read"

    @api.model
    def _ib_access_fields(self):
        """Fields whose change may take read access away from someone."""
        return {"pupil_id", "company_id"}

    # ------------------------------------------------------------------
    # Who may read
    # ------------------------------------------------------------------

    def _ib_external_recipients(self):
        """Partners outside the school who may receive (not follow, not read in
        the chatter) the non-internal messages posted on ``self``: decided on the
        record's values. None by default."""
        return self.env["res.partner"]

    def _ib_action_compose(self, name, context):
        """Open Odoo's mail composer on ``self`` to post a message (a comment,
        sent to the ``_ib_external_recipients`` it names); ``context`` adds the
        template, recipients, attachments and flags of the caller."""
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_composition_mode": "comment",
                **context,
            },
        }

    def _ib_readers(self, users):
        """The users among ``users`` who can read every record of ``self``.

        Each user is checked as themselves with all of their schools active, so
        that the record rules decide, as they would when that user opens the
        record. Share (portal) users never qualify: care records are internal.
        """
        reader_ids = []
        if not self:
            return self.env["res.users"]
        # sudo: reading the users' flags and schools, not care data, so that the
        # rules can be evaluated as each of them.
        for user in users.sudo():
            if not user.active or user.share:
                continue
            records = self.with_user(user).with_context(
                allowed_company_ids=user.company_ids.ids, active_test=False
            )
            if len(records._filtered_access("read")) == len(self):
                reader_ids.append(user.id)
        return self.env["res.users"].browse(reader_ids)

    def _ib_partners_without_access(self, partners):
        """The partners among ``partners`` with no internal user who can read
        every record of ``self``: bare contacts (parents, providers), portal
        users, and colleagues the record rules keep out."""
        partners = partners.sudo()
        users = partners.user_ids
        readers = self._ib_readers(users)
        return partners.filtered(lambda p: not (p.user_ids & readers))

    def _ib_refuse_recipients(self, partners):
        refused = self._ib_partners_without_access(partners)
        if refused:
            raise UserError(
                self.env._(
                    "%(names)s cannot read %(record)s, so they cannot follow it or "
                    "be notified about it. Care records are only shared with the "
                    "colleagues who may read them.",
                    names=", ".join(refused.mapped("name")),
                    record=self.env["ir.model"]._get(self._name).name,
                )
            )

    # ------------------------------------------------------------------
    # Followers
    # ------------------------------------------------------------------

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        partners = self.env["res.partner"].browse(partner_ids or [])
        if self and partners and partners != self.env.user.partner_id:
            self._ib_refuse_recipients(partners)
        return super().message_subscribe(
            partner_ids=partner_ids, subtype_ids=subtype_ids
        )

    def _message_subscribe(self, partner_ids=None, subtype_ids=None, customer_ids=None):
        # Implicit subscriptions (authors of messages, ...): silently keep the
        # readers only.
        if self and partner_ids:
            partners = self.env["res.partner"].browse(partner_ids)
            refused = self._ib_partners_without_access(partners)
            partner_ids = [pid for pid in partner_ids if pid not in refused.ids]
            if not partner_ids:
                return True
        return super()._message_subscribe(
            partner_ids=partner_ids, subtype_ids=subtype_ids, customer_ids=customer_ids
        )

    def _message_auto_subscribe_followers(self, updated_values, default_subtype_ids):
        # Responsible users set on the record follow it only if they may read it.
        candidates = super()._message_auto_subscribe_followers(
            updated_values, default_subtype_ids
        )
        if not candidates:
            return candidates
        partners = self.env["res.partner"].browse({pid for pid, _s, _t in candidates})
        refused = self._ib_partners_without_access(partners)
        return [c for c in candidates if c[0] not in refused.ids]

    def _ib_revoke_lost_access(self):
        """Unsubscribe the followers who cannot read the record any more, mark
        their unread notifications about it read, and move their open activities
        on it to the current user."""
        # sudo: followers, notifications and activities of other users are only
        # readable/writable by the system; the decision who loses access is taken
        # by _ib_readers as each of them.
        Followers = self.env["mail.followers"].sudo()
        for record in self:
            followers = Followers.search(
                [("res_model", "=", record._name), ("res_id", "=", record.id)]
            )
            activities = (
                self.env["mail.activity"]
                .sudo()
                .search([("res_model", "=", record._name), ("res_id", "=", record.id)])
            )
            notifications = (
                self.env["mail.notification"]
                .sudo()
                .search(
                    [
                        ("mail_message_id.model", "=", record._name),
                        ("mail_message_id.res_id", "=", record.id),
                        ("notification_type", "=", "inbox"),
                        ("is_read", "=", False),
                    ]
                )
            )
            partners = (
                followers.partner_id
                | notifications.res_partner_id
                | activities.user_id.partner_id
            )
            if not partners:
                continue
            lost = record._ib_partners_without_access(partners)
            if not lost:
                continue
            followers.filtered(lambda f, lost=lost: f.partner_id in lost).unlink()
            notifications.filtered(lambda n, lost=lost: n.res_partner_id in lost).write(
                {"is_read": True}
            )
            moved = activities.filtered(
                lambda a, lost=lost: a.user_id.partner_id in lost
            )
            if moved:
                moved.with_context(mail_activity_quick_update=True).write(
                    {"user_id": self.env.user.id}
                )

    # ------------------------------------------------------------------
    # CRUD: the creator and auto-subscribed users follow only if they may read
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        # The creator was made a follower by mail.thread: usually they may read
        # what they created; when they may not (a teacher handing a confidential
        # concern to the coordinator), they stop following it.
        user = self.env.user
        if records and user.active and not user.share and not records._ib_readers(user):
            records._ib_revoke_lost_access()
        return records

    def write(self, vals):
        result = super().write(vals)
        if self._ib_access_fields() & set(vals):
            self._ib_revoke_lost_access()
        return result

    # ------------------------------------------------------------------
    # Posting and notifying
    # ------------------------------------------------------------------

    def _ib_post_is_internal(self, kwargs):
        if kwargs.get("is_internal") or kwargs.get("message_type") == "notification":
            return True
        if kwargs.get("subtype_id"):
            return (
                self.env["mail.message.subtype"].browse(kwargs["subtype_id"]).internal
            )
        xmlid = kwargs.get("subtype_xmlid") or "mail.mt_note"
        return bool(self.env.ref(xmlid, raise_if_not_found=False).internal)

    def message_post(self, **kwargs):
        if kwargs.get("partner_ids"):
            partners = self.env["res.partner"].browse(kwargs["partner_ids"])
            if len(self) == 1 and not self._ib_post_is_internal(kwargs):
                partners -= self._ib_external_recipients()
            self._ib_refuse_recipients(partners)
        if kwargs.get("outgoing_email_to"):
            raise UserError(
                self.env._(
                    "Messages about care records are not sent to e-mail addresses: "
                    "mention colleagues who may read the record instead."
                )
            )
        return super().message_post(**kwargs)

    def _notify_get_recipients(self, message, msg_vals=False, **kwargs):
        recipients = super()._notify_get_recipients(
            message, msg_vals=msg_vals, **kwargs
        )
        if not self or not recipients:
            return recipients
        uids = {
            r["uid"] for r in recipients if r["id"] and r["uid"] and not r["ushare"]
        }
        readers = set(self._ib_readers(self.env["res.users"].browse(uids)).ids)
        externals = set()
        if len(self) == 1 and not (message.is_internal or message.subtype_id.internal):
            explicit = set(message.partner_ids.ids)
            externals = set(self._ib_external_recipients().ids) & explicit
        return [
            r
            for r in recipients
            if r["id"] and (r["uid"] in readers or r["id"] in externals)
        ]

    def _message_get_suggested_recipients_batch(self, *args, **kwargs):
        suggested = super()._message_get_suggested_recipients_batch(*args, **kwargs)
        for record in self:
            entries = [s for s in suggested.get(record.id, []) if s.get("partner_id")]
            partners = self.env["res.partner"].browse(
                {s["partner_id"] for s in entries}
            )
            refused = (
                record._ib_partners_without_access(partners)
                - record._ib_external_recipients()
            )
            suggested[record.id] = [
                s for s in entries if s["partner_id"] not in refused.ids
            ]
        return suggested

    def _message_get_default_recipients(self, with_cc=False, all_tos=False):
        defaults = super()._message_get_default_recipients(
            with_cc=with_cc, all_tos=all_tos
        )
        for record in self:
            values = defaults.get(record.id)
            if not values:
                continue
            partners = self.env["res.partner"].browse(values.get("partner_ids") or [])
            refused = (
                record._ib_partners_without_access(partners)
                - record._ib_external_recipients()
            )
            values.update(
                partner_ids=[pid for pid in partners.ids if pid not in refused.ids],
                email_to="",
                email_cc="",
            )
        return defaults
