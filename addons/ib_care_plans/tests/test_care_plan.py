import logging
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.ib_core.tests.common import IbCoreCommon

_logger = logging.getLogger(__name__)


class IbCarePlanCommon(IbCoreCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.today()
        cls.plan_5a = cls._plan(cls.pupil_5a, name="Reading plan Anna")
        cls.plan_6a = cls._plan(cls.pupil_6a, name="Maths plan Chris")
        cls.plan_b = cls._plan(cls.pupil_b, name="Plan Eva")
        cls.group_plan_5 = cls.env["ib.care.plan"].create(
            {
                "name": "Group plan maths 5",
                "kind": "group",
                "group_id": cls.group_5.id,
                "evaluation_date": cls.today + timedelta(days=60),
                "member_ids": [
                    Command.create({"pupil_id": cls.pupil_5a.id, "subgroup": "basic"}),
                    Command.create(
                        {"pupil_id": cls.pupil_5b.id, "subgroup": "intensive"}
                    ),
                ],
                "goal_ids": [
                    Command.create(
                        {"name": "Tables 1-10", "domain": "maths", "subgroup": "basic"}
                    )
                ],
            }
        )

    @classmethod
    def _plan(cls, pupil, **vals):
        values = {
            "name": "Plan",
            "kind": "action",
            "pupil_id": pupil.id,
            "responsible_user_id": cls.coordinator_a.id
            if pupil.company_id == cls.school_a
            else cls.coordinator_b.id,
            "evaluation_date": cls.today + timedelta(days=30),
            "goal_ids": [
                Command.create(
                    {
                        "name": "Reads 40 words a minute",
                        "domain": "technical_reading",
                        "measure": "DMT card 2",
                    }
                )
            ],
            "approach_line_ids": [
                Command.create(
                    {
                        "name": "Duo reading",
                        "provider": "teacher",
                        "frequency": "4x/week",
                    }
                )
            ],
        }
        values.update(vals)
        return cls.env["ib.care.plan"].create(values)


@tagged("post_install", "-at_install")
class TestCarePlanAccess(IbCarePlanCommon):
    def test_teacher_sees_plans_of_own_group_only(self):
        Plan = self.as_user(self.teacher_5, "ib.care.plan")
        plans = Plan.search([("company_id", "in", (self.school_a | self.school_b).ids)])
        self.assertEqual(plans, self.plan_5a | self.group_plan_5)
        with self.assertRaises(AccessError):
            Plan.browse(self.plan_6a.id).read(["educational_needs"])
        Plan6 = self.as_user(self.teacher_6, "ib.care.plan")
        with self.assertRaises(AccessError):
            Plan6.browse(self.group_plan_5.id).read(["name"])
        with self.assertRaises(AccessError):
            self.as_user(self.teacher_6, "ib.care.plan.goal").browse(
                self.plan_5a.goal_ids.ids
            ).read(["name"])

    def test_teacher_creates_plans_for_own_pupils_only(self):
        Plan = self.as_user(self.teacher_5, "ib.care.plan")
        plan = Plan.create(
            {"name": "Mine", "kind": "action", "pupil_id": self.pupil_5b.id}
        )
        self.assertEqual(plan.group_id, self.group_5)
        self.assertEqual(plan.company_id, self.school_a)
        for vals in (
            {"kind": "action", "pupil_id": self.pupil_6a.id},
            {"kind": "group", "group_id": self.group_6.id},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                Plan.create(dict(vals, name="Not mine"))

    def test_director_reads_coordinator_manages_other_school_refused(self):
        as_director = self.as_user(self.director, "ib.care.plan").browse(
            self.plan_6a.id
        )
        self.assertEqual(as_director.name, "Maths plan Chris")
        with self.assertRaises(AccessError):
            as_director.write({"educational_needs": "<p>x</p>"})
        as_coordinator = self.as_user(self.coordinator_a, "ib.care.plan")
        as_coordinator.browse(self.plan_6a.id).write({"educational_needs": "<p>y</p>"})
        self.assertIn("y", self.plan_6a.educational_needs)
        with self.assertRaises(AccessError):
            as_coordinator.browse(self.plan_b.id).read(["name"])
        with self.assertRaises(AccessError):
            self.as_user(self.employee, "ib.care.plan").search([])

    def test_nobody_deletes_a_plan(self):
        with self.assertRaises(UserError):
            self.as_user(self.manager, "ib.care.plan").browse(self.plan_5a.id).unlink()


@tagged("post_install", "-at_install")
class TestCarePlanFlow(IbCarePlanCommon):
    def test_kind_rules(self):
        Plan = self.env["ib.care.plan"]
        for vals in (
            {"name": "No group", "kind": "group", "company_id": self.school_a.id},
            {"name": "No pupil", "kind": "opp", "group_id": self.group_5.id},
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                Plan.create(vals)
        with self.assertRaises(ValidationError):
            self.plan_5a.member_ids = [Command.create({"pupil_id": self.pupil_5a.id})]
        with self.assertRaises(ValidationError):
            self._plan(self.pupil_5a, evaluation_date=self.today - timedelta(days=3))

    def test_activate_schedules_evaluation_for_responsible(self):
        plan = self.as_user(self.coordinator_a, "ib.care.plan").browse(self.plan_5a.id)
        plan.evaluation_date = False
        with self.assertRaises(UserError):
            plan.action_activate()
        plan.evaluation_date = self.today + timedelta(days=20)
        plan.action_activate()
        self.assertEqual(plan.state, "active")
        activity = plan.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.coordinator_a)
        self.assertEqual(activity.date_deadline, self.today + timedelta(days=20))
        plan.evaluation_date = self.today + timedelta(days=40)
        self.assertEqual(
            plan.activity_ids.date_deadline, self.today + timedelta(days=40)
        )
        # a started plan keeps its goals
        with self.assertRaises(UserError):
            plan.goal_ids.unlink()

    def test_no_goals_no_activation(self):
        plan = self._plan(self.pupil_5b, goal_ids=[])
        with self.assertRaises(UserError):
            plan.with_user(self.coordinator_a).action_activate()
        self.assertEqual(plan.state, "draft")

    def test_evaluation_cycle_and_continuation(self):
        plan = self.plan_5a.with_user(self.coordinator_a)
        plan.action_activate()
        # due today: the plan's start day (made today where the plan was made;
        # between 23:00 and 24:00 UTC that is already tomorrow in Amsterdam)
        plan.evaluation_date = plan.date_start
        self.env["ib.care.plan"]._cron_evaluation_due()
        self.assertEqual(plan.state, "evaluation_due")
        with self.assertRaises(UserError):
            plan.action_evaluated()  # goals have no result yet
        plan.goal_ids.result = "partly"
        plan.action_evaluated()
        self.assertEqual(plan.state, "evaluated")
        self.assertFalse(plan.activity_ids)
        action = plan.action_continue()
        new_plan = self.env["ib.care.plan"].browse(action["res_id"])
        self.assertEqual(plan.state, "closed")
        self.assertEqual(new_plan.state, "draft")
        self.assertEqual(new_plan.previous_plan_id, plan)
        self.assertEqual(new_plan.goal_ids.mapped("name"), plan.goal_ids.mapped("name"))
        self.assertFalse(new_plan.goal_ids.result)

    def test_overdue_evaluations_on_overview(self):
        self.plan_5a.date_start = self.today - timedelta(days=30)
        self.plan_5a.action_activate()
        self.plan_5a.evaluation_date = self.today - timedelta(days=1)
        counters = {
            c["key"]: c
            for c in self.school_a.with_user(self.coordinator_a)
            .with_context(allowed_company_ids=self.coordinator_a.company_ids.ids)
            .ib_overview_counters
        }
        self.assertEqual(counters["plan_evaluations_overdue"]["count"], 1)
        overdue = self.as_user(self.coordinator_a, "ib.care.plan").search(
            [("evaluation_overdue", "=", True), ("company_id", "=", self.school_a.id)]
        )
        self.assertEqual(overdue, self.plan_5a)

    def test_plan_from_support_request(self):
        request = self.as_user(self.teacher_5, "ib.support.request").create(
            {
                "pupil_id": self.pupil_5b.id,
                "care_domain": "reading",
                "question": "<p>Reads slowly.</p>",
                "tried": "<p>Duo reading.</p>",
            }
        )
        with self.assertRaises(AccessError):
            request.action_create_plan()
        request = request.with_user(self.coordinator_a)
        request.action_start_analysis()
        request.web_save(
            {
                "question_behind": "<p>Reading or concentration?</p>",
                "tried_effect": "<p>Helped for a week.</p>",
                "hypothesis": "<p>Weak decoding.</p>",
                "next_step": "<p>DMT test first.</p>",
            },
            {},
        )
        action = request.action_create_plan()
        plan = self.env["ib.care.plan"].browse(action["res_id"])
        # the plan gets the analysis of the request
        for text in (
            "Duo reading",
            "Reading or concentration?",
            "Helped for a week",
            "Weak decoding",
            "DMT test first",
        ):
            self.assertIn(text, plan.request_analysis)
        self.assertEqual(plan.pupil_id, self.pupil_5b)
        self.assertEqual(plan.support_request_id, request)
        self.assertIn("Reads slowly", plan.educational_needs)
        self.assertEqual(request.outcome, "plan")
        self.assertEqual(request.outcome_ref, plan)


@tagged("post_install", "-at_install")
class TestCarePlanVersion(IbCarePlanCommon):
    def _save(self, user, vals, loaded_version):
        """Save as the web form does: the changes plus the version it loaded."""
        plan = self.as_user(user, "ib.care.plan").browse(self.plan_5a.id)
        vals = dict(vals, ib_edit_token=str(loaded_version))
        return plan.web_save(vals, {"ib_version": {}})

    def test_second_stale_save_is_refused_and_nothing_lost(self):
        loaded = self.plan_5a.ib_version
        result = self._save(
            self.coordinator_a, {"educational_needs": "<p>Coordinator</p>"}, loaded
        )
        self.assertEqual(result[0]["ib_version"], loaded + 1)
        with self.assertRaises(UserError) as caught:
            self._save(self.teacher_5, {"educational_needs": "<p>Teacher</p>"}, loaded)
        self.assertIn("was changed by", str(caught.exception))
        self.plan_5a.invalidate_recordset()
        self.assertIn("Coordinator", self.plan_5a.educational_needs)
        self.assertEqual(self.plan_5a.ib_version, loaded + 1)
        # after reloading, the teacher's save goes through
        self._save(self.teacher_5, {"hindering_factors": "<p>Teacher</p>"}, loaded + 1)
        self.assertIn("Coordinator", self.plan_5a.educational_needs)
        self.assertIn("Teacher", self.plan_5a.hindering_factors)

    def test_stale_goal_edit_refused(self):
        loaded = self.plan_5a.ib_version
        goal = self.plan_5a.goal_ids
        self._save(
            self.coordinator_a,
            {"goal_ids": [Command.update(goal.id, {"name": "First"})]},
            loaded,
        )
        with self.assertRaises(UserError):
            self._save(
                self.coordinator_a,
                {
                    "goal_ids": [
                        Command.update(goal.id, {"name": "Second"}),
                        Command.create({"name": "Extra goal"}),
                    ]
                },
                loaded,
            )
        self.plan_5a.invalidate_recordset()
        self.assertEqual(self.plan_5a.goal_ids.mapped("name"), ["First"])

    def test_form_view_sends_the_loaded_version(self):
        view = self.env.ref("ib_care_plans.ib_care_plan_view_form")
        self.assertIn('name="ib_edit_token"', view.arch)
        self.assertIn('name="ib_version"', view.arch)


@tagged("post_install", "-at_install")
class TestCarePlanListQueries(IbCarePlanCommon):
    """The plan list (kanban/list) costs the same number of queries for 5 or 20
    plans."""

    def _list_queries(self, count):
        pupils = [self.pupil_5a, self.pupil_5b, self.pupil_6a, self.pupil_6b]
        self.env["ib.care.plan"].create(
            [
                {
                    "name": f"Plan {i}",
                    "kind": "action",
                    "pupil_id": pupils[i % 4].id,
                    "responsible_user_id": self.coordinator_a.id,
                    # not before the start (today where the plans are made)
                    "evaluation_date": fields.Date.context_today(self.env.user),
                }
                for i in range(count)
            ]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        Plan = self.as_user(self.coordinator_a, "ib.care.plan")
        spec = {
            name: {}
            for name in (
                "name",
                "kind",
                "date_start",
                "evaluation_date",
                "evaluation_overdue",
                "state",
                "agreement_state",
            )
        }
        spec.update(
            pupil_id={"fields": {"display_name": {}}},
            group_id={"fields": {"display_name": {}}},
            responsible_user_id={"fields": {"display_name": {}}},
            activity_ids={"fields": {}},
        )
        domain = [("company_id", "=", self.school_a.id)]
        Plan.web_search_read(domain, spec)  # warm caches
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        result = Plan.web_search_read(domain, spec)
        return self.cr.sql_log_count - before, result["length"]

    def test_list_query_count_does_not_grow(self):
        queries_small, length_small = self._list_queries(5)
        queries_large, length_large = self._list_queries(15)
        _logger.info(
            "plan list (web_search_read): %s queries for %s plans, %s for %s",
            queries_small,
            length_small,
            queries_large,
            length_large,
        )
        self.assertGreater(length_large, length_small)
        self.assertEqual(queries_large, queries_small)
        self.assertLessEqual(queries_large, 15)
