from odoo.tests import BaseCase, tagged

from odoo.addons.ib_sociogram.models import sociogram_engine as engine

from .common import KNOWN_CHOICES, KNOWN_NEGATIVE

PUPILS = ("anna", "bram", "cas", "dana", "ezra", "floor")


@tagged("post_install", "-at_install")
class TestSociogramEngine(BaseCase):
    """The computation alone (pure Python) on the known group of six."""

    def test_known_group(self):
        result = engine.compute(PUPILS, KNOWN_CHOICES)
        received = {key: pupil.received for key, pupil in result.pupils.items()}
        self.assertEqual(
            received,
            {"anna": 3, "bram": 2, "cas": 4, "dana": 1, "ezra": 0, "floor": 0},
        )
        self.assertEqual(result.popular, ["cas"])
        self.assertEqual(result.isolated, ["ezra", "floor"])
        self.assertEqual(result.rejected, [])
        self.assertEqual(
            result.mutual_pairs,
            (("anna", "bram"), ("anna", "cas"), ("bram", "cas")),
        )
        self.assertEqual(
            {key: pupil.mutual for key, pupil in result.pupils.items()},
            {"anna": 2, "bram": 2, "cas": 2, "dana": 0, "ezra": 0, "floor": 0},
        )
        self.assertEqual(result.pupils["ezra"].given, 1)
        self.assertAlmostEqual(result.density, 10 / 30)
        self.assertAlmostEqual(result.mean_received, 10 / 6)
        rings = {key: pupil.ring for key, pupil in result.pupils.items()}
        self.assertEqual(
            rings,
            {
                "cas": engine.RING_POPULAR,
                "anna": engine.RING_AVERAGE,
                "bram": engine.RING_AVERAGE,
                "dana": engine.RING_BELOW,
                "ezra": engine.RING_ISOLATED,
                "floor": engine.RING_ISOLATED,
            },
        )

    def test_negative_question_marks_the_rejected(self):
        result = engine.compute(PUPILS, KNOWN_CHOICES, KNOWN_NEGATIVE)
        self.assertEqual(result.rejected, ["ezra"])
        self.assertEqual(result.pupils["floor"].rejected_received, 1)
        self.assertFalse(result.pupils["floor"].rejected)
        # negative choices are no positive ties
        self.assertEqual(len(result.ties), 10)
        self.assertEqual(len(result.negative_ties), 4)

    def test_popular_rule_is_configurable(self):
        # with half a standard deviation Anna (3 >= 1.67 + 0.75) is popular too
        result = engine.compute(PUPILS, KNOWN_CHOICES, sd_factor=0.5)
        self.assertEqual(result.popular, ["anna", "cas"])
        # with two, nobody stands out
        result = engine.compute(PUPILS, KNOWN_CHOICES, sd_factor=2.0)
        self.assertEqual(result.popular, [])

    def test_equal_group_has_no_popular_pupil(self):
        # a ring of three: everybody chosen once, nobody popular or isolated
        result = engine.compute(("a", "b", "c"), (("a", "b"), ("b", "c"), ("c", "a")))
        self.assertEqual(result.popular, [])
        self.assertEqual(result.isolated, [])
        self.assertEqual(result.mutual_pairs, ())

    def test_choices_outside_the_group_or_of_oneself_are_ignored(self):
        result = engine.compute(("a", "b"), (("a", "a"), ("a", "x"), ("x", "b")))
        self.assertEqual(result.ties, frozenset())
        self.assertEqual(result.isolated, ["a", "b"])
        self.assertEqual(engine.compute((), ()).density, 0.0)
