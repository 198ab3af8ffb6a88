"""Issue 14, security.md pitfall 10: a write must not move a record across
groups. Each attack is made as the teacher of group 5, over the methods the web
client calls (create, write, web_save), with a plan, a line or a test result of
their own group and a target (plan, group, pupil) of group 6."""

from contextlib import contextmanager
from datetime import timedelta

from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import IbCarePlansCommon
from .test_care_plan import IbCarePlanCommon

LINE_MODELS = {
    "ib.care.plan.goal": {"name": "Moved goal", "domain": "maths"},
    "ib.care.plan.approach": {"name": "Moved approach", "provider": "teacher"},
    "ib.care.plan.member": {"subgroup": "basic"},
    "ib.care.plan.parent.evaluation": {
        "outcome": "continue",
        "consultation_note": "Moved consultation",
    },
}


@tagged("post_install", "-at_install")
class TestPlanMoves(IbCarePlanCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Plan = cls.env["ib.care.plan"]
        cls.group_plan_6 = Plan.create(
            {
                "name": "Group plan maths 6",
                "kind": "group",
                "group_id": cls.group_6.id,
                "member_ids": [Command.create({"pupil_id": cls.pupil_6a.id})],
            }
        )
        cls.opp_5 = cls._plan(cls.pupil_5a, name="OPP Anna", kind="opp")
        cls.opp_6 = cls._plan(cls.pupil_6a, name="OPP Chris", kind="opp")
        cls.evaluation_5 = cls.env["ib.care.plan.parent.evaluation"].create(
            {
                "plan_id": cls.opp_5.id,
                "date": cls.today - timedelta(days=1),
                "consultation_note": "With both parents",
            }
        )
        # a teacher of both groups (a remedial teacher, a duo partner)
        cls.teacher_56 = new_test_user(
            cls.env,
            login="t_teacher56",
            groups="ib_core.group_ib_teacher",
            company_id=cls.school_a.id,
            company_ids=[Command.set(cls.school_a.ids)],
        )
        (cls.group_5 | cls.group_6).teacher_ids = [Command.link(cls.teacher_56.id)]

    @contextmanager
    def _refused(self):
        """Refused with an access or a validation error, whichever check comes
        first; nothing is written (the savepoint is rolled back)."""
        with self.assertRaises(Exception) as caught, mute_logger("odoo.models"):
            yield
        self.assertIsInstance(caught.exception, (AccessError, ValidationError))

    def _teacher(self, model, user=None):
        return self.as_user(user or self.teacher_5, model)

    def _member_names(self, plan, user=None):
        """The pupil names a teacher reads through the members of a plan, as the
        web client reads them (the many2one's display name is served as
        superuser, so a member with a foreign pupil would show its name)."""
        records = self._teacher("ib.care.plan.member", user).search_read(
            [("plan_id", "=", plan.id)], ["pupil_id"]
        )
        return {record["pupil_id"][1] for record in records}

    # --------------------------------------------------- (a) sub-group members
    def test_teacher_cannot_add_another_groups_pupil_to_own_group_plan(self):
        Member = self._teacher("ib.care.plan.member")
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            Member.create(
                {"plan_id": self.group_plan_5.id, "pupil_id": self.pupil_6a.id}
            )
        plan = self.group_plan_5.with_user(self.teacher_5)
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            plan.write({"member_ids": [Command.create({"pupil_id": self.pupil_6b.id})]})
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            plan.web_save(
                {"member_ids": [Command.create({"pupil_id": self.pupil_6b.id})]},
                {"member_ids": {"fields": {"pupil_id": {}}}},
            )
        self.assertEqual(
            self.group_plan_5.member_ids.pupil_id, self.pupil_5a | self.pupil_5b
        )
        self.assertEqual(
            self._member_names(self.group_plan_5),
            {self.pupil_5a.display_name, self.pupil_5b.display_name},
        )
        self.assertNotIn(self.pupil_6a.name, str(self._member_names(self.group_plan_5)))

    def test_teacher_cannot_swap_a_members_pupil_for_another_groups_pupil(self):
        member = self.group_plan_5.member_ids[:1].with_user(self.teacher_5)
        pupil = member.pupil_id
        self.assertMoveRefused(member, {"pupil_id": self.pupil_6a.id})
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.group_plan_5.with_user(self.teacher_5).write(
                {
                    "member_ids": [
                        Command.update(member.id, {"pupil_id": self.pupil_6a.id})
                    ]
                }
            )
        self.assertEqual(member.sudo().pupil_id, pupil)

    def test_teacher_of_both_groups_cannot_mix_pupils_in_a_group_plan(self):
        """A teacher of groups 5 and 6 reads both pupils, but a pupil of group 6
        in group 5's plan would show that pupil's name to the other teachers of
        group 5: the members of a group plan are pupils of its group."""
        Member = self._teacher("ib.care.plan.member", self.teacher_56)
        with self.assertRaises(ValidationError):
            Member.create(
                {"plan_id": self.group_plan_5.id, "pupil_id": self.pupil_6a.id}
            )
        member = self.group_plan_5.member_ids[:1].with_user(self.teacher_56)
        with self.assertRaises(ValidationError):
            member.write({"pupil_id": self.pupil_6b.id})
        self.assertNotIn(
            self.pupil_6a.display_name, self._member_names(self.group_plan_5)
        )
        # the coordinator cannot either: it is what the plan is about
        with self.assertRaises(ValidationError):
            self._teacher("ib.care.plan.member", self.coordinator_a).create(
                {"plan_id": self.group_plan_5.id, "pupil_id": self.pupil_6a.id}
            )
        # nor by moving the group plan to another group
        with self.assertRaises(ValidationError):
            self.group_plan_5.with_user(self.teacher_56).write(
                {"group_id": self.group_6.id}
            )
        # a pupil of the group itself is fine
        Member.create({"plan_id": self.group_plan_6.id, "pupil_id": self.pupil_6b.id})

    # ------------------------------------------------- (b) the plan's own links
    def test_teacher_cannot_move_own_plan_to_another_group(self):
        empty_plan_5 = self.env["ib.care.plan"].create(
            {"name": "Empty group plan 5", "kind": "group", "group_id": self.group_5.id}
        )
        for plan in (self.plan_5a, self.group_plan_5, empty_plan_5):
            mine = plan.with_user(self.teacher_5)
            with self._refused():
                mine.write({"group_id": self.group_6.id})
            with self._refused():
                mine.web_save({"group_id": self.group_6.id}, {"group_id": {}})
            with self.assertRaises(AccessError), mute_logger("odoo.models"):
                mine.write({"group_id": self.group_b.id})
            self.assertEqual(plan.group_id, self.group_5)
        # without pupils to check, the generic guard refuses the move itself
        # (Odoo's assertRaises rolls back to a savepoint, as the RPC call's
        # transaction would be; assertRaisesRegex would not)
        with self.assertRaises(AccessError) as caught, mute_logger("odoo.models"):
            empty_plan_5.with_user(self.teacher_5).write({"group_id": self.group_6.id})
        self.assertIn("out of your reach", str(caught.exception))
        self.assertFalse(
            self._teacher("ib.care.plan", self.teacher_6).search(
                [("id", "in", (self.plan_5a | self.group_plan_5 | empty_plan_5).ids)]
            )
        )

    def test_teacher_cannot_move_own_plan_to_another_groups_pupil(self):
        mine = self.plan_5a.with_user(self.teacher_5)
        self.assertMoveRefused(mine, {"pupil_id": self.pupil_6a.id})
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            mine.write({"pupil_id": self.pupil_b.id})
        self.assertEqual(self.plan_5a.pupil_id, self.pupil_5a)
        # within the own group it is fine
        mine.write({"pupil_id": self.pupil_5b.id})
        self.assertEqual(self.plan_5a.pupil_id, self.pupil_5b)

    def test_teacher_cannot_create_a_plan_in_another_group(self):
        Plan = self._teacher("ib.care.plan")
        attempts = [
            {"name": "x", "kind": "action", "pupil_id": self.pupil_6a.id},
            {"name": "x", "kind": "group", "group_id": self.group_6.id},
            # own pupil, but filed under another group
            {
                "name": "x",
                "kind": "action",
                "pupil_id": self.pupil_5a.id,
                "group_id": self.group_6.id,
            },
        ]
        for vals in attempts:
            with self._refused():
                Plan.create(vals)
        self.assertFalse(
            self.env["ib.care.plan"].search([("name", "=", "x")]),
        )

    def test_teacher_of_both_groups_cannot_file_a_pupils_plan_under_another_group(
        self,
    ):
        """A pupil's plan belongs to a group the pupil is in: otherwise the
        teachers of that group would read the plan of a pupil they do not teach."""
        mine = self.plan_5a.with_user(self.teacher_56)
        with self.assertRaises(ValidationError):
            mine.write({"group_id": self.group_6.id})
        self.assertEqual(self.plan_5a.group_id, self.group_5)
        self.assertNotIn(
            self.plan_5a, self._teacher("ib.care.plan", self.teacher_6).search([])
        )

    def test_teacher_cannot_record_another_familys_parent_as_present(self):
        Partner = self.env["res.partner"]
        Guardian = self.env["ib.pupil.guardian"]
        parent_5a = Partner.create({"name": "Parent Anna"})
        parent_6a = Partner.create({"name": "Parent Chris"})
        Guardian.create({"pupil_id": self.pupil_5a.id, "partner_id": parent_5a.id})
        Guardian.create({"pupil_id": self.pupil_6a.id, "partner_id": parent_6a.id})
        Evaluation = self._teacher("ib.care.plan.parent.evaluation")
        with self.assertRaises(ValidationError):
            Evaluation.create(
                {
                    "plan_id": self.opp_5.id,
                    "date": self.today,
                    "partner_ids": [Command.set(parent_6a.ids)],
                    "consultation_note": "With the parents of Chris",
                }
            )
        evaluation = self.evaluation_5.with_user(self.teacher_5)
        with self.assertRaises(ValidationError):
            evaluation.write({"partner_ids": [Command.link(parent_6a.id)]})
        self.assertFalse(self.evaluation_5.partner_ids)
        # the pupil's own parent is fine
        evaluation.write({"partner_ids": [Command.link(parent_5a.id)]})
        self.assertEqual(self.evaluation_5.partner_ids, parent_5a)

    # ------------------------------------------------ (c) lines of the plan
    def _own_line(self, model):
        return {
            "ib.care.plan.goal": self.plan_5a.goal_ids[:1],
            "ib.care.plan.approach": self.plan_5a.approach_line_ids[:1],
            "ib.care.plan.member": self.group_plan_5.member_ids[:1],
            "ib.care.plan.parent.evaluation": self.evaluation_5,
        }[model]

    def _foreign_plan(self, model):
        return {
            "ib.care.plan.goal": self.plan_6a,
            "ib.care.plan.approach": self.plan_6a,
            "ib.care.plan.member": self.group_plan_6,
            "ib.care.plan.parent.evaluation": self.opp_6,
        }[model]

    def test_teacher_cannot_move_a_line_onto_another_groups_plan(self):
        for model in LINE_MODELS:
            with self.subTest(model=model):
                line = self._own_line(model)
                plan = line.plan_id
                target = self._foreign_plan(model)
                mine = line.with_user(self.teacher_5)
                self.assertMoveRefused(mine, {"plan_id": target.id})
                self.assertEqual(line.plan_id, plan)

    def test_teacher_cannot_add_a_line_to_another_groups_plan(self):
        for model, vals in LINE_MODELS.items():
            with self.subTest(model=model):
                target = self._foreign_plan(model)
                values = dict(vals, plan_id=target.id)
                if model == "ib.care.plan.member":
                    values["pupil_id"] = self.pupil_5b.id
                with self.assertRaises(AccessError), mute_logger("odoo.models"):
                    self._teacher(model).create(values)
                self.assertEqual(
                    self.env[model].search_count([("plan_id", "=", target.id)]),
                    len(self._foreign_lines(model)),
                )

    def _foreign_lines(self, model):
        field = {
            "ib.care.plan.goal": "goal_ids",
            "ib.care.plan.approach": "approach_line_ids",
            "ib.care.plan.member": "member_ids",
            "ib.care.plan.parent.evaluation": "parent_evaluation_ids",
        }[model]
        return self._foreign_plan(model)[field]

    def test_teacher_cannot_pull_a_foreign_line_into_own_plan(self):
        """Linking another group's goal to one's own plan through the one2many
        would move it: refused, the goal stays where it was."""
        goal_6 = self.plan_6a.goal_ids[:1]
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.plan_5a.with_user(self.teacher_5).write(
                {"goal_ids": [Command.link(goal_6.id)]}
            )
        self.assertEqual(goal_6.plan_id, self.plan_6a)


@tagged("post_install", "-at_install")
class TestResultMoves(IbCarePlansCommon):
    """Teachers enter the results of their own groups: no result can be created
    for, or moved onto, a pupil, group or test session of another group."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Result = cls.env["ib.assessment.result"]
        vals = {
            "assessment_id": cls.maths.id,
            "school_year_id": cls.year_a.id,
            "moment": "middle",
            "score": 230,
        }
        cls.result_5a = Result.create(dict(vals, pupil_id=cls.pupil_5a.id))
        cls.result_6a = Result.create(dict(vals, pupil_id=cls.pupil_6a.id))
        Session = cls.env["ib.assessment.session"]
        cls.session_5 = Session.create(
            {
                "assessment_id": cls.maths.id,
                "group_id": cls.group_5.id,
                "moment": "middle",
                "date_planned": cls.year_a.date_start + timedelta(days=180),
            }
        )
        cls.session_6 = Session.create(
            {
                "assessment_id": cls.maths.id,
                "group_id": cls.group_6.id,
                "moment": "middle",
                "date_planned": cls.year_a.date_start + timedelta(days=180),
            }
        )

    def test_results_are_linked_to_their_sessions(self):
        self.assertEqual(self.result_5a.session_id, self.session_5)
        self.assertEqual(self.result_6a.session_id, self.session_6)

    def test_teacher_cannot_create_a_result_for_another_groups_pupil(self):
        Result = self.as_user(self.teacher_5, "ib.assessment.result")
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            Result.create(
                {
                    "pupil_id": self.pupil_6b.id,
                    "assessment_id": self.maths.id,
                    "school_year_id": self.year_a.id,
                    "moment": "end",
                    "score": 240,
                }
            )
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            Result.web_save(
                {
                    "pupil_id": self.pupil_6b.id,
                    "assessment_id": self.maths.id,
                    "school_year_id": self.year_a.id,
                    "moment": "end",
                    "score": 240,
                },
                {"pupil_id": {}},
            )
        self.assertFalse(self._results([("pupil_id", "=", self.pupil_6b.id)]))

    def test_teacher_cannot_move_a_result_onto_another_groups_pupil(self):
        mine = self.result_5a.with_user(self.teacher_5)
        self.assertMoveRefused(mine, {"pupil_id": self.pupil_6b.id})
        self.assertEqual(self.result_5a.pupil_id, self.pupil_5a)

    def test_teacher_cannot_file_a_result_under_another_groups_session(self):
        """group_id and session_id are derived from the pupil, the year and the
        test: writing them is ignored, so a result never counts in another
        group's test session or overview."""
        mine = self.result_5a.with_user(self.teacher_5)
        count_6 = self.session_6.result_count
        for vals in (
            {"group_id": self.group_6.id},
            {"session_id": self.session_6.id},
            {"group_id": self.group_6.id, "session_id": self.session_6.id},
        ):
            with self.subTest(vals=vals):
                mine.write(vals)
                mine.web_save(vals, {"group_id": {}, "session_id": {}})
                self.assertEqual(self.result_5a.group_id, self.group_5)
                self.assertEqual(self.result_5a.session_id, self.session_5)
        self.env.invalidate_all()
        self.assertEqual(self.session_6.result_count, count_6)
        self.assertEqual(self.session_6.result_ids, self.result_6a)
        # nor on create
        created = self.as_user(self.teacher_5, "ib.assessment.result").create(
            {
                "pupil_id": self.pupil_5b.id,
                "assessment_id": self.maths.id,
                "school_year_id": self.year_a.id,
                "moment": "middle",
                "score": 240,
                "group_id": self.group_6.id,
                "session_id": self.session_6.id,
            }
        )
        self.assertEqual(created.group_id, self.group_5)
        self.assertEqual(created.session_id, self.session_5)

    def test_import_never_writes_rows_of_pupils_the_teacher_cannot_read(self):
        rows = [
            self._row(self.pupil_5b, 235, "M5"),
            self._row(self.pupil_6b, 240, "M6"),
            self._row(self.pupil_b, 240, "M5"),
        ]
        wizard = self._import(self._csv(rows), user=self.teacher_5)
        self.assertEqual(self._counts(wizard), (1, 0, 0, 2))
        self.assertIn(f"unknown pupil {self.pupil_6b.pupil_number}", wizard.report_html)
        self.assertIn(f"unknown pupil {self.pupil_b.pupil_number}", wizard.report_html)
        self.assertFalse(
            self._results([("pupil_id", "in", (self.pupil_6b | self.pupil_b).ids)])
        )
        # nor does it update another group's existing result
        wizard = self._import(
            self._csv([self._row(self.pupil_6a, 250, "M6")]), user=self.teacher_5
        )
        self.assertEqual(self._counts(wizard), (0, 0, 0, 1))
        self.assertEqual(self.result_6a.score, 230)
