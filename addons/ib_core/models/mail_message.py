from collections import defaultdict

from odoo import api, models, tools
from odoo.fields import Domain
from odoo.orm.domains import DomainAnd, DomainCondition

from odoo.addons.mail.tools.discuss import Store


class MailMessage(models.Model):
    """Messages of care records are for the readers of the record.

    Enforces two rules of docs/security.md, on the messages of care records
    (models with the care thread policy, ``_ib_thread_policy = "care"``):

    * G1 "care messages follow their record": Odoo also lets the author, the
      recipients and the notified partners of a message read it, whatever
      happened to the record since (a note that became confidential, a pupil who
      moved to another group, a provider whose consent was withdrawn). For care
      records the record's own rules decide alone (``_search``,
      ``_get_forbidden_access``).
    * G2 "a message hands out only the files its reader may open"
      (``_to_store_defaults``).

    Messages of any other record, and messages without a record: nothing
    changes. The decision is taken on the message's ``model`` and the record's
    rules, never on a context key. The helpers below are shared with
    ``ib.care.link.mixin`` (followers, activities)."""

    _inherit = "mail.message"

    @api.model
    @tools.ormcache()
    def _ib_restricted_chatter_models(self):
        """Models with the care thread policy: whose messages, followers and
        activities only the readers of the record may see."""
        return tuple(
            sorted(
                name
                for name, model_class in self.env.registry.items()
                if getattr(model_class, "_ib_thread_policy", None) == "care"
                and not model_class._abstract
            )
        )

    @api.model
    def _ib_readable_record_domain(self, model_field, res_id_field, domain=None):
        """Domain on (``model_field``, ``res_id_field``) keeping the rows that are
        not about a care record, or about one the current user may read.

        ``domain``: the search it is added to. When that search keeps only
        rows of some models (a ``model_field`` ``=``/``in`` condition at its
        top level: the activities of the notes a form shows), the terms of the
        other care models are left out: they could keep no row of that search,
        and each costs a search with its record rules (of every care model, on
        every read of activities, followers or messages)."""
        restricted = self._ib_restricted_chatter_models()
        searched = self._ib_domain_models(domain, model_field)
        if searched is not None:
            restricted = tuple(name for name in restricted if name in searched)
        if not restricted:
            return Domain.TRUE
        domain = Domain(model_field, "=", False) | Domain(
            model_field, "not in", restricted
        )
        for model_name in restricted:
            Model = self.env[model_name].with_context(active_test=False)
            if not Model.has_access("read"):
                continue  # no access right to the model: none of its records
            domain |= Domain(model_field, "=", model_name) & Domain(
                res_id_field, "in", Model._search([], order="id")
            )
        return domain

    @api.model
    def _ib_domain_models(self, domain, model_field):
        """The set of model names ``domain`` restricts ``model_field`` to (a
        condition ``=`` or ``in`` on it among the terms of its top-level
        "and"), or None when it does not restrict it."""
        if domain is None:
            return None
        domain = Domain(domain)
        terms = domain.children if isinstance(domain, DomainAnd) else (domain,)
        for term in terms:
            if (
                isinstance(term, DomainCondition)
                and term.field_expr == model_field
                and term.operator in ("=", "in")
            ):
                values = (
                    [term.value]
                    if term.operator == "=" or isinstance(term.value, str)
                    else term.value
                )
                if isinstance(values, (list, tuple, set, frozenset)) and all(
                    isinstance(value, str) for value in values
                ):
                    return set(values)
        return None

    @api.model
    def _ib_unreadable_rows(self, rows):
        """``rows``: iterable of (row_id, model, res_id). The ids of the rows about
        a care record that the current user may not read."""
        restricted = set(self._ib_restricted_chatter_models())
        by_record = defaultdict(list)
        for row_id, model_name, res_id in rows:
            if model_name in restricted and res_id:
                by_record[model_name, res_id].append(row_id)
        res_ids_by_model = defaultdict(set)
        for model_name, res_id in by_record:
            res_ids_by_model[model_name].add(res_id)
        denied = []
        for model_name, res_ids in res_ids_by_model.items():
            records = (
                self.env[model_name]
                .with_context(active_test=False)
                .browse(res_ids)
                .exists()
            )
            readable = set(records._filtered_access("read").ids)
            for res_id in res_ids - readable:
                denied.extend(by_record[model_name, res_id])
        return denied

    @api.model
    def _search(
        self, domain, offset=0, limit=None, order=None, *, bypass_access=False, **kwargs
    ):
        """G1: a search as a user (``search_read``, the inbox, history and
        starred boxes, ``/mail/thread/messages``) leaves out the messages of
        care records the user may not read, also those they wrote or received.
        Messages of other records: one ``WHERE`` term that keeps them all."""
        if not (self.env.su or bypass_access):
            domain = Domain(domain) & self._ib_readable_record_domain(
                "model", "res_id", domain
            )
        return super()._search(
            domain, offset, limit, order, bypass_access=bypass_access, **kwargs
        )

    def _get_forbidden_access(self, operation):
        """G1: reading, editing or reacting to a message of a care record
        (``check_access``/``has_access``, so every ``/mail/message/...`` route)
        is refused to whoever may not read the record, its author and recipients
        included. Deleting is left to Odoo (it requires write access to the
        record). Messages of other records: unchanged."""
        forbidden = super()._get_forbidden_access(operation)
        todo = self - forbidden
        if operation == "unlink" or not todo:
            return forbidden
        # sudo: the message's record is what decides, read it as is.
        rows = [(m.id, m.model, m.res_id) for m in todo.sudo()]
        denied = self._ib_unreadable_rows(rows)
        if denied:
            forbidden += self.browse(denied)
        return forbidden

    # ------------------------------------------------------------ attachments
    def _ib_visible_attachments(self):
        """The attachments of the message (one record) the reader may open.

        Odoo shows every attachment of a message the user may read, with an access
        token that opens it: a teacher who reads a referral would download the
        frozen educational report sent with it, which is kept from them, and a
        file of a confidential note attached to a message on another record would
        open for every reader of that record. On the messages of care records
        the reader gets only the attachments they may read themselves; on other
        messages nothing changes."""
        # sudo: as Odoo does for the attachments of a readable message; the
        # filter below puts the reader's own rights back for care records.
        attachments = self.sudo().attachment_ids
        if (
            not attachments
            or self.env.su
            or self.sudo().model not in self._ib_restricted_chatter_models()
        ):
            return attachments
        readable = attachments.with_env(self.env(su=False))._filtered_access("read")
        return readable.sudo()

    def _to_store_defaults(self, target):
        """G2: the chatter routes (``/mail/thread/messages``, the inbox, ...)
        send a message's attachments through ``_ib_visible_attachments``."""
        defaults = super()._to_store_defaults(target)
        for index, item in enumerate(defaults):
            if isinstance(item, Store.Many) and item.field_name == "attachment_ids":
                defaults[index] = Store.Many(
                    "attachment_ids",
                    sort="id",
                    dynamic_fields=item.dynamic_fields,
                    value=lambda message: message._ib_visible_attachments(),
                )
        return defaults
