from datetime import date, timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from ..models.ib_intake import decision_deadline
from .common import IbIntakeCommon


@tagged("post_install", "-at_install")
class TestIntakeDeadline(IbIntakeCommon):
    """WPO art. 40 lid 4: six weeks, once four more, plus the pauses; calendar
    days: weekends and school holidays do not stop the clock."""

    def test_six_weeks_in_calendar_days(self):
        # Friday 2 October 2026, just before the autumn holiday: weekends and
        # the holiday week count, the deadline is six weeks later, a Friday.
        intake = self._intake(
            self.parent.partner_id, self.school_a, date(2026, 10, 2), "Herfst"
        )
        self.assertEqual(intake.deadline, date(2026, 11, 13))
        self.assertEqual(intake.deadline.weekday(), 4)
        # Registered on a Saturday: the clock starts that day all the same.
        self.assertEqual(
            decision_deadline(date(2026, 12, 19)), date(2027, 1, 30)
        )  # over the Christmas holiday: no days added
        self.assertEqual(decision_deadline(date(2026, 7, 10)), date(2026, 8, 21))

    def test_extension_once_and_only_with_a_reason(self):
        intake = self.intake.with_user(self.coordinator_a)
        first = intake.deadline
        with self.assertRaises(UserError):
            intake.action_extend()  # no reason
        self.assertFalse(intake.extended_on)
        self.assertEqual(intake.deadline, first)
        intake.extension_draft = "We wait for the advice of the SWV's expert."
        intake.action_extend()
        self.assertEqual(intake.deadline, first + timedelta(weeks=4))
        self.assertEqual(
            intake.extension_reason, "We wait for the advice of the SWV's expert."
        )
        self.assertFalse(intake.extension_draft)
        # the parents got the message (not an internal note)
        message = intake.sudo().message_ids.filtered(
            lambda m: "four weeks" in (m.body or "")
        )
        self.assertTrue(message)
        self.assertIn(self.parent.partner_id, message.partner_ids)
        self.assertIn(self.co_parent, message.partner_ids)
        intake.extension_draft = "Once more"
        with self.assertRaises(UserError):
            intake.action_extend()
        self.assertEqual(intake.deadline, first + timedelta(weeks=4))
        # an extension without a reason is refused whatever the route
        with self.assertRaises(ValidationError):
            intake.write({"extension_reason": False})

    def test_pause_and_resume_add_the_paused_days(self):
        registered = date.today() - timedelta(days=20)
        intake = self._intake(
            self.parent.partner_id, self.school_a, registered, "Pauze"
        ).with_user(self.coordinator_a)
        self.assertEqual(intake.deadline, registered + timedelta(weeks=6))
        intake.action_pause()
        self.assertTrue(intake.is_paused)
        with self.assertRaises(UserError):
            intake.action_pause()  # one pause at a time
        pause = intake.pause_ids
        pause.date_start = date.today() - timedelta(days=10)
        # while paused the deadline waits; resuming adds the days paused
        self.assertEqual(intake.deadline, registered + timedelta(weeks=6))
        intake.action_resume()
        self.assertFalse(intake.is_paused)
        self.assertEqual(pause.days, 10)
        self.assertEqual(intake.deadline, registered + timedelta(weeks=6, days=10))
        with self.assertRaises(UserError):
            intake.action_resume()
        # a second pause over the first is refused
        with self.assertRaises(ValidationError):
            self.env["ib.intake.pause"].with_user(self.coordinator_a).create(
                {
                    "intake_id": intake.id,
                    "date_start": date.today() - timedelta(days=5),
                    "date_end": date.today() - timedelta(days=3),
                    "reason": "overlap",
                }
            )
        # extension and pause add up
        intake.extension_draft = "Expert advice"
        intake.action_extend()
        self.assertEqual(intake.deadline, registered + timedelta(weeks=10, days=10))

    def test_filters_and_overview_counters(self):
        today = date.today()
        soon = self._intake(
            self.parent.partner_id, self.school_a, today - timedelta(weeks=5), "Soon"
        )
        late = self._intake(
            self.parent.partner_id, self.school_a, today - timedelta(weeks=7), "Late"
        )
        paused = self._intake(
            self.parent.partner_id, self.school_a, today - timedelta(weeks=7), "Wait"
        )
        paused.with_user(self.coordinator_a).action_pause()
        Intake = self.as_user(self.coordinator_a, "ib.intake")
        action = self.env.ref("ib_intake.ib_intake_action")
        self.assertTrue(action)
        self.assertIn(soon, Intake.search([("deadline", "<=", today + timedelta(14))]))
        counters = {
            c["key"]: c
            for c in self.school_a.with_user(self.coordinator_a)
            .with_context(allowed_company_ids=self.school_a.ids)
            .ib_overview_counters
        }
        self.assertEqual(counters["intake_due_soon"]["count"], 1)
        self.assertEqual(counters["intake_overdue"]["count"], 1)
        school = self.school_a.with_user(self.coordinator_a).with_context(
            allowed_company_ids=self.school_a.ids
        )
        overdue = Intake.search(school.action_open_counter("intake_overdue")["domain"])
        self.assertEqual(overdue, late)
        due = Intake.search(school.action_open_counter("intake_due_soon")["domain"])
        self.assertEqual(due, soon)
