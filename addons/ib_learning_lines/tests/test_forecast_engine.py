from datetime import date

from odoo.tests import TransactionCase

from ..models import forecast_engine as engine
from ..models.ib_exit_level_threshold import EXIT_LADDER

TABLE = [(0, "pro"), (34, "vmbo_bb"), (42, "vmbo_kb"), (48, "vmbo_gt"), (54, "havo")]


class TestForecastEngine(TransactionCase):
    """The arithmetic on known values, without the database."""

    def test_scores_at_half_year_steps_extrapolated(self):
        # 100, 110, 120 at half-year steps: 20 points a year; the end of group
        # 8 is 4.5 years after the first result (middle of group 4)
        value, slope, intercept, reason = engine.forecast(
            [(0.0, 100), (0.5, 110), (1.0, 120)], 4.5, engine.MIN_SPAN_YEARS
        )
        self.assertIsNone(reason)
        self.assertAlmostEqual(slope, 20.0)
        self.assertAlmostEqual(intercept, 100.0)
        self.assertAlmostEqual(value, 190.0)
        self.assertEqual(
            engine.map_exit_level(value, [(185, "gt"), (200, "havo")]), "gt"
        )

    def test_regression_through_scattered_points(self):
        # least squares: the line through (0, 100), (1, 104), (2, 120) has
        # slope 10 and intercept 98 (not the line through the end points)
        value, slope, intercept, _reason = engine.forecast(
            [(2, 120), (0, 100), (1, 104)], 3, 0.5
        )
        self.assertAlmostEqual(slope, 10.0)
        self.assertAlmostEqual(intercept, 98.0)
        self.assertAlmostEqual(value, 128.0)

    def test_end_of_group_8_and_years(self):
        self.assertEqual(engine.end_of_group_8(5, date(2026, 7, 15)), date(2029, 7, 15))
        self.assertEqual(engine.end_of_group_8(8, date(2026, 7, 15)), date(2026, 7, 15))
        self.assertAlmostEqual(
            engine.years_between(date(2024, 1, 1), date(2026, 1, 1)), 731 / 365.25
        )

    def test_didactic_age(self):
        september = date(2023, 8, 1)
        self.assertEqual(engine.didactic_age(3, date(2023, 9, 1), september), 0)
        self.assertEqual(engine.didactic_age(4, date(2024, 2, 1), september), 15)
        self.assertEqual(engine.didactic_age(4, date(2024, 6, 15), september), 20)
        # at most ten months a year, never negative within the year
        self.assertEqual(engine.didactic_age(4, date(2024, 7, 14), september), 20)
        self.assertEqual(engine.didactic_age(4, date(2023, 8, 20), september), 10)
        self.assertIsNone(engine.didactic_age(2, date(2024, 2, 1), september))
        self.assertIsNone(engine.didactic_age(False, date(2024, 2, 1), september))

    def test_dle_growth_per_month_of_education(self):
        # DLE 10, 13, 16 at DL 15, 20, 25: 0.6 month per month of education;
        # at DL 60 (end of group 8): 16 + 0.6 * 35 = 37 -> VMBO basic
        value, slope, _intercept, reason = engine.forecast(
            [(15, 10), (20, 13), (25, 16)],
            engine.DL_END_OF_GROUP_8,
            engine.MIN_SPAN_MONTHS,
        )
        self.assertIsNone(reason)
        self.assertAlmostEqual(slope, 0.6)
        self.assertAlmostEqual(value, 37.0)
        self.assertEqual(engine.map_exit_level(value, TABLE), "vmbo_bb")
        # a pupil growing one month per month reaches DLE 60: the top row
        value, *_rest = engine.forecast([(15, 15), (25, 25)], 60, 6)
        self.assertAlmostEqual(value, 60.0)
        self.assertEqual(engine.map_exit_level(value, TABLE), "havo")

    def test_too_few_results_or_too_short_a_span(self):
        self.assertEqual(engine.forecast([], 4.5, 0.5), (None, None, None, "too_few"))
        self.assertEqual(
            engine.forecast([(0, 100)], 4.5, 0.5), (None, None, None, "too_few")
        )
        self.assertEqual(
            engine.forecast([(0, 100), (0.4, 110)], 4.5, 0.5),
            (None, None, None, "short_span"),
        )
        # two results on one day: no span at all, no division by zero
        self.assertEqual(
            engine.forecast([(1, 100), (1, 110)], 4.5, 0.5)[3], "short_span"
        )
        # exactly half a year is enough
        self.assertIsNone(engine.forecast([(0, 100), (0.5, 110)], 4.5, 0.5)[3])

    def test_mapping_to_exit_levels(self):
        self.assertEqual(engine.map_exit_level(42, TABLE), "vmbo_kb")  # at a minimum
        self.assertEqual(engine.map_exit_level(41.9, TABLE), "vmbo_bb")
        self.assertEqual(engine.map_exit_level(0, TABLE), "pro")
        self.assertEqual(engine.map_exit_level(99, TABLE), "havo")
        self.assertIsNone(engine.map_exit_level(-1, TABLE))  # below the table
        self.assertIsNone(engine.map_exit_level(40, []))  # no table
        # the order of the rows does not matter
        self.assertEqual(engine.map_exit_level(50, list(reversed(TABLE))), "vmbo_gt")

    def test_course_against_the_expected_level(self):
        self.assertEqual(engine.course("havo", "havo", EXIT_LADDER), "on_course")
        self.assertEqual(engine.course("vwo", "havo", EXIT_LADDER), "ahead")
        self.assertEqual(engine.course("vmbo_kb", "havo", EXIT_LADDER), "behind")
        # VSO is no step on the ladder; no forecast or no expectation: no verdict
        self.assertIsNone(engine.course("havo", "vso", EXIT_LADDER))
        self.assertIsNone(engine.course(None, "havo", EXIT_LADDER))
        self.assertIsNone(engine.course("havo", False, EXIT_LADDER))

    def test_line_position(self):
        goals = list(range(1, 11))
        self.assertEqual(engine.line_position(goals, {1, 2, 3, 4}), (4, 4, 40.0))
        # the furthest goal along the line, whatever the order they were reached
        self.assertEqual(engine.line_position(goals, [7, 1]), (7, 2, 20.0))
        # goals of other lines do not count
        self.assertEqual(engine.line_position(goals, {1, 99}), (1, 1, 10.0))
        self.assertEqual(engine.line_position(goals, set()), (None, 0, 0.0))
        self.assertEqual(engine.line_position([], {1}), (None, 0, 0.0))
        self.assertEqual(engine.line_position([1, 2, 3], {1}), (1, 1, 33.3))

    def test_chart_escapes_text(self):
        svg = engine.forecast_svg(
            [(0, 100), (1, 120)],
            4.5,
            (20, 100),
            "<script>alert(1)</script>",
            'Toets "x" & <b>',
            bands=[(185, "<img src=x onerror=alert(1)>")],
            x_ticks=[(0, "1 feb <i>")],
        )
        self.assertTrue(svg.startswith("<svg"))
        self.assertNotIn("<script>", svg)
        self.assertNotIn("<img", svg)
        self.assertNotIn("<b>", svg)
        self.assertNotIn("<i>", svg)
        self.assertIn("&lt;script&gt;", svg)
        self.assertIn("&lt;img src=x", svg)
        self.assertEqual(svg.count('class="o_ib_forecast_point"'), 2)
        self.assertEqual(svg.count('class="o_ib_forecast_line"'), 1)
        # no results: no chart
        self.assertEqual(engine.forecast_svg([], 4.5, None, "x", "y"), "")
