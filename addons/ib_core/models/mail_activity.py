from odoo import api, models
from odoo.exceptions import ValidationError


class MailActivity(models.Model):
    """Activities on a care record are assigned to, and shown to, its readers
    only.

    Enforces G4 of docs/security.md. An activity shows its record's name, its
    summary and its note to the assigned user, and Odoo lets the assignee read
    it even when they cannot read the record (a note that became confidential,
    a pupil who moved to another group). The search and the access check come
    from ``ib.care.link.mixin``, the same as for followers; the constraint below
    refuses the assignment itself. Activities on any other record, or without
    one: nothing changes."""

    _name = "mail.activity"
    _inherit = ["mail.activity", "ib.care.link.mixin"]

    @api.constrains("user_id", "res_model", "res_id")
    def _check_ib_assignee_can_read(self):
        """G4: an activity on a care record can only be assigned to a user who
        may read the record (``activity_schedule``, the activity dialog,
        reassigning). Decided on the activity's ``res_model``; other
        activities are not checked."""
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
