from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .test_care_plan import IbCarePlanCommon


@tagged("post_install", "-at_install")
class TestInterventionBudget(IbCarePlanCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Intervention = cls.env["ib.care.intervention"]
        cls.rt_maths = Intervention.create(
            {
                "name": "RT maths",
                "domain": "maths",
                "hours_per_week": 1.5,
                "cost": 300,
                "company_id": cls.school_a.id,
            }
        )
        cls.method = Intervention.create(
            {
                "name": "Reading method",
                "kind": "method",
                "hours_per_week": 2,
                "counts_against_budget": False,
                "company_id": cls.school_a.id,
            }
        )
        cls.budget = cls.env["ib.support.budget"].create(
            {
                "company_id": cls.school_a.id,
                "school_year_id": cls.year_a.id,
                "hours_per_week": 10,
            }
        )

    def _add_line(self, plan, intervention, **vals):
        plan.approach_line_ids = [
            Command.create(
                dict(
                    {"name": intervention.name, "intervention_id": intervention.id},
                    **vals,
                )
            )
        ]
        return plan.approach_line_ids[-1]

    def test_approach_line_picks_hours_from_catalogue(self):
        line = self._add_line(self.plan_5a, self.rt_maths)
        self.assertEqual(line.hours_per_week, 1.5)
        self.assertEqual(line.cost, 300)
        line.hours_per_week = 1
        self.assertEqual(line.hours_per_week, 1)

    def test_budget_counts_running_plans_only(self):
        self._add_line(self.plan_5a, self.rt_maths)
        self._add_line(self.plan_6a, self.rt_maths, hours_per_week=2)
        self._add_line(self.plan_6a, self.method)
        shared = self.env["ib.care.intervention"].create(
            {"name": "Board training group", "hours_per_week": 4, "company_id": False}
        )
        self._add_line(self.plan_b, shared)
        self.plan_b.action_activate()
        self.assertEqual(self.budget.allocated_hours, 0, "draft plans allocate nothing")
        self.plan_5a.action_activate()
        self.plan_6a.action_activate()
        self.budget.invalidate_recordset()
        self.assertEqual(self.budget.allocated_hours, 3.5)
        self.assertEqual(self.budget.remaining_hours, 6.5)
        as_director = self.as_user(self.director, "ib.support.budget").browse(
            self.budget.id
        )
        self.assertEqual(as_director.remaining_hours, 6.5)

    def test_budget_access(self):
        with self.assertRaises(AccessError):
            self.as_user(self.teacher_5, "ib.support.budget").browse(
                self.budget.id
            ).read(["hours_per_week"])
        with self.assertRaises(AccessError):
            self.as_user(self.director, "ib.support.budget").browse(
                self.budget.id
            ).write({"hours_per_week": 20})
        with self.assertRaises(AccessError):
            self.as_user(self.coordinator_b, "ib.support.budget").browse(
                self.budget.id
            ).read(["hours_per_week"])
        self.as_user(self.coordinator_a, "ib.support.budget").browse(
            self.budget.id
        ).write({"hours_per_week": 12})
        self.assertEqual(self.budget.hours_per_week, 12)
        with self.assertRaises(ValidationError):
            self.budget.hours_per_week = -1

    def test_catalogue_access(self):
        Teacher = self.as_user(self.teacher_5, "ib.care.intervention")
        self.assertIn(self.rt_maths, Teacher.search([]))
        with self.assertRaises(AccessError):
            Teacher.browse(self.rt_maths.id).write({"cost": 1})
        self.assertNotIn(
            self.rt_maths,
            self.as_user(self.coordinator_b, "ib.care.intervention").search([]),
        )
        self.as_user(self.coordinator_a, "ib.care.intervention").browse(
            self.rt_maths.id
        ).write({"cost": 350})
        self.assertEqual(self.rt_maths.cost, 350)

    def test_report_per_intervention(self):
        self._add_line(self.plan_5a, self.rt_maths)
        self._add_line(self.plan_6a, self.rt_maths)
        self.plan_5a.action_activate()
        self.plan_6a.action_activate()
        self.plan_5a.goal_ids.result = "achieved"
        self.plan_6a.goal_ids.result = "not_achieved"
        self.env.flush_all()
        Report = self.as_user(self.director, "ib.care.intervention.report")
        [row] = Report._read_group(
            [("intervention_id", "=", self.rt_maths.id)],
            ["school_year_id"],
            [
                "hours_per_week:sum",
                "cost:sum",
                "goals_achieved:sum",
                "goals_not_achieved:sum",
            ],
        )
        self.assertEqual(row, (self.year_a, 3.0, 600.0, 1, 1))
        with self.assertRaises(AccessError):
            self.as_user(self.teacher_5, "ib.care.intervention.report").search([])
        self.assertFalse(
            self.as_user(self.coordinator_b, "ib.care.intervention.report").search(
                [("intervention_id", "=", self.rt_maths.id)]
            )
        )
