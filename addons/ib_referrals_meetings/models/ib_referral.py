from odoo import api, fields, models
from odoo.exceptions import ValidationError


class IbReferral(models.Model):
    _inherit = "ib.referral"

    meeting_agreement_id = fields.Many2one(
        "ib.meeting.agreement",
        index="btree_not_null",
        check_company=True,
        domain="[('pupil_id', '=', pupil_id)]",
        help="The agreement of a care meeting this referral started from.",
    )

    @api.constrains("meeting_agreement_id", "pupil_id")
    def _check_meeting_agreement_pupil(self):
        for referral in self.filtered("meeting_agreement_id"):
            if referral.meeting_agreement_id.pupil_id != referral.pupil_id:
                raise ValidationError(
                    self.env._(
                        "Referral %(name)s is about %(pupil)s: it cannot start from "
                        'the agreement "%(agreement)s" about another pupil.',
                        name=referral.name,
                        pupil=referral.pupil_id.name,
                        agreement=referral.meeting_agreement_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        referrals = super().create(vals_list)
        for referral in referrals.filtered("meeting_agreement_id"):
            referral.meeting_agreement_id.message_post(
                body=self.env._(
                    "Referral %s was started from this agreement.", referral.name
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        return referrals
