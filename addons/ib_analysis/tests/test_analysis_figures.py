from odoo.tests import tagged

from .common import IbAnalysisCommon


def by(rows, key):
    """{group value (id for many2one): row} of a formatted_read_group."""
    return {
        (row[key][0] if isinstance(row[key], tuple) else row[key]): row for row in rows
    }


@tagged("post_install", "-at_install")
class TestAnalysisFigures(IbAnalysisCommon):
    """The exact figures the views show, as the coordinator and the board."""

    def test_share_at_norm_per_year_grade_moment(self):
        rows = self.read_group(
            self.coordinator_a,
            "ib.analysis.result",
            [
                ("assessment_id", "=", self.maths.id),
                ("grade_id", "=", self.grade_5.id),
                ("moment", "=", "middle"),
            ],
            ["school_year_id"],
            ["at_norm_pct:avg", "__count"],
        )
        figures = {
            self.env["ib.school.year"].browse(key).name: (
                round(row["at_norm_pct:avg"], 2),
                row["__count"],
            )
            for key, row in by(rows, "school_year_id").items()
        }
        # the trend of group 5's maths in the middle of the year
        self.assertEqual(
            figures,
            {
                self.years_ago[0].name: (60.0, 5),  # P: III, IV, I, V, II
                self.years_ago[1].name: (66.67, 3),  # Q: III, II, IV
                self.years_ago[2].name: (50.0, 2),  # R: I, V
            },
        )

    def test_level_distribution(self):
        [row] = self.read_group(
            self.coordinator_a,
            "ib.analysis.result",
            [("group_id", "=", self.group_5.id)],
            [],
            [f"level_{n}_pct:avg" for n in range(1, 6)] + ["level:avg"],
        )
        self.assertEqual([row[f"level_{n}_pct:avg"] for n in range(1, 6)], [20.0] * 5)
        self.assertEqual(row["level:avg"], 3.0)

    def test_teacher_and_previous_years_rows(self):
        """The years-ago filter of the trend: five years, one row per result."""
        rows = self.read_group(
            self.coordinator_a,
            "ib.analysis.result",
            [("assessment_id", "=", self.maths.id), ("years_ago", "<", 5)],
            ["years_ago"],
            ["__count"],
        )
        self.assertEqual(
            {row["years_ago"]: row["__count"] for row in rows}, {0: 8, 1: 16, 2: 2}
        )

    def test_cohort_through_the_grades(self):
        """Group 5's current pupils followed back: grade 4 M and E, grade 5 M."""
        rows = self.read_group(
            self.coordinator_a,
            "ib.analysis.result",
            [("current_group_id", "=", self.group_5.id)],
            ["grade_id", "moment"],
            ["at_norm_pct:avg", "score:avg", "__count"],
        )
        figures = {
            (row["grade_id"][0], row["moment"]): (
                row["at_norm_pct:avg"],
                row["score:avg"],
                row["__count"],
            )
            for row in rows
        }
        self.assertEqual(
            figures,
            {
                (self.grade_4.id, "middle"): (60.0, 204.0, 5),
                (self.grade_4.id, "end"): (60.0, 214.0, 5),
                (self.grade_5.id, "middle"): (60.0, 224.4, 5),
            },
        )
        # the cohort year: group 5 now leaves group 8 three years after this one
        cohort = self.as_user(self.coordinator_a, "ib.analysis.result").search(
            [("current_group_id", "=", self.group_5.id)]
        )
        self.assertEqual(
            set(cohort.mapped("cohort_year")), {self.year_a.date_end.year + 3}
        )

    def test_growth_and_yield_per_group(self):
        rows = self.read_group(
            self.coordinator_a,
            "ib.analysis.growth",
            [("span", "=", "next")],
            ["group_id"],
            ["growth:avg", "expected_growth:avg", "growth_met_pct:avg", "__count"],
        )
        figures = {
            key: (
                round(row["growth:avg"], 2),
                row["expected_growth:avg"],
                round(row["growth_met_pct:avg"], 2),
                row["__count"],
            )
            for key, row in by(rows, "group_id").items()
        }
        self.assertEqual(
            figures,
            {
                # E4 -> M5: 11, 12, 9, 6, 14 against 10
                self.group_5.id: (10.4, 10.0, 60.0, 5),
                # E5 -> M6: 13, 5, 2 against 10
                self.group_6.id: (6.67, 10.0, 33.33, 3),
                # M4 -> E4: 13, 5, 7, 14, 11 (expected score of E: middle of III)
                self.group_4_prev.id: (10.0, 10.0, 60.0, 5),
                # M5 -> E5: 6, 12, 11
                self.group_5_prev.id: (9.67, 10.0, 66.67, 3),
            },
        )

    def test_growth_over_a_year_and_per_pupil(self):
        Growth = self.as_user(self.coordinator_a, "ib.analysis.growth")
        year = Growth.search(
            [("span", "=", "year"), ("group_id", "=", self.group_5.id)]
        )
        self.assertEqual(
            {
                g.pupil_id.name: (g.growth, g.expected_growth, g.growth_met_pct)
                for g in year
            },
            {
                self.pupils["P1"].name: (24.0, 20.0, 100.0),
                self.pupils["P2"].name: (17.0, 20.0, 0.0),
                self.pupils["P3"].name: (16.0, 20.0, 0.0),
                self.pupils["P4"].name: (20.0, 20.0, 100.0),
                self.pupils["P5"].name: (25.0, 20.0, 100.0),
            },
        )

    def test_dle_and_didactic_age(self):
        [row] = self.read_group(
            self.coordinator_a,
            "ib.analysis.result",
            [("group_id", "=", self.group_5.id), ("dle", "!=", False)],
            [],
            ["dle:avg", "dl:avg", "dle_ratio:avg", "__count"],
        )
        self.assertEqual(
            (row["dle:avg"], row["dl:avg"], row["dle_ratio:avg"], row["__count"]),
            (22.5, 25.0, 90.0, 2),
        )

    def test_reference_levels_per_year(self):
        rows = self.read_group(
            self.coordinator_a,
            "ib.analysis.reference",
            [("years_ago", "=", 1)],
            ["ref_domain"],
            ["reached_1f_pct:avg", "reached_2f_pct:avg", "__count"],
        )
        self.assertEqual(
            {
                key: (
                    row["reached_1f_pct:avg"],
                    row["reached_2f_pct:avg"],
                    row["__count"],
                )
                for key, row in by(rows, "ref_domain").items()
            },
            {
                "reading": (75.0, 50.0, 4),
                "language": (100.0, 50.0, 4),
                "maths": (75.0, 25.0, 4),
            },
        )

    def test_reference_levels_three_years_against_signal_values(self):
        Summary = self.as_user(self.coordinator_a, "ib.analysis.reference.summary")
        lines = Summary.search([("school_year_id", "=", self.years_ago[1].id)])
        self.assertEqual(
            {
                s.ref_domain: (
                    s.pupil_count,
                    s.pct_1f,
                    s.pct_2f,
                    s.pupil_count_3y,
                    s.years_3y,
                    s.pct_1f_3y,
                    s.pct_2f_3y,
                    s.below_1f,
                    s.below_2f,
                )
                for s in lines
            },
            {
                # the three years -1, -2, -3 pooled; year -4 is outside
                "reading": (4, 75.0, 50.0, 10, 3, 90.0, 60.0, False, False),
                "language": (4, 100.0, 50.0, 10, 3, 90.0, 50.0, False, True),
                "maths": (4, 75.0, 25.0, 10, 3, 80.0, 20.0, True, True),
                "all": (12, 83.3, 41.7, 30, 3, 86.7, 43.3, False, True),
            },
        )
        self.assertEqual(set(lines.mapped("signal_1f")), {85.0})
        self.assertEqual(set(lines.mapped("signal_2f")), {55.0})
        # the school's own signal values
        self.school_a.write({"ib_ref_signal_1f": 91.0, "ib_ref_signal_2f": 40.0})
        self.env.flush_all()
        self.env.invalidate_all()
        reading = Summary.search(
            [
                ("school_year_id", "=", self.years_ago[1].id),
                ("ref_domain", "=", "reading"),
            ]
        )
        self.assertEqual((reading.below_1f, reading.below_2f), (True, False))
        # two years ago: the years -2, -3 and -4
        older = Summary.search(
            [
                ("school_year_id", "=", self.years_ago[2].id),
                ("ref_domain", "=", "reading"),
            ]
        )
        self.assertEqual((older.pupil_count_3y, older.pct_1f_3y), (8, 75.0))

    def test_board_sees_schools_side_by_side(self):
        rows = self.read_group(
            self.director,
            "ib.analysis.result",
            [("assessment_id", "=", self.maths.id), ("years_ago", "=", 0)],
            ["company_id"],
            ["at_norm_pct:avg", "__count"],
        )
        self.assertEqual(
            {
                key: (row["at_norm_pct:avg"], row["__count"])
                for key, row in by(rows, "company_id").items()
            },
            # school A: P 3 of 5, Q 2 of 3; school B: level II
            {self.school_a.id: (62.5, 8), self.school_b.id: (100.0, 1)},
        )
        # the coordinator of school A sees school A only
        rows = self.read_group(
            self.coordinator_a,
            "ib.analysis.result",
            [("assessment_id", "=", self.maths.id), ("years_ago", "=", 0)],
            ["company_id"],
            ["__count"],
        )
        self.assertEqual([row["company_id"][0] for row in rows], [self.school_a.id])

    def test_pupil_chart_with_norm_band(self):
        action = self.pupils["P1"].with_user(self.teacher_5).action_ib_results_chart()
        Chart = self.as_user(self.teacher_5, "ib.analysis.chart")
        rows = Chart.formatted_read_group(
            action["domain"], ["date:day", "series"], ["value:avg"]
        )
        values = {
            (str(row["date:day"]), row["series"]): row["value:avg"] for row in rows
        }
        m5 = self.results.filtered(
            lambda r: (
                r.pupil_id == self.pupils["P1"] and r.school_year_id == self.year_a
            )
        ).date
        label = [k[0] for k in values if k[1] == "score"]
        self.assertEqual(len(label), 3, "three moments: M4, E4, M5")
        by_series = {}
        for (_day, series), value in values.items():
            by_series.setdefault(series, []).append(value)
        self.assertEqual(sorted(by_series["score"]), [205.0, 218.0, 229.0])
        self.assertEqual(sorted(by_series["norm_floor"]), [200.0, 210.0, 220.0])
        # expected: entered for M (205, 225), middle of level III for E (215)
        self.assertEqual(sorted(by_series["norm_expected"]), [205.0, 215.0, 225.0])
        self.assertTrue(m5)

    def test_pivot_cell_lands_on_the_pupils(self):
        """A pivot cell opens the rows of its domain: their pupils, as the user
        may see them."""
        Analysis = self.as_user(self.coordinator_a, "ib.analysis.result")
        cell = Analysis.search(
            [
                ("grade_id", "=", self.grade_5.id),
                ("moment", "=", "middle"),
                ("years_ago", "=", 0),
                ("level", ">=", 4),
            ]
        )
        self.assertEqual(cell.pupil_id, self.pupils["P2"] | self.pupils["P4"])
        action = cell[:1].action_open_pupil()
        self.assertEqual(action["res_model"], "ib.pupil")
        self.assertIn(action["res_id"], cell.pupil_id.ids)
        # the list of the pupils behind the cell, as the pupil list shows them
        action = cell.action_open_pupils()
        self.assertEqual(action["res_model"], "ib.pupil")
        pupils = self.as_user(self.coordinator_a, "ib.pupil").search(action["domain"])
        self.assertEqual(pupils, self.pupils["P2"] | self.pupils["P4"])

    def test_group_chart_from_the_group_overview(self):
        overview = self.as_user(self.teacher_5, "ib.group.overview").create(
            {"group_id": self.group_5.id}
        )
        action = overview.action_ib_results_chart()
        rows = self.as_user(self.teacher_5, "ib.analysis.chart").formatted_read_group(
            action["domain"], ["series"], ["value:avg", "__count"]
        )
        self.assertEqual(
            {r["series"]: (r["value:avg"], r["__count"]) for r in rows},
            {
                # M5 of group 5: average score 224.4 against the norm band
                "score": (224.4, 5),
                "norm_floor": (220.0, 5),
                "norm_expected": (225.0, 5),
            },
        )
