from datetime import timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import IbCompetenciesCommon


@tagged("post_install", "-at_install")
class TestClassVisit(IbCompetenciesCommon):
    """Class visits are planned as private calendar events, carry an observation
    form, feedback and agreements, and stay between the coordinator and the
    visited teacher."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.visit_5 = cls._visit(cls.teacher_5, cls.group_5, focus="differentiation")
        cls.visit_6 = cls._visit(cls.teacher_6, cls.group_6, days=8)
        cls.visit_5.score_ids[0].write({"score": "3", "remark": "Clear goal"})
        cls.visit_5.write(
            {"state": "observed", "feedback": "<p>Strong start of the lesson.</p>"}
        )
        cls.agreement = cls.visit_5.activity_schedule(
            "ib_competencies.mail_activity_type_agreement",
            summary="Try the instruction table",
            user_id=cls.teacher_5.id,
        )

    def test_planned_as_private_calendar_event(self):
        event = self.visit_5.calendar_event_id
        self.assertTrue(event)
        self.assertEqual(event.privacy, "private")
        self.assertEqual(event.user_id, self.coordinator_a)
        self.assertEqual(
            event.partner_ids,
            self.coordinator_a.partner_id | self.teacher_5.partner_id,
        )
        self.assertEqual(
            (event.res_model, event.res_id), ("ib.class.visit", self.visit_5.id)
        )
        self.assertEqual(event.start, self.visit_5.start)
        self.assertNotIn(self.pupil_5a.name, event.name)
        # Moving the event in the calendar moves the visit, and the other way round.
        event.start += timedelta(days=2)
        self.assertEqual(self.visit_5.start, event.start)
        self.visit_5.start -= timedelta(days=5)
        self.assertEqual(event.start, self.visit_5.start)
        self.assertEqual(event.stop, event.start + timedelta(hours=1))
        # A colleague sees the coordinator busy, not with whom or why.
        self.env.invalidate_all()
        as_colleague = (
            self.env["calendar.event"].with_user(self.teacher_6).browse(event.id)
        )
        self.assertEqual(as_colleague.display_name, "Busy")
        self.assertEqual(as_colleague.name, "Busy")

    def test_a_visit_needs_a_date(self):
        with self.assertRaises(UserError):
            self.env["ib.class.visit"].create(
                {"group_id": self.group_5.id, "company_id": self.school_a.id}
            )

    def test_observation_form_follows_the_focus(self):
        focus_of = self.visit_5.score_ids.look_for_id.mapped("focus")
        self.assertTrue(set(focus_of) <= {False, "differentiation"})
        self.assertIn("differentiation", focus_of)
        self.assertIn(False, focus_of)
        self.assertEqual(self.visit_5.teacher_id, self.teacher_5)
        self.assertAlmostEqual(self.visit_5.score_average, 3.0)
        self.visit_5.score_ids[1].score = "2"
        self.assertAlmostEqual(self.visit_5.score_average, 2.5)

    def test_teacher_sees_own_visit_feedback_and_agreements(self):
        Visit = self.as_user(self.teacher_5, "ib.class.visit")
        self.assertEqual(Visit.search([]), self.visit_5)
        visit = Visit.browse(self.visit_5.id)
        self.assertIn("Strong start", visit.feedback)
        self.assertEqual(visit.agreement_ids, self.agreement)
        self.assertEqual(
            self.as_user(self.teacher_5, "ib.class.visit.score").search([]),
            self.visit_5.score_ids,
        )
        # The teacher replies in the chatter and marks the agreement done,
        # without the right to change the visit itself.
        visit.message_post(body="Thanks, I will try it next week.")
        self.as_user(self.teacher_5, "mail.activity").browse(
            self.agreement.id
        ).action_done()
        self.assertFalse(self.agreement.active)
        visit.invalidate_recordset()
        self.assertEqual(visit.agreement_open_count, 0)
        self.assertEqual(visit.agreement_count, 1)
        with self.assertRaises(AccessError):
            visit.write({"feedback": "<p>Rewritten</p>"})
        with self.assertRaises(AccessError):
            visit.action_observed()

    def test_colleague_sees_nothing_of_the_visit(self):
        Visit = self.as_user(self.teacher_6, "ib.class.visit")
        self.assertEqual(Visit.search([]), self.visit_6)
        with self.assertRaises(AccessError):
            Visit.browse(self.visit_5.id).read(["feedback"])
        self.assertFalse(
            self.as_user(self.teacher_6, "ib.class.visit.score").search(
                [("visit_id", "=", self.visit_5.id)]
            )
        )
        self.assertFalse(
            self.as_user(self.teacher_6, "mail.activity").search(
                [("id", "=", self.agreement.id)]
            )
        )
        messages = self.as_user(self.teacher_6, "mail.message").search(
            [("model", "=", "ib.class.visit"), ("res_id", "=", self.visit_5.id)]
        )
        self.assertFalse(messages)
        groups = Visit.formatted_read_group([], ["teacher_id"], ["__count"])
        self.assertEqual([g["teacher_id"][0] for g in groups], [self.teacher_6.id])

    def test_director_and_coordinators(self):
        self.assertEqual(
            self.as_user(self.director, "ib.class.visit").search([]),
            self.visit_5 | self.visit_6,
        )
        with self.assertRaises(AccessError):
            self.as_user(self.director, "ib.class.visit").browse(self.visit_5.id).write(
                {"focus": "climate"}
            )
        self.assertFalse(self.as_user(self.coordinator_b, "ib.class.visit").search([]))
        self.assertEqual(
            self.as_user(self.coordinator_a2, "ib.class.visit").search([]),
            self.visit_5 | self.visit_6,
        )
        with self.assertRaises(AccessError):
            self.as_user(self.employee, "ib.class.visit").search([])

    def test_followup_cancel_and_delete(self):
        visit = self.visit_5.with_user(self.coordinator_a)
        action = visit.action_plan_followup()
        followup = self.env["ib.class.visit"].browse(action["res_id"])
        self.assertEqual(followup.followup_of_id, self.visit_5)
        self.assertEqual(followup.teacher_id, self.teacher_5)
        self.assertEqual(followup.start, self.visit_5.start + timedelta(weeks=6))
        self.assertEqual(
            followup.score_ids.look_for_id, self.visit_5.score_ids.look_for_id
        )
        followup.action_cancel()
        self.assertFalse(followup.calendar_event_id.active)
        followup.action_replan()
        self.assertTrue(followup.calendar_event_id.active)
        with self.assertRaises(UserError):
            visit.unlink()
        event = followup.calendar_event_id
        followup.with_user(self.coordinator_a).unlink()
        self.assertFalse(event.exists())

    def test_overview_per_teacher(self):
        self._visit(self.teacher_5, self.group_5, days=20)
        groups = self.as_user(
            self.coordinator_a, "ib.class.visit"
        ).formatted_read_group(
            [("school_year_id", "=", self.year_a.id)],
            ["teacher_id"],
            ["__count", "score_average:avg"],
        )
        counts = {g["teacher_id"][0]: g["__count"] for g in groups}
        self.assertEqual(counts, {self.teacher_5.id: 2, self.teacher_6.id: 1})
