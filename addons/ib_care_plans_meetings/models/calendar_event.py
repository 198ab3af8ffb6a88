from markupsafe import Markup

from odoo import models


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    def _ib_propose_candidates(self):
        """The test signals of the agenda's pupils are proposed too."""
        candidates = super()._ib_propose_candidates()
        return candidates + self._ib_candidates_from_test_signals(
            self._ib_agenda_pupils()
        )

    def _ib_candidates_from_test_signals(self, pupils):
        """Test results flagged with a signal of ``pupils`` in the current school
        year.

        :return: list of dicts with pupil, question, source (record) and label
        """
        if not pupils:
            return []
        results = self.env["ib.assessment.result"].search(
            [
                ("pupil_id", "in", pupils.ids),
                ("signal", "!=", False),
                ("school_year_id.is_current", "=", True),
            ]
        )
        return [
            {
                "pupil": result.pupil_id,
                "question": Markup("<p>%s</p>") % result._ib_signal_text(),
                "source": result,
                "label": self.env._("Test signal %s", result.display_name),
            }
            for result in results
        ]
