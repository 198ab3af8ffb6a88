from odoo import api, models
from odoo.fields import Domain


class MailFollowers(models.Model):
    """Followers of care records with restricted chatter are only listed to the
    readers of the record: every internal user may read mail.followers, which would
    otherwise tell a teacher which confidential notes exist and who follows them."""

    _inherit = "mail.followers"

    @api.model
    def _search(
        self, domain, offset=0, limit=None, order=None, *, bypass_access=False, **kwargs
    ):
        Message = self.env["mail.message"]
        restricted = Message._ib_restricted_chatter_models()
        if restricted and not (self.env.su or bypass_access):
            domain = Domain(domain) & Message._ib_readable_record_domain(
                "res_model", "res_id"
            )
        return super()._search(
            domain, offset, limit, order, bypass_access=bypass_access, **kwargs
        )

    def _check_access(self, operation):
        result = super()._check_access(operation)
        todo = self - result[0] if result else self
        Message = self.env["mail.message"]
        restricted = Message._ib_restricted_chatter_models()
        if operation != "read" or not todo or not restricted:
            return result
        # sudo: the followed record is what decides, read it as is.
        denied = Message._ib_unreadable_rows(
            (f.id, f.res_model, f.res_id) for f in todo.sudo()
        )
        if not denied:
            return result
        forbidden = self.browse(denied)
        if result:
            return result[0] + forbidden, result[1]
        return forbidden, lambda: self.env["ir.rule"]._make_access_error(
            operation, forbidden
        )
