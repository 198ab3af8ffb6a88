from unittest.mock import patch

from odoo.tests import tagged

from .common import IbMeetingsCommon


@tagged("post_install", "-at_install")
class TestProposeAgenda(IbMeetingsCommon):
    """Pupils with open support requests or test signals go on the agenda."""

    def test_nothing_to_propose_without_sources(self):
        meeting = self.as_user(self.coordinator_a, "calendar.event").browse(
            self.meeting.id
        )
        before = meeting.ib_item_ids
        action = meeting.action_ib_propose_items()
        self.assertEqual(action["params"]["type"], "info")
        self.assertEqual(meeting.ib_item_ids, before)

    def test_candidates_become_one_item_per_pupil(self):
        Event = type(self.env["calendar.event"])
        pupil_6a, pupil_6b = self.pupil_6a, self.pupil_6b
        recorded = []

        class Source:
            _name = "ib.support.request"
            id = 1
            display_name = "HV/0001"

            def _ib_record_outcome(self, record, kind):
                recorded.append((record, kind))

        def candidates(event):
            return [
                {
                    "pupil": pupil_6a,
                    "question": "<p>Reads slowly</p>",
                    "source": Source(),
                    "label": "Support request HV/0001",
                },
                {
                    "pupil": pupil_6a,
                    "question": "<p>Level dropped</p>",
                    "source": Source(),
                    "label": "Test signal",
                },
                {
                    "pupil": pupil_6b,
                    "question": "<p>Sad</p>",
                    "source": Source(),
                    "label": "Support request HV/0002",
                },
                # Already on the agenda: not proposed again.
                {
                    "pupil": self.pupil_5a,
                    "question": "<p>x</p>",
                    "source": Source(),
                    "label": "Support request HV/0003",
                },
            ]

        meeting = self.as_user(self.coordinator_a, "calendar.event").browse(
            self.meeting.id
        )
        with patch.object(Event, "_ib_propose_candidates", candidates):
            meeting.action_ib_propose_items()
            meeting.action_ib_propose_items()
        items = meeting.ib_item_ids.filtered(
            lambda i: i.pupil_id in pupil_6a | pupil_6b
        )
        self.assertEqual(items.pupil_id, pupil_6a | pupil_6b)
        item_6a = items.filtered(lambda i: i.pupil_id == pupil_6a)
        self.assertIn("Reads slowly", item_6a.question)
        self.assertIn("Level dropped", item_6a.question)
        self.assertEqual(item_6a.source_model, "ib.support.request")
        self.assertIn("Test signal", item_6a.source_label)
        # The support requests learn what they led to.
        self.assertIn((item_6a, "meeting"), recorded)
        self.assertEqual(len(recorded), 3)
