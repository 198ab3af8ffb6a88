from odoo.tests import tagged

from odoo.addons.ib_meetings.tests.common import IbMeetingsCommon


@tagged("post_install", "-at_install")
class TestProposeTestSignals(IbMeetingsCommon):
    """With ib_care_plans, the pupils with a test signal of this school year are
    proposed for the agenda of a care meeting, next to the support requests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        test = cls.env["ib.assessment"].create(
            {
                "name": "TEST-SIGNAL-MATHS",
                "domain": "maths",
                "score_min": 0,
                "score_max": 400,
                "company_id": cls.school_a.id,
            }
        )
        Result = cls.env["ib.assessment.result"]
        # Level 1 last year, level 4 this year: a drop of three bands.
        for year, moment, level in (
            (cls.year_a_previous, "end", 1),
            (cls.year_a, "middle", 4),
        ):
            cls.result = Result.create(
                {
                    "pupil_id": cls.pupil_6a.id,
                    "assessment_id": test.id,
                    "school_year_id": year.id,
                    "moment": moment,
                    "score": 100,
                    "level": level,
                }
            )
        cls.meeting_6 = cls._pupil_discussion(
            "Pupil discussion group 6", cls.group_6, cls._this_hour(days=7)
        )

    def test_fixture_has_a_signal(self):
        self.assertEqual(self.result.signal, "drop")

    def test_test_signal_goes_on_the_agenda(self):
        meeting = self.as_user(self.coordinator_a, "calendar.event").browse(
            self.meeting_6.id
        )
        meeting.action_ib_propose_items()
        item = meeting.ib_item_ids.filtered(lambda i: i.pupil_id == self.pupil_6a)
        self.assertEqual(len(item), 1)
        self.assertEqual(
            (item.source_model, item.source_id),
            ("ib.assessment.result", self.result.id),
        )
        self.assertIn("Test signal", item.source_label)
        self.assertIn("TEST-SIGNAL-MATHS", item.question)
        self.assertNotIn(self.pupil_6b, meeting.ib_item_ids.pupil_id)
