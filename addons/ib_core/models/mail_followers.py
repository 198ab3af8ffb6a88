from odoo import api, models


class MailFollowers(models.Model):
    """Followers of care records with restricted chatter are only listed to the
    readers of the record: every internal user may read mail.followers, which would
    otherwise tell a teacher which confidential notes exist and who follows them."""

    _inherit = "mail.followers"

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
            lambda forbidden: self.env["ir.rule"]._make_access_error(
                operation, forbidden
            ),
        )
