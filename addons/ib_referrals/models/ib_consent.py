from odoo import models

# States of a consent that no longer allows anything.
ENDED_STATES = ("withdrawn", "expired")


class IbConsent(models.Model):
    _inherit = "ib.consent"

    def write(self, vals):
        ended = self.browse()
        if vals.get("state") in ENDED_STATES:
            ended = self.filtered(lambda c: c.state == "given")
        result = super().write(vals)
        if ended:
            ended._ib_referrals_lost_consent()
        return result

    def _ib_referrals_lost_consent(self):
        """The sent referrals that rested on the consents of ``self`` (now
        withdrawn or expired) and have no other valid consent: the record rule
        of referrals already refuses them to the receiving party; tell the
        coordinator."""
        # sudo: whoever ended the consent (a parent in the portal, the daily
        # job) may not read referrals; only the coordinator is told, below.
        Referral = self.env["ib.referral"].sudo()
        referrals = Referral.search(
            [
                ("pupil_id", "in", self.pupil_id.ids),
                ("state", "in", ("sent", "in_progress", "decided", "closed")),
            ]
        )
        affected = Referral.browse()
        for consent in self.sudo():
            affected |= referrals.filtered(
                lambda r, c=consent: (
                    r.pupil_id == c.pupil_id
                    and r._ib_consent_purpose() == c.purpose
                    and c.external_partner_id in (r.partner_id, r.partner_id.browse())
                )
            )
        lost = affected._ib_missing_consent()
        if lost:
            lost._ib_notify_consent_lost()
