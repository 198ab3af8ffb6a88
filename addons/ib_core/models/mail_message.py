from collections import defaultdict

from odoo import api, models, tools
from odoo.fields import Domain
from odoo.tools import SQL


class MailMessage(models.Model):
    _inherit = "mail.message"

    @api.model
    @tools.ormcache()
    def _ib_restricted_chatter_models(self):
        """Models whose messages only the readers of the record may see (see
        ``ib.care.thread.mixin``)."""
        return tuple(
            sorted(
                name
                for name, model_class in self.env.registry.items()
                if getattr(model_class, "_ib_restricted_chatter", False)
                and not model_class._abstract
            )
        )

    @api.model
    def _search(
        self, domain, offset=0, limit=None, order=None, *, bypass_access=False, **kwargs
    ):
        # Odoo lets authors, recipients and notified partners find a message even
        # when they cannot read its record. For care records, the record's rules
        # decide alone: restrict the search to messages of readable records.
        restricted = self._ib_restricted_chatter_models()
        if restricted and not (self.env.su or bypass_access):
            allowed = Domain("model", "not in", restricted) | Domain(
                "model", "=", False
            )
            for model_name in restricted:
                Model = self.env[model_name].with_context(active_test=False)
                allowed |= Domain("model", "=", model_name) & Domain(
                    "res_id", "in", Model._search([])
                )
            domain = Domain(domain) & allowed
        return super()._search(
            domain, offset, limit, order, bypass_access=bypass_access, **kwargs
        )

    def _get_forbidden_access(self, operation):
        forbidden = super()._get_forbidden_access(operation)
        restricted = self._ib_restricted_chatter_models()
        todo = self - forbidden
        if operation == "unlink" or not restricted or not todo:
            return forbidden
        self.flush_recordset(["model", "res_id"])
        rows = self.env.execute_query(
            SQL(
                "SELECT id, model, res_id FROM mail_message "
                "WHERE id = ANY(%s) AND model = ANY(%s)",
                list(todo.ids),
                list(restricted),
            )
        )
        by_record = defaultdict(list)
        for message_id, model_name, res_id in rows:
            by_record[model_name, res_id].append(message_id)
        res_ids_by_model = defaultdict(set)
        for model_name, res_id in by_record:
            res_ids_by_model[model_name].add(res_id)
        denied = []
        for model_name, res_ids in res_ids_by_model.items():
            records = (
                self.env[model_name].with_context(active_test=False).browse(res_ids).exists()
            )
            readable = set(records._filtered_access("read").ids)
            for res_id in res_ids:
                if res_id not in readable:
                    denied.extend(by_record[model_name, res_id])
        if denied:
            forbidden += self.browse(denied)
        return forbidden
