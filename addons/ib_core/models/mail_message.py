from collections import defaultdict

from odoo import api, models, tools
from odoo.fields import Domain

from odoo.addons.mail.tools.discuss import Store


class MailMessage(models.Model):
    """Messages of care records with restricted chatter (``ib.care.thread.mixin``)
    are readable by the readers of the record only.

    Odoo also lets the author, the recipients and the notified partners of a message
    read it, whatever happened to the record since (a note that became
    confidential, a pupil who moved to another group). For care records the record
    rules decide alone."""

    _inherit = "mail.message"

    @api.model
    @tools.ormcache()
    def _ib_restricted_chatter_models(self):
        """Models whose chatter only the readers of the record may see."""
        return tuple(
            sorted(
                name
                for name, model_class in self.env.registry.items()
                if getattr(model_class, "_ib_restricted_chatter", False)
                and not model_class._abstract
            )
        )

    @api.model
    def _ib_readable_record_domain(self, model_field, res_id_field):
        """Domain on (``model_field``, ``res_id_field``) keeping the rows that are
        not about a restricted record, or about one the current user may read."""
        domain = Domain(model_field, "=", False)
        restricted = self._ib_restricted_chatter_models()
        if restricted:
            domain |= Domain(model_field, "not in", restricted)
        for model_name in restricted:
            Model = self.env[model_name].with_context(active_test=False)
            if not Model.has_access("read"):
                continue  # no access right to the model: none of its records
            domain |= Domain(model_field, "=", model_name) & Domain(
                res_id_field, "in", Model._search([], order="id")
            )
        return domain

    @api.model
    def _ib_user_reaches_care_records(self):
        """Whether the current user could reach a care record at all: a user with a
        care role, or a portal user (parents and providers read some). An internal
        user without a care role has no access right on any care model; activities
        and followers of care records are never theirs (an activity on a care
        record can only be assigned to one of its readers), so checking them
        would only cost that user a query on every read. Cached per user."""
        user = self.env.user
        return not user.has_group("base.group_user") or user.has_group(
            "ib_core.group_ib_teacher"
        )

    @api.model
    def _ib_unreadable_rows(self, rows):
        """``rows``: iterable of (row_id, model, res_id). The ids of the rows about
        a restricted record that the current user may not read."""
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
    def _ib_restrict_linked_search(self, domain, bypass_access):
        """``domain`` of a search on a model linked to records by ``res_model`` /
        ``res_id`` (followers, activities), narrowed to what the user may read."""
        if self._ib_restricted_chatter_models() and not (self.env.su or bypass_access):
            return Domain(domain) & self._ib_readable_record_domain(
                "res_model", "res_id"
            )
        return domain

    @api.model
    def _ib_restrict_linked_access(self, records, result, operation, make_error):
        """Extend ``records._check_access(operation)``'s ``result`` with the rows of
        ``records`` (linked by ``res_model`` / ``res_id``) about a restricted record
        the user may not read; ``make_error(forbidden)`` builds the error."""
        todo = records - result[0] if result else records
        if (
            operation != "read"
            or not todo
            or not self._ib_restricted_chatter_models()
            or not self._ib_user_reaches_care_records()
        ):
            return result
        # sudo: the linked record is what decides, read the link as is.
        denied = self._ib_unreadable_rows(
            (row.id, row.res_model, row.res_id) for row in todo.sudo()
        )
        if not denied:
            return result
        forbidden = records.browse(denied)
        if result:
            return result[0] + forbidden, result[1]
        return forbidden, lambda: make_error(forbidden)

    @api.model
    def _search(
        self, domain, offset=0, limit=None, order=None, *, bypass_access=False, **kwargs
    ):
        if not (self.env.su or bypass_access) and self._ib_restricted_chatter_models():
            domain = Domain(domain) & self._ib_readable_record_domain("model", "res_id")
        return super()._search(
            domain, offset, limit, order, bypass_access=bypass_access, **kwargs
        )

    def _get_forbidden_access(self, operation):
        forbidden = super()._get_forbidden_access(operation)
        todo = self - forbidden
        restricted = self._ib_restricted_chatter_models()
        if operation == "unlink" or not todo or not restricted:
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
        frozen educational report sent with it, which is kept from them. On care
        records with restricted chatter the message shows only the attachments the
        reader may read themselves; elsewhere nothing changes."""
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
