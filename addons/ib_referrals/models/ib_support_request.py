from odoo import models


class IbSupportRequest(models.Model):
    _inherit = "ib.support.request"

    def action_ib_new_referral(self):
        """Open a new referral that starts from this support request."""
        self.ensure_one()
        self.check_access("write")
        return self.env["ib.referral"]._ib_action_new_referral(
            {
                "default_pupil_id": self.pupil_id.id,
                "default_support_request_id": self.id,
                "default_name": self.display_name,
            }
        )
