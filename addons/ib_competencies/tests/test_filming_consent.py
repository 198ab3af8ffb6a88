from datetime import timedelta

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import IbCompetenciesCommon


@tagged("post_install", "-at_install")
class TestFilmingConsent(IbCompetenciesCommon):
    """Filming a class visit for coaching needs the parents' consent for every
    recognisable pupil (ib_core's ``ib.consent``), or the visit is not recorded."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.visit = cls._visit(cls.teacher_5, cls.group_5)

    def _give_video_consent(self, pupil):
        """A parent with authority gives consent for video in class."""
        parent = self.env["res.partner"].create({"name": f"Parent of {pupil.name}"})
        self.env["ib.pupil.guardian"].create(
            {"pupil_id": pupil.id, "partner_id": parent.id, "relation": "mother"}
        )
        consent = self.env["ib.consent"].create(
            {"pupil_id": pupil.id, "partner_id": parent.id, "purpose": "video"}
        )
        consent.state = "requested"
        consent._ib_answer(
            "given",
            "verbal",
            answer_date=self.visit.start.date() - timedelta(days=30),
            recorded_by_id=self.coordinator_a.id,
        )
        return consent

    def _film(self, pupils):
        self.visit.with_user(self.coordinator_a).write(
            {"filming": "video", "recognisable_pupil_ids": [(6, 0, pupils.ids)]}
        )

    def test_without_consent_filming_pupils_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self._film(self.pupil_5a)
        self.assertIn(self.pupil_5a.name, str(caught.exception))
        self.assertEqual(self.visit.filming, "none")

    def test_filming_without_recognisable_pupils_or_not_recorded(self):
        self._film(self.env["ib.pupil"])
        self.assertEqual(self.visit.filming, "video")
        self.visit.write(
            {"filming": "none", "recognisable_pupil_ids": [(6, 0, self.pupil_5a.ids)]}
        )
        self.assertEqual(self.visit.filming, "none")

    def test_consent_of_every_recognisable_pupil(self):
        self._give_video_consent(self.pupil_5a)
        self._film(self.pupil_5a)
        self.assertEqual(self.visit.filming, "video")
        with self.assertRaises(ValidationError) as caught:
            self._film(self.pupil_5a | self.pupil_5b)
        message = str(caught.exception)
        self.assertIn(self.pupil_5b.name, message)
        self.assertNotIn(self.pupil_5a.name, message)
        self.assertEqual(self.visit.recognisable_pupil_ids, self.pupil_5a)

    def test_withdrawn_consent_no_longer_counts(self):
        consent = self._give_video_consent(self.pupil_5a)
        consent.action_withdraw()
        with self.assertRaises(ValidationError):
            self._film(self.pupil_5a)

    def test_only_pupils_of_the_visited_group(self):
        self._give_video_consent(self.pupil_6a)
        with self.assertRaises(ValidationError) as caught:
            self._film(self.pupil_6a)
        self.assertIn(self.pupil_6a.name, str(caught.exception))
