from unittest.mock import patch

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import IbCompetenciesCommon


@tagged("post_install", "-at_install")
class TestFilmingConsent(IbCompetenciesCommon):
    """Filming a class visit for coaching needs the parents' consent for every
    recognisable pupil (ib_core's consent register), or the visit is not recorded."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.visit = cls._visit(cls.teacher_5, cls.group_5)
        cls.calls = []

    def _consent_register(self, with_consent):
        """Pretend ib_core's consent register is installed and answers that the
        pupils in ``with_consent`` have valid consent for video."""
        calls = self.calls

        def _ib_has_valid_consent(pupil_model, purpose, pupils, on_date):
            calls.append((purpose, pupils, on_date))
            return pupils & with_consent

        registry = self.env.registry
        return [
            patch.dict(registry.models, {"ib.consent": registry["ib.pupil"]}),
            patch.object(
                registry["ib.pupil"],
                "_ib_has_valid_consent",
                _ib_has_valid_consent,
                create=True,
            ),
        ]

    def _film(self, pupils):
        self.visit.with_user(self.coordinator_a).write(
            {"filming": "video", "recognisable_pupil_ids": [(6, 0, pupils.ids)]}
        )

    def test_without_consent_register_filming_pupils_is_refused(self):
        if "ib.consent" in self.env:
            self.skipTest("the consent register is installed")
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
        register = self._consent_register(with_consent=self.pupil_5a)
        with register[0], register[1]:
            self._film(self.pupil_5a)
            self.assertEqual(self.visit.filming, "video")
            purpose, pupils, on_date = self.calls[-1]
            self.assertEqual((purpose, pupils), ("video", self.pupil_5a))
            self.assertEqual(on_date, self.visit.start.date())
            with self.assertRaises(ValidationError) as caught:
                self._film(self.pupil_5a | self.pupil_5b)
            message = str(caught.exception)
            self.assertIn(self.pupil_5b.name, message)
            self.assertNotIn(self.pupil_5a.name, message)
        self.assertEqual(self.visit.recognisable_pupil_ids, self.pupil_5a)

    def test_register_without_the_expected_method_counts_as_missing(self):
        registry = self.env.registry
        with patch.dict(registry.models, {"ib.consent": registry["ib.pupil"]}):
            if hasattr(registry["ib.pupil"], "_ib_has_valid_consent"):
                self.skipTest("the consent register provides the method")
            with self.assertRaises(ValidationError):
                self._film(self.pupil_5a)

    def test_only_pupils_of_the_visited_group(self):
        register = self._consent_register(with_consent=self.pupil_6a)
        with register[0], register[1], self.assertRaises(ValidationError) as caught:
            self._film(self.pupil_6a)
        self.assertIn(self.pupil_6a.name, str(caught.exception))
