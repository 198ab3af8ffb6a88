from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    def _ib_overview_counters(self):
        counters = super()._ib_overview_counters()
        today = fields.Date.context_today(self)
        label = self.env._("Agreements past their deadline")
        section = self.env._("Meetings")
        self._ib_overview_add_counter(
            counters,
            "meeting_agreements_overdue",
            label,
            "ib.meeting.agreement",
            [("state", "=", "open"), ("date_deadline", "<", today)],
            sequence=40,
            severity="danger",
            section=section,
            action="ib_meetings.ib_meeting_agreement_action",
        )
        return counters
