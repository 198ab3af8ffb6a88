from odoo import api, models
from odoo.exceptions import AccessError

# The roles of the suite, each implying the one before it (see
# security/ib_core_security.xml): teacher < director < coordinator < manager.
IB_ROLES = ("teacher", "director", "coordinator", "manager")


class ResUsers(models.Model):
    _inherit = "res.users"

    def _ib_has_role(self, role, companies=None):
        """Whether this user holds the care role ``role`` (one of ``IB_ROLES``:
        a role includes the roles below it) and, when ``companies`` is given,
        works for every one of those schools."""
        self.ensure_one()
        if role not in IB_ROLES:
            raise ValueError(f"Unknown care role {role!r}")
        if companies and companies - self.company_ids:
            return False
        return self.has_group(f"ib_core.group_ib_{role}")

    @api.model
    def _ib_current_user_has_role(self, role, companies=None):
        """Whether the current user holds ``role`` (see ``_ib_has_role``).

        Call it on ``self.env["res.users"]`` of the caller's environment: code
        running as superuser (``sudo()``, the retention job) has every role.
        """
        return self.env.su or self.env.user._ib_has_role(role, companies)

    @api.model
    def _ib_check_role(self, role, message, companies=None, error=AccessError):
        """Raise ``error(message)`` unless the current user holds ``role`` (for
        all ``companies`` when given); the superuser passes."""
        if not self._ib_current_user_has_role(role, companies):
            raise error(message)
