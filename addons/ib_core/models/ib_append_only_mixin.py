from odoo import api, models
from odoo.exceptions import UserError


class IbAppendOnlyMixin(models.AbstractModel):
    """Audit trails (access log, retention audit): rows are only ever added.

    Nobody gets write or unlink access rights on these models, and these guards
    refuse changes even to code running as an administrator; only the superuser
    (``env.su``: system jobs such as a future log retention) may remove rows.
    """

    _name = "ib.append.only.mixin"
    _description = "Append-only Audit Record"

    def write(self, vals):
        if not self.env.su:
            raise UserError(
                self.env._(
                    "Audit records cannot be changed: the access log and the "
                    "retention audit are append-only."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_superuser(self):
        if not self.env.su:
            raise UserError(
                self.env._(
                    "Audit records cannot be deleted: the access log and the "
                    "retention audit are append-only."
                )
            )
