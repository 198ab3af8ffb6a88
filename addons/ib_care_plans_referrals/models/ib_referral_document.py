from odoo import api, models


class IbReferralDocument(models.Model):
    _inherit = "ib.referral.document"

    @api.model
    def _selection_generated_from(self):
        return super()._selection_generated_from() + [
            ("ib.care.plan", self.env._("Development Perspective Plan (OPP)"))
        ]

    def _ib_generated_problem(self):
        """An OPP line is generated from an OPP of the referral's pupil that the
        parents agreed with, and carries that version."""
        record = self.generated_from
        if record._name != "ib.care.plan":
            return super()._ib_generated_problem()
        type_ = self.document_type_id
        if (
            record.kind != "opp"
            or record.pupil_id != self.referral_id.pupil_id
            or record.agreement_state != "agreed"
            or not self.file
            or (type_ and type_.generated_kind != "opp")
        ):
            return self.env._(
                "only the OPP of the referral's pupil that the parents agreed "
                "with is recorded as generated from it."
            )
        return False
