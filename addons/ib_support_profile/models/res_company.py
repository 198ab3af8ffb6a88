from odoo import models


class ResCompany(models.Model):
    _inherit = "res.company"

    def _ib_support_profile_url(self):
        """The public page of the school's published support profile."""
        self.ensure_one()
        slug = self.env["ir.http"]._slug((self.id, self.name))
        return f"/schoolondersteuningsprofiel/{slug}"
