from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from ..models.suppression import COMPLEMENT, SMALL, hidden_cells
from .common import SafetyCommon


@tagged("post_install", "-at_install")
class TestSafetyFigures(SafetyCommon):
    """The share feeling safe per school, grade and group, with numbers under 5
    hidden and no total telling a hidden number."""

    def _table(self, survey, question, suppress=True, with_groups=True):
        """``{label: (respondents, positive, share)}`` as the form shows them."""
        figure = next(
            f
            for f in survey._ib_figures(suppress=suppress, with_groups=with_groups)
            if f["question"] == question
        )
        show = survey._ib_display

        def row(cell):
            return tuple(
                show(cell, what) for what in ("respondents", "positive", "share")
            )

        table = {"school": row(figure["school"])}
        for grade in figure["grades"]:
            table[grade["grade"].number] = row(grade["cell"])
            for group in grade["groups"]:
                table[group["label"]] = row(group["cell"])
        return table

    def test_share_on_known_numbers(self):
        survey = self._lines(
            (self.q_safe, self.group_6, 24, 21),
            (self.q_safe, self.group_7a, 10, 7),
            (self.q_safe, self.group_7b, 15, 15),
            (self.q_safe, self.group_8, 26, 24),
            (self.q_bullied, self.group_6, 24, 18),
        )
        self.assertEqual(
            self._table(survey, self.q_safe),
            {
                "Groep 6": ("24", "21", "87.5"),
                6: ("24", "21", "87.5"),
                "Groep 7a": ("10", "7", "70.0"),
                "Groep 7b": ("15", "15", "100.0"),
                # 22 of 25
                7: ("25", "22", "88.0"),
                "Groep 8": ("26", "24", "92.3"),
                8: ("26", "24", "92.3"),
                # 67 of 75
                "school": ("75", "67", "89.3"),
            },
        )
        # the headline is the question for feeling safe only
        self.assertEqual(
            (survey.respondent_count, survey.safe_count, survey.safe_share_display),
            (75, 67, "89.3"),
        )
        self.assertEqual(
            self._table(survey, self.q_bullied)["school"], ("24", "18", "75.0")
        )
        # the feeling-safe question comes first whatever its sequence
        self.q_safe.sequence = 99
        self.assertEqual(survey._ib_figures()[0]["question"], self.q_safe)

    def test_small_grade_is_hidden_and_cannot_be_worked_out(self):
        survey = self._lines(
            (self.q_safe, self.group_6, 24, 21),
            (self.q_safe, self.group_7a, 4, 1),
            (self.q_safe, self.group_8, 26, 24),
        )
        table = self._table(survey, self.q_safe, with_groups=False)
        self.assertEqual(table[7], ("< 5", "< 5", "< 5"))
        # the school total is shown; grade 6 (the smaller other grade) is hidden
        # with grade 7, else 54 - 24 - 26 would tell grade 7's 4 pupils
        self.assertEqual(table["school"], ("54", "46", "85.2"))
        self.assertEqual(table[6], ("x", "x", "x"))
        self.assertEqual(table[8], ("26", "24", "92.3"))
        shown = [int(table[n][0]) for n in (6, 7, 8) if table[n][0].isdigit()]
        self.assertEqual(54 - sum(shown), 28, "only the sum of two hidden grades")
        # without hiding (the care team's own view) every number is there
        table = self._table(survey, self.q_safe, suppress=False, with_groups=False)
        self.assertEqual(table[7], ("4", "1", "25.0"))
        self.assertEqual(table[6], ("24", "21", "87.5"))

    def test_small_group_hides_a_sister_group_not_the_grade(self):
        survey = self._lines(
            (self.q_safe, self.group_7a, 3, 3),
            (self.q_safe, self.group_7b, 20, 16),
            (self.q_safe, self.group_8, 26, 24),
        )
        table = self._table(survey, self.q_safe)
        self.assertEqual(table["Groep 7a"], ("< 5", "< 5", "< 5"))
        self.assertEqual(table["Groep 7b"], ("x", "x", "x"))
        self.assertEqual(table[7], ("23", "19", "82.6"))
        self.assertEqual(table["school"], ("49", "43", "87.8"))
        html = survey.figures_html
        self.assertIn("&lt; 5", html)
        self.assertIn("<td>x</td>", html)

    def test_tiny_school_shows_no_figure(self):
        survey = self._lines((self.q_safe, self.group_8, 4, 4))
        table = self._table(survey, self.q_safe)
        self.assertEqual(table["school"], ("< 5", "< 5", "< 5"))
        self.assertEqual(survey.safe_share_display, "< 5")

    def test_hidden_cells_never_leave_one_unknown(self):
        # a chain: a hidden grade hidden as a complement must not be worked out
        # from its groups either
        values = {"s": 60, "g6": 3, "g7": 27, "g8": 30, "7a": 12, "7b": 15}
        relations = [("s", ["g6", "g7", "g8"]), ("g7", ["7a", "7b"])]
        hidden = hidden_cells(values, relations)
        self.assertEqual(hidden["g6"], SMALL)
        self.assertEqual(hidden["g7"], COMPLEMENT)
        self.assertEqual(hidden["7a"], COMPLEMENT)
        for total, parts in relations:
            unknown = [k for k in (total, *parts) if k in hidden]
            self.assertNotEqual(len(unknown), 1, total)
        self.assertNotIn("s", hidden)

    def test_figure_view_over_the_years(self):
        self._lines(
            (self.q_safe, self.group_6, 24, 21),
            (self.q_safe, self.group_7a, 4, 1),
            (self.q_safe, self.group_8, 26, 24),
        )
        Figure = self.as_user(self.coordinator_a, "ib.safety.figure")
        # a draft monitor has no figures yet
        self.assertFalse(Figure.search([("survey_id", "=", self.survey.id)]))
        self.survey.action_done()
        self.env.flush_all()
        rows = {
            (f.school_year_id, f.grade_id.number or "school"): (f.share, f.suppressed)
            for f in Figure.search([("question_id", "=", self.q_safe.id)])
        }
        self.assertEqual(
            rows,
            {
                (self.year_a, 6): (0.0, True),
                (self.year_a, 7): (0.0, True),
                (self.year_a, 8): (92.3, False),
                (self.year_a, "school"): (85.2, False),
                (self.year_a_previous, 6): (75.0, False),
                (self.year_a_previous, 8): (90.0, False),
                (self.year_a_previous, "school"): (84.0, False),
            },
        )
        # the graph: the school's share per year; hidden grades are left out of
        # an average, not counted as 0
        groups = Figure.formatted_read_group(
            [("level", "=", "grade"), ("school_year_id", "=", self.year_a.id)],
            ["school_year_id"],
            ["share:avg"],
        )
        self.assertEqual(groups[0]["share:avg"], 92.3)

    def test_counts_are_checked(self):
        for respondents, positive in ((-1, 0), (5, 6), (3, -2)):
            with (
                self.subTest(respondents=respondents, positive=positive),
                self.assertRaises(ValidationError),
                self.env.cr.savepoint(),
            ):
                self._lines((self.q_safe, self.group_6, respondents, positive))
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            # group 5 is not surveyed
            self._lines((self.q_safe, self.group_5, 10, 9))
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            # a group of last year in this year's monitor
            self._lines((self.q_safe, self.group_6_prev, 10, 9))

    def test_results_stay_in_their_school_and_year(self):
        self._lines((self.q_safe, self.group_6, 24, 21))
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            # school B's question in school A's monitor
            self._lines((self.q_safe_b, self.group_8, 20, 19))
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            # the monitor to last year: group 6 is this year's
            self.survey_prev.unlink()
            self.survey.school_year_id = self.year_a_previous

    def test_done_monitor_is_closed(self):
        with self.assertRaises(UserError):
            self.survey.action_done()
        self._lines((self.q_safe, self.group_6, 24, 21))
        self.survey.action_done()
        with self.assertRaises(UserError):
            self.survey.line_ids.respondent_count = 25
        with self.assertRaises(UserError):
            self._lines((self.q_safe, self.group_8, 20, 19))
        self.survey.action_draft()
        self.survey.line_ids.respondent_count = 25
        self.assertEqual(self.survey.respondent_count, 25)
