from odoo import api, models
from odoo.exceptions import ValidationError


class MailActivity(models.Model):
    """Activities on care records with restricted chatter (``ib.care.thread.mixin``)
    are only assigned to, and only shown to, the readers of the record.

    An activity shows its record's name, summary and note to the assigned user, and
    Odoo lets the assigned user read it even when they cannot read the record (for
    instance after a note became confidential or a pupil moved to another group)."""

    _inherit = "mail.activity"

    @api.constrains("user_id", "res_model", "res_id")
    def _check_ib_assignee_can_read(self):
        restricted = self.env["mail.message"]._ib_restricted_chatter_models()
        # sudo: the assignee and the record are what is checked, read them as is.
        for activity in self.sudo():
            if (
                not activity.user_id
                or activity.res_model not in restricted
                or not activity.res_id
            ):
                continue
            record = self.env[activity.res_model].browse(activity.res_id)
            if not record._ib_readers(activity.user_id):
                raise ValidationError(
                    self.env._(
                        "%(user)s cannot read this %(record)s, so the activity "
                        "cannot be assigned to them.",
                        user=activity.user_id.name,
                        record=self.env["ir.model"]._get(activity.res_model).name,
                    )
                )

    @api.model
    def _search(
        self, domain, offset=0, limit=None, order=None, *, bypass_access=False, **kwargs
    ):
        domain = self.env["mail.message"]._ib_restrict_linked_search(
            domain, bypass_access
        )
        return super()._search(
            domain, offset, limit, order, bypass_access=bypass_access, **kwargs
        )

    def _check_access(self, operation):
        return self.env["mail.message"]._ib_restrict_linked_access(
            self,
            super()._check_access(operation),
            operation,
            lambda forbidden: forbidden._make_access_error(operation),
        )
