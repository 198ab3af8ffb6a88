from dateutil.relativedelta import relativedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form

from ..models import forecast_engine as engine
from .common import IbLearningLinesCommon


class TestForecast(IbLearningLinesCommon):
    """The OPP's forecast from the pupil's results, as the coordinator reads it."""

    def _plan(self, user=None):
        plan = self._records_as(user or self.coordinator_a, self.opp)
        plan.invalidate_recordset()
        return plan

    def _expected_score(self, first_day):
        # 20 points a year from 100, continued to the end of group 8 (pupil 5a
        # is in group 5 this year): the end of this school year plus 3 years
        end = self.year_a.date_end + relativedelta(years=3)
        return 100 + 20 * engine.years_between(first_day, end)

    def test_score_forecast_mapped_and_on_course(self):
        results = self._score_results()
        self._table("score", self.SCORE_TABLE, company=self.school_a)
        plan = self._plan()
        self.assertTrue(plan.forecast_ready)
        self.assertAlmostEqual(
            plan.forecast_value, self._expected_score(results[0].date), delta=0.5
        )
        self.assertAlmostEqual(plan.forecast_value, 189, delta=1)
        self.assertAlmostEqual(plan.forecast_growth, 20, delta=0.5)
        self.assertEqual(plan.forecast_level, "vmbo_gt")
        self.assertEqual(plan.forecast_course, "on_course")
        self.assertFalse(plan.forecast_reason)
        self.assertIn("VMBO Mixed/Theoretical", plan.forecast_text)
        self.assertIn("on course", plan.forecast_text)
        self.assertEqual(plan.forecast_chart.count("o_ib_forecast_point"), 3)
        self.assertIn("o_ib_forecast_line", plan.forecast_chart)

    def test_ahead_and_behind(self):
        self._score_results()
        self._table("score", self.SCORE_TABLE, company=self.school_a)
        self.opp.exit_level = "vmbo_kb"
        self.assertEqual(self._plan().forecast_course, "ahead")
        self.opp.exit_level = "havo"
        self.assertEqual(self._plan().forecast_course, "behind")
        self.assertIn("behind", self._plan().forecast_text)
        # VSO is no step on the ladder; no expected level: no verdict
        self.opp.exit_level = "vso"
        self.assertFalse(self._plan().forecast_course)
        self.opp.exit_level = False
        plan = self._plan()
        self.assertFalse(plan.forecast_course)
        self.assertEqual(plan.forecast_level, "vmbo_gt")

    def test_dle_forecast(self):
        grade_4 = self.env.ref("ib_core.grade_4")
        # DL 15 (1 February, group 4), DL 20 (15 June), DL 22 (15 October,
        # group 5): DLE 10, 13, 14 (DLE is whole months) -> 0.58 a month -> 36 at DL 60
        self._result(
            self.pupil_5a,
            self.year_a_previous,
            "middle",
            self.prev_start + relativedelta(months=6),
            score=150,
            dle=10,
            grade=grade_4,
        )
        self._result(
            self.pupil_5a,
            self.year_a_previous,
            "end",
            self.prev_start + relativedelta(months=10, days=14),
            score=155,
            dle=13,
            grade=grade_4,
        )
        self._result(
            self.pupil_5a,
            self.year_a,
            "middle",
            self.start + relativedelta(months=2, days=14),
            score=158,
            dle=14,
            grade=self.grade_5,
        )
        self._table("dle", self.DLE_TABLE, company=self.school_a)
        self.opp.forecast_measure = "dle"
        plan = self._plan()
        self.assertTrue(plan.forecast_ready)
        # least squares through (15, 10), (20, 13), (22, 14): 15/26 a month,
        # 12.33 + 41 x 15/26 = 35.99 at DL 60
        self.assertAlmostEqual(plan.forecast_value, 36.0, places=1)
        self.assertAlmostEqual(plan.forecast_growth, 0.58, places=2)
        self.assertEqual(plan.forecast_level, "vmbo_bb")
        self.assertEqual(plan.forecast_course, "behind")  # expected VMBO GT

    def test_no_forecast_with_one_result(self):
        self._score_results(scores=(100,))
        self._table("score", self.SCORE_TABLE, company=self.school_a)
        plan = self._plan()
        self.assertFalse(plan.forecast_ready)
        self.assertFalse(plan.forecast_value)
        self.assertFalse(plan.forecast_level)
        self.assertFalse(plan.forecast_course)
        self.assertIn("1 usable result(s); at least 2", plan.forecast_reason)
        self.assertTrue(plan.forecast_text.startswith("No forecast yet"))
        # the chart shows the result without a forecast line
        self.assertIn("o_ib_forecast_point", plan.forecast_chart)
        self.assertNotIn("o_ib_forecast_line", plan.forecast_chart)

    def test_no_forecast_with_results_close_together(self):
        # middle and end of last year: four and a half months apart
        grade_4 = self.env.ref("ib_core.grade_4")
        for moment, months, score in (("middle", 6, 100), ("end", 10, 130)):
            self._result(
                self.pupil_5a,
                self.year_a_previous,
                moment,
                self.prev_start + relativedelta(months=months, days=14),
                score=score,
                grade=grade_4,
            )
        plan = self._plan()
        self.assertFalse(plan.forecast_ready)
        self.assertIn("less than half a year", plan.forecast_reason)
        self.assertFalse(plan.forecast_value)

    def test_no_forecast_without_results_of_the_domain(self):
        self._result(
            self.pupil_5a,
            self.year_a,
            "middle",
            self.start + relativedelta(months=6),
            score=40,
            test=self.reading,
        )
        plan = self._plan()
        self.assertFalse(plan.forecast_ready)
        self.assertIn("0 usable result(s)", plan.forecast_reason)
        self.assertFalse(plan.forecast_chart)

    def test_only_the_latest_test_of_the_domain_counts(self):
        """Scores of two tests are on two scales: the line runs through the
        results of the latest test only."""
        other = self.maths.copy({"name": "Andere rekentoets", "code": "AR"})
        self._result(
            self.pupil_5a,
            self.year_a_previous,
            "middle",
            self.prev_start + relativedelta(months=6),
            score=20,
            grade=self.env.ref("ib_core.grade_4"),
            test=other,
        )
        self._score_results()
        plan = self._plan()
        self.assertEqual(plan.forecast_chart.count("o_ib_forecast_point"), 3)
        self.assertAlmostEqual(plan.forecast_growth, 20, delta=0.5)

    def test_table_without_a_level_or_below_it(self):
        self._score_results()
        plan = self._plan()
        self.assertTrue(plan.forecast_ready)
        self.assertFalse(plan.forecast_level)
        self.assertIn("no exit-level table", plan.forecast_text)
        self._table("score", [(195, "havo"), (210, "vwo")], company=self.school_a)
        plan = self._plan()
        self.assertFalse(plan.forecast_level)
        self.assertFalse(plan.forecast_course)
        self.assertIn("below the lowest value", plan.forecast_text)

    def test_school_table_before_board_table_and_test_rows_first(self):
        self._score_results()
        self._table("score", [(0, "pro"), (180, "havo")])  # the board's
        self.assertEqual(self._plan().forecast_level, "havo")
        self._table("score", [(0, "pro"), (180, "vmbo_kb")], company=self.school_a)
        self.assertEqual(self._plan().forecast_level, "vmbo_kb")
        self._table(
            "score", [(0, "pro"), (180, "vwo")], company=self.school_a, test=self.maths
        )
        self.assertEqual(self._plan().forecast_level, "vwo")
        # school B's table never counts for school A
        self._table("score", [(0, "vmbo_bb")], company=self.school_b)
        self.assertEqual(self._plan().forecast_level, "vwo")

    def test_chart_escapes_the_test_name(self):
        self.maths.name = "<img src=x onerror=alert(1)>"
        self._score_results()
        chart = self._plan().forecast_chart
        self.assertNotIn("<img", chart)
        self.assertIn("&lt;img src=x onerror=alert(1)&gt;", chart)

    def test_other_plans_have_no_forecast(self):
        self._score_results()
        plan = self.env["ib.care.plan"].create(
            {"name": "HP", "kind": "action", "pupil_id": self.pupil_5a.id}
        )
        self.assertFalse(plan.forecast_ready)
        self.assertFalse(plan.forecast_text)
        with self.assertRaises(UserError):
            plan.with_user(self.coordinator_a).action_forecast_to_evaluation()

    def test_teacher_reads_the_forecast_of_own_pupil(self):
        self._score_results()
        plan = self._plan(self.teacher_5)
        self.assertTrue(plan.forecast_ready)
        self.assertAlmostEqual(plan.forecast_value, 189, delta=1)

    def test_forecast_feeds_the_evaluation_with_the_parents(self):
        self._score_results()
        self._table("score", self.SCORE_TABLE, company=self.school_a)
        plan = self._plan()
        plan.action_forecast_to_evaluation()
        self.assertIn("Forecast of the exit level", plan.evaluation)
        self.assertIn("VMBO Mixed/Theoretical", plan.evaluation)
        # an evaluation with the parents keeps the forecast of its day
        with Form(plan) as form, form.parent_evaluation_ids.new() as evaluation:
            evaluation.consultation_note = "Besproken met moeder."
        record = plan.parent_evaluation_ids
        self.assertIn("VMBO Mixed/Theoretical", record.forecast_text)
        self.assertEqual(record.forecast_text, plan.forecast_text)

    def test_threshold_table_rules(self):
        with self.assertRaises(ValidationError):
            self._table("dle", [(40, "havo"), (50, "vmbo_kb")], company=self.school_a)
        with self.assertRaises(ValidationError):
            self._table("dle", [(40, "havo"), (50, "havo")], company=self.school_a)
        with self.assertRaises(ValidationError):
            self._table("dle", [(40, "havo")], company=self.school_a, test=self.maths)
        with self.assertRaises(ValidationError):
            self.env["ib.exit.level.threshold"].create(
                {
                    "domain": "spelling",
                    "measure": "score",
                    "assessment_id": self.maths.id,
                    "exit_level": "havo",
                    "min_value": 10,
                }
            )

    def test_queries_do_not_grow_with_the_plans(self):
        """The forecast of many OPPs (a list, an export) reads the results and
        the exit-level tables once, not per plan."""
        self._table("score", self.SCORE_TABLE, company=self.school_a)
        pupils = self.pupil_5a | self.pupil_5b | self.pupil_6a
        plans = self.opp | self._opp(self.pupil_5b) | self._opp(self.pupil_6a)
        for pupil in pupils:
            self._score_results(pupil)

        def queries(records):
            records = self._records_as(self.coordinator_a, records)
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            records.mapped("forecast_level")
            return self.env.cr.sql_log_count - before

        queries(plans)  # caches of the registry (rules, access rights)
        one, three = queries(plans[:1]), queries(plans)
        self.assertEqual(
            self._records_as(self.coordinator_a, plans).mapped("forecast_level"),
            ["vmbo_gt"] * 3,
        )
        self.assertEqual(three, one)
