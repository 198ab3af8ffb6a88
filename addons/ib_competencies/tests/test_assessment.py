from datetime import timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import IbCompetenciesCommon


@tagged("post_install", "-at_install")
class TestAssessmentComparison(IbCompetenciesCommon):
    """Yearly self-assessment per competence, compared with last year."""

    def _coordinator_env(self):
        return self._env_as(self.coordinator_a)

    def test_one_line_per_competence(self):
        assessment = self._assessment(
            self.coordinator_a, self.year_a, env=self._coordinator_env()
        )
        self.assertEqual(assessment.line_ids.competence_id, self.competences)
        self.assertEqual(assessment.scored_count, 0)
        with self.assertRaises(UserError):
            assessment.action_complete()

    def test_comparison_with_last_year(self):
        env = self._coordinator_env()
        last = self._assessment(
            self.coordinator_a,
            self.year_a_previous,
            {"A1": 2, "B1": 3, "C7": 2},
            env=env,
        )
        this = self._assessment(
            self.coordinator_a,
            self.year_a,
            {"A1": 3, "B1": 3, "C7": 1, "D1": 2},
            env=env,
        )
        self.assertEqual(this.previous_assessment_id, last)
        self.assertFalse(last.previous_assessment_id)
        by_code = {line.competence_id.code: line for line in this.line_ids}
        self.assertEqual(
            [
                (by_code[c].previous_level, by_code[c].level_change)
                for c in ("A1", "B1", "C7", "D1")
            ],
            [(2, 1), (3, 0), (2, -1), (0, 0)],
        )
        self.assertAlmostEqual(this.average_level, 2.25)
        self.assertAlmostEqual(this.previous_average_level, 7 / 3, places=2)
        # The radar shows both years, with an axis per competence.
        svg = str(this.radar_chart)
        self.assertEqual(svg.count('class="o_ib_radar_series"'), 2)
        self.assertIn(self.year_a.name, svg)
        self.assertIn(self.year_a_previous.name, svg)
        self.assertIn(">C13<", svg)
        self.assertEqual(str(last.radar_chart).count('class="o_ib_radar_series"'), 1)
        # Another coordinator's assessment is never "last year" for this one.
        other = self._assessment(self.coordinator_a2, self.year_a)
        self.assertFalse(other.previous_assessment_id)

    def test_comparison_survives_a_school_copy_of_the_framework(self):
        env = self._coordinator_env()
        last = self._assessment(
            self.coordinator_a, self.year_a_previous, {"B2": 2}, env=env
        )
        copy = self.framework.copy({"company_id": self.school_a.id})
        this = env["ib.competency.assessment"].create(
            {"school_year_id": self.year_a.id, "framework_id": copy.id}
        )
        line = this.line_ids.filtered(lambda line: line.competence_id.code == "B2")
        line.level_id = copy.level_ids.filtered(lambda lv: lv.value == 3)
        self.assertEqual(this.previous_assessment_id, last)
        self.assertEqual((line.previous_level, line.level_change), (2, 1))

    def test_previous_levels_cost_no_query_per_assessment(self):
        env = self._coordinator_env()
        self._assessment(self.coordinator_a, self.year_a_previous, {"A1": 2}, env=env)
        this = self._assessment(self.coordinator_a, self.year_a, {"A1": 3}, env=env)
        other = self._assessment(self.coordinator_a2, self.year_a, {"A1": 1})
        self._assessment(self.coordinator_a2, self.year_a_previous, {"A1": 1})
        both = (this | other).with_env(self.env)

        def count(records):
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            records.line_ids.mapped("previous_level")
            return self.cr.sql_log_count - start

        self.assertEqual(count(this.with_env(self.env)), count(both))

    def test_who_makes_which_assessment(self):
        with self.assertRaises(ValidationError):
            self._assessment(
                self.coordinator_a, self.year_a, assessor=self.coordinator_a2
            )
        with self.assertRaises(ValidationError):
            self._assessment(
                self.coordinator_a,
                self.year_a,
                kind="director",
                assessor=self.teacher_5,
            )
        with self.assertRaises(ValidationError):
            self._assessment(self.coordinator_a, self.year_a, kind="director")
        review = self._assessment(
            self.coordinator_a,
            self.year_a,
            {"A1": 3},
            kind="director",
            assessor=self.director,
        )
        review.action_complete()
        self.assertEqual(review.state, "done")


@tagged("post_install", "-at_install")
class TestPlanTrainingsTaskProfile(IbCompetenciesCommon):
    """The development plan shows the year's training hours; trainings fall in the
    school year of their start date; the task profile adds up the hours."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cenv = cls._env_as(cls.coordinator_a)

    def _training(self, name, day, hours, state="done"):
        return self.cenv["ib.training"].create(
            {"name": name, "date_start": day, "hours": hours, "state": state}
        )

    def test_training_hours_per_year(self):
        start = self.year_a.date_start
        self._training("Course", start + timedelta(days=30), 16)
        self._training("Book", start + timedelta(days=60), 6)
        self._training("Planned course", start + timedelta(days=90), 24, "planned")
        self._training("Cancelled", start + timedelta(days=95), 8, "cancelled")
        old = self._training("Last year", start - timedelta(days=30), 10)
        self.assertEqual(old.school_year_id, self.year_a_previous)
        plan = self.cenv["ib.development.plan"].create(
            {"school_year_id": self.year_a.id}
        )
        self.assertEqual(plan.training_hours, 22)
        self.assertEqual(plan.training_hours_planned, 24)
        self.assertEqual(len(plan.training_ids), 4)
        # Hours per school year, as the training pivot shows them.
        groups = self.cenv["ib.training"].formatted_read_group(
            [("state", "=", "done")], ["school_year_id"], ["hours:sum"]
        )
        self.assertEqual(
            {g["school_year_id"][1]: g["hours:sum"] for g in groups},
            {self.year_a.name: 22, self.year_a_previous.name: 10},
        )

    def test_training_dates_and_hours_are_checked(self):
        with self.assertRaises(ValidationError):
            self._training("Backwards", self.year_a.date_start, 4).write(
                {"date_end": self.year_a.date_start - timedelta(days=1)}
            )

    def test_task_profile_hours(self):
        profile = self.cenv["ib.task.profile"].create(
            {"school_year_id": self.year_a.id, "fte": 0.5}
        )
        self.assertEqual(profile.norm_hours, 830)
        profile.action_load_tasks()
        profile.action_load_tasks()  # adds nothing twice
        self.assertEqual(len(profile.line_ids), 31)
        self.assertEqual(profile.planned_hours, 790)
        self.assertEqual(profile.unassigned_hours, 40)
        profile.line_ids[0].actual_hours = 55
        profile.write(
            {
                "line_ids": [
                    (0, 0, {"name": "Extra: reading project", "planned_hours": 10})
                ]
            }
        )
        self.assertEqual(profile.planned_hours, 800)
        self.assertEqual(profile.actual_hours, 55)

    def test_portfolio_values(self):
        env = self.cenv
        self._assessment(self.coordinator_a, self.year_a, {"A1": 3}, env=env)
        self._training(
            "Course on coaching", self.year_a.date_start + timedelta(days=9), 12
        )
        profile = env["ib.task.profile"].create({"school_year_id": self.year_a.id})
        profile.action_load_tasks()
        plan = env["ib.development.plan"].create({"school_year_id": self.year_a.id})
        values = plan._ib_portfolio_values()
        self.assertEqual(len(values["domains"]), 4)
        self.assertEqual(values["task_profile"], profile)
        self.assertEqual(
            [area["name"] for area in values["task_areas"]],
            [
                "Coordinating care",
                "Supporting teachers",
                "Improving teaching",
                "Policy with the director",
            ],
        )
        self.assertEqual(sum(a["planned"] for a in values["task_areas"]), 790)
