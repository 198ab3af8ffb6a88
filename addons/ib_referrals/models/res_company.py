from dateutil.relativedelta import relativedelta

from odoo import fields, models

# A TLV ending within this many months shows on the overview.
TLV_ENDING_MONTHS = 6


class ResCompany(models.Model):
    _inherit = "res.company"

    def _ib_overview_counters(self):
        counters = super()._ib_overview_counters()
        section = self.env._("Referrals")
        waiting_label = self.env._("Referrals waiting for an answer")
        ending_label = self.env._("TLVs ending within six months")
        waiting_domain = [("state", "in", ("sent", "in_progress"))]
        today = fields.Date.context_today(self)
        ending_domain = [
            ("kind", "=", "tlv"),
            ("state", "in", ("decided", "closed")),
            ("decision", "=", "granted"),
            ("valid_until", ">=", today),
            ("valid_until", "<=", today + relativedelta(months=TLV_ENDING_MONTHS)),
        ]
        waiting = self._ib_overview_count("ib.referral", waiting_domain)
        if waiting is None:
            return counters
        ending = self._ib_overview_count("ib.referral", ending_domain)
        for company in self:
            counters[company.id] += [
                company._ib_overview_counter(
                    "referral_waiting",
                    waiting_label,
                    "ib.referral",
                    waiting_domain,
                    waiting.get(company.id, 0),
                    sequence=60,
                    severity="info",
                    section=section,
                    action="ib_referrals.ib_referral_action",
                ),
                company._ib_overview_counter(
                    "referral_tlv_ending",
                    ending_label,
                    "ib.referral",
                    ending_domain,
                    ending.get(company.id, 0),
                    sequence=61,
                    severity="warning",
                    section=section,
                    action="ib_referrals.ib_referral_action",
                ),
            ]
        return counters
