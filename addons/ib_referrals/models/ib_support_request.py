from odoo import models


class IbSupportRequest(models.Model):
    _inherit = "ib.support.request"

    def action_ib_new_referral(self):
        """Open a new referral that starts from this support request."""
        self.ensure_one()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Referral"),
            "res_model": "ib.referral",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {
                "default_pupil_id": self.pupil_id.id,
                "default_support_request_id": self.id,
                "default_name": self.display_name,
            },
        }
