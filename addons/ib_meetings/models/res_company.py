from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    def _ib_overview_counters(self):
        counters = super()._ib_overview_counters()
        today = fields.Date.context_today(self)
        domain = [("state", "=", "open"), ("date_deadline", "<", today)]
        counts = self._ib_overview_count("ib.meeting.agreement", domain)
        if counts is None:  # the user cannot read agreements
            return counters
        label = self.env._("Agreements past their deadline")
        section = self.env._("Meetings")
        for company in self:
            counters[company.id].append(
                company._ib_overview_counter(
                    "meeting_agreements_overdue",
                    label,
                    "ib.meeting.agreement",
                    domain,
                    counts.get(company.id, 0),
                    sequence=40,
                    severity="danger",
                    section=section,
                    action="ib_meetings.ib_meeting_agreement_action",
                )
            )
        return counters
