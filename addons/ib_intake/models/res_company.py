from datetime import timedelta

from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    def _ib_overview_counters(self):
        """Registrations due within two weeks and overdue (sequence 70-79)."""
        counters = super()._ib_overview_counters()
        today = fields.Date.context_today(self)
        open_running = [
            ("state", "in", ("registered", "gathering", "observing")),
            ("is_paused", "=", False),
        ]
        section = self.env._("Intake (duty of care)")
        label_soon = self.env._("Intake: decision due within 2 weeks")
        self._ib_overview_add_counter(
            counters,
            "intake_due_soon",
            label_soon,
            "ib.intake",
            [
                *open_running,
                ("deadline", ">=", today),
                ("deadline", "<=", today + timedelta(days=14)),
            ],
            sequence=70,
            severity="warning",
            section=section,
            action="ib_intake.ib_intake_action",
        )
        label_overdue = self.env._("Intake: decision overdue")
        self._ib_overview_add_counter(
            counters,
            "intake_overdue",
            label_overdue,
            "ib.intake",
            [*open_running, ("deadline", "<", today)],
            sequence=71,
            severity="danger",
            section=section,
            action="ib_intake.ib_intake_action",
        )
        return counters
