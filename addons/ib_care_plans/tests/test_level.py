from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from ..models.ib_assessment import level_from_cutoffs, level_label, parse_level
from .common import IbCarePlansCommon


@tagged("post_install", "-at_install")
class TestLevelDerivation(IbCarePlansCommon):
    def _result(self, pupil, test, **vals):
        return self.env["ib.assessment.result"].create(
            dict(
                {
                    "pupil_id": pupil.id,
                    "assessment_id": test.id,
                    "school_year_id": self.year_a.id,
                    "moment": "middle",
                },
                **vals,
            )
        )

    def test_cutoffs(self):
        cutoffs = (240, 230, 220, 210)
        self.assertEqual(level_from_cutoffs(300, cutoffs), 1)
        self.assertEqual(level_from_cutoffs(240, cutoffs), 1, "a cut-off is inclusive")
        self.assertEqual(level_from_cutoffs(239.5, cutoffs), 2)
        self.assertEqual(level_from_cutoffs(220, cutoffs), 3)
        self.assertEqual(level_from_cutoffs(210, cutoffs), 4)
        self.assertEqual(level_from_cutoffs(209.9, cutoffs), 5)

    def test_labels_and_parsing(self):
        self.assertEqual(level_label(1, "roman"), "I")
        self.assertEqual(level_label(4, "roman"), "IV")
        self.assertEqual(level_label(5, "letter"), "E")
        self.assertFalse(level_label(0, "roman"))
        self.assertEqual(parse_level("iii"), 3)
        self.assertEqual(parse_level(" C "), 3)
        self.assertEqual(parse_level("IV+"), 4)
        self.assertEqual(parse_level("5"), 5)
        self.assertIsNone(parse_level("VI"))
        self.assertIsNone(parse_level("F"))
        self.assertIsNone(parse_level(""))

    def test_level_from_the_grade_and_moment_cut_offs(self):
        # group 5: middle cut-offs 240/230/220/210, end 250/240/230/220
        middle = self._result(self.pupil_5a, self.maths, score=225)
        self.assertEqual(middle.grade_id, self.grade_5, "grade taken from the group")
        self.assertEqual((middle.level, middle.level_label), (3, "III"))
        end = self._result(self.pupil_5a, self.maths, score=225, moment="end")
        self.assertEqual(end.level_label, "IV", "the end cut-offs are higher")
        grade_6 = self._result(self.pupil_6a, self.maths, score=225)
        self.assertEqual(grade_6.level_label, "V", "grade 6 has its own cut-offs")
        middle.score = 241
        self.assertEqual(middle.level_label, "I", "the level follows the score")

    def test_level_from_percentile_without_cut_offs(self):
        # A-E bands: A 75+, B 50+, C 25+, D 10+, E below
        result = self._result(self.pupil_5a, self.reading, score=40, percentile=60)
        self.assertEqual(result.level_label, "B")
        result.percentile = 5
        self.assertEqual(result.level_label, "E")

    def test_level_given_by_the_export_is_kept(self):
        result = self._result(self.pupil_5a, self.reading, score=40, level=2)
        self.assertEqual(result.level_label, "B")
        without = self._result(self.pupil_5b, self.reading, score=40)
        self.assertFalse(without.level, "no cut-offs and no percentile: no level")

    def test_changed_cut_offs_derive_the_levels_again(self):
        derived = self._result(self.pupil_5a, self.maths, score=225)
        given = self._result(self.pupil_5b, self.maths, score=225, level=1)
        self.assertEqual((derived.level_label, given.level_label), ("III", "I"))
        self.assertTrue(given.level_given)
        norm = self.maths.norm_ids.filtered(
            lambda n: n.grade_id == self.grade_5 and n.moment == "middle"
        )
        norm.with_user(self.coordinator_a).write(
            {
                "min_level_1": 225,
                "min_level_2": 215,
                "min_level_3": 205,
                "min_level_4": 195,
            }
        )
        self.assertEqual(derived.level_label, "I", "derived again from the score")
        self.assertEqual(given.level_label, "I", "the export's level stays")
        norm.write({"min_level_1": 300})
        self.assertEqual(derived.level_label, "II")
        # clearing the level derives it again
        given.level = False
        self.assertFalse(given.level_given)
        self.assertEqual(given.level_label, "II")
        # without cut-offs and percentile there is no level
        norm.unlink()
        self.assertFalse(derived.level)

    def test_cut_offs_must_descend(self):
        with self.assertRaises(ValidationError):
            self.env["ib.assessment.norm"].create(
                {
                    "assessment_id": self.maths.id,
                    "grade_id": self.env.ref("ib_core.grade_7").id,
                    "moment": "middle",
                    "min_level_1": 200,
                    "min_level_2": 210,
                    "min_level_3": 190,
                    "min_level_4": 180,
                }
            )

    def test_result_constraints(self):
        with self.assertRaises(ValidationError):
            self._result(self.pupil_5a, self.maths, score=401)
        with self.assertRaises(ValidationError):
            self._result(
                self.pupil_5a,
                self.maths,
                score=220,
                date=self.year_a_previous.date_start,
            )
        # the pupil of school B cannot get school A's own test
        with self.assertRaises(UserError):
            self._result(
                self.pupil_b, self.reading, score=20, school_year_id=self.year_b.id
            )

    def test_default_date_of_the_moment(self):
        middle = self._result(self.pupil_5a, self.maths, score=220)
        self.assertEqual((middle.date.month, middle.date.day), (2, 1))
        end = self._result(self.pupil_5a, self.maths, score=220, moment="end")
        self.assertEqual((end.date.month, end.date.day), (6, 15))
        self.assertTrue(self.year_a.date_start <= end.date <= self.year_a.date_end)
