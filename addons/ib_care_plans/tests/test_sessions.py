from datetime import timedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import IbCarePlansCommon


@tagged("post_install", "-at_install")
class TestTestCalendar(IbCarePlansCommon):
    def _session(self, group, days, **vals):
        # the coordinator's today: the session's state and reminder are
        # computed as the coordinator who plans it
        today = fields.Date.context_today(
            self.env["ib.assessment.session"].with_user(self.coordinator_a)
        )
        day = min(
            max(today + timedelta(days=days), self.year_a.date_start),
            self.year_a.date_end,
        )
        return (
            self.env["ib.assessment.session"]
            .with_user(self.coordinator_a)
            .create(
                dict(
                    {
                        "assessment_id": self.maths.id,
                        "group_id": group.id,
                        "date_planned": day,
                    },
                    **vals,
                )
            )
        )

    def _teacher_activities(self, session):
        return session.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("ib_care_plans.mail_activity_type_test_session")
            )
        )

    def test_teacher_gets_an_activity_ahead_of_the_test(self):
        self.school_a.ib_test_reminder_days = 5
        session = self._session(self.group_5, 20)
        activity = self._teacher_activities(session)
        self.assertEqual(activity.user_id, self.teacher_5)
        self.assertEqual(
            activity.date_deadline, session.date_planned - timedelta(days=5)
        )
        # the teacher sees it among their activities and can open the session
        self.assertEqual(
            self.env["mail.activity"]
            .with_user(self.teacher_5)
            .search([("id", "=", activity.id)]),
            activity,
        )
        session.date_planned += timedelta(days=2)
        self.assertEqual(
            activity.date_deadline, session.date_planned - timedelta(days=5)
        )

    def test_past_session_gets_no_activity(self):
        if fields.Date.context_today(self.env.user) <= self.year_a.date_start:
            self.skipTest("the school year has just started")
        session = self._session(self.group_5, -1)
        self.assertFalse(self._teacher_activities(session))

    def test_state_follows_date_and_results(self):
        today = fields.Date.context_today(self.env.user)
        if today <= self.year_a.date_start or today >= self.year_a.date_end:
            self.skipTest("needs a day inside the school year")
        overdue = self._session(self.group_5, -1)
        self.assertEqual(overdue.state, "overdue")
        self.assertIn(
            overdue,
            self.env["ib.assessment.session"].search(
                [("result_count", "=", 0), ("date_planned", "<", today)]
            ),
        )
        self.env["ib.assessment.result"].create(
            {
                "pupil_id": self.pupil_5a.id,
                "assessment_id": self.maths.id,
                "school_year_id": self.year_a.id,
                "moment": "middle",
                "score": 230,
            }
        )
        self.assertEqual(overdue.result_count, 1, "the result is linked to the session")
        self.assertEqual(overdue.state, "taken")

    def test_results_entered_before_planning_are_linked(self):
        result = self.env["ib.assessment.result"].create(
            {
                "pupil_id": self.pupil_6a.id,
                "assessment_id": self.maths.id,
                "school_year_id": self.year_a.id,
                "moment": "end",
                "score": 230,
            }
        )
        session = self._session(self.group_6, 30, moment="end")
        self.assertEqual(result.session_id, session)
        self.assertEqual(session.result_count, 1)

    def test_date_outside_the_school_year_is_refused(self):
        with self.assertRaises(ValidationError):
            self.env["ib.assessment.session"].create(
                {
                    "assessment_id": self.maths.id,
                    "group_id": self.group_5.id,
                    "date_planned": self.year_a.date_end + timedelta(days=30),
                }
            )

    def test_plan_wizard_plans_the_groups_of_the_test_grades(self):
        group_7 = self._group("Groep 7", self.year_a, self.env.ref("ib_core.grade_7"))
        day = self.year_a.date_end - timedelta(days=30)
        plan = (
            self.env["ib.assessment.session.plan"]
            .with_user(self.coordinator_a)
            .with_context(allowed_company_ids=self.school_a.ids)
            .create(
                {
                    "assessment_id": self.maths.id,
                    "school_year_id": self.year_a.id,
                    "moment": "end",
                    "date_planned": day,
                }
            )
        )
        self.assertEqual(plan.group_ids, self.group_5 | self.group_6)
        self.assertNotIn(group_7, plan.group_ids, "grade 7 does not take this test")
        action = plan.action_plan()
        sessions = self.env["ib.assessment.session"].search(action["domain"])
        self.assertEqual(sessions.group_id, self.group_5 | self.group_6)
        # planning again adds nothing
        plan.action_plan()
        self.assertEqual(
            self.env["ib.assessment.session"].search_count(
                [("assessment_id", "=", self.maths.id), ("moment", "=", "end")]
            ),
            2,
        )
