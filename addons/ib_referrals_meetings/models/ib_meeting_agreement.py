from odoo import api, fields, models
from odoo.exceptions import UserError


class IbMeetingAgreement(models.Model):
    _inherit = "ib.meeting.agreement"

    referral_ids = fields.One2many(
        "ib.referral",
        inverse_name="meeting_agreement_id",
        string="Referrals",
        help="The referrals this agreement led to.",
    )
    referral_count = fields.Integer(
        compute="_compute_referral_count", string="Referrals #"
    )

    @api.depends("referral_ids")
    def _compute_referral_count(self):
        for agreement in self:
            agreement.referral_count = len(agreement.referral_ids)

    def action_ib_new_referral(self):
        """Open a new draft referral that starts from this agreement."""
        self.ensure_one()
        if not self.env.user._ib_has_role("coordinator"):
            raise UserError(
                self.env._("Only the care coordinator can start a referral.")
            )
        self.check_access("write")
        if not self.pupil_id:
            raise UserError(
                self.env._(
                    'The agreement "%s" is not about one pupil: a referral needs a '
                    "pupil.",
                    self.name,
                )
            )
        return self.env["ib.referral"]._ib_action_new_referral(
            {
                "default_pupil_id": self.pupil_id.id,
                "default_meeting_agreement_id": self.id,
                "default_name": self.name,
                "default_question": self.name,
            }
        )

    def action_ib_view_referrals(self):
        self.ensure_one()
        name = self.env._("Referrals")
        domain = [("meeting_agreement_id", "=", self.id)]
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "ib.referral",
            "view_mode": "list,form",
            "domain": domain,
            "context": {"create": False},
        }
