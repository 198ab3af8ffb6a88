from odoo import api, models
from odoo.exceptions import ValidationError


class MailActivity(models.Model):
    _inherit = "mail.activity"

    @api.constrains("user_id", "res_model", "res_id")
    def _check_ib_assignee_can_read(self):
        """An activity shows its record's name, summary and note to the assigned
        user: on a care record it can only be assigned to a user who may read the
        record (see ``ib.care.thread.mixin``)."""
        restricted = self.env["mail.message"]._ib_restricted_chatter_models()
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
