"""The calendar guard decides on the record, never on the key.

Calendar is used by everyone in the school. The web client sends every field of the
form for a new event, the suite's empty ib_* fields included: an ordinary event must
be created, moved, changed and deleted as without the suite, by an employee with no
care role and by a teacher. Turning an event into a care meeting (a kind, a group,
pupils or agenda items that are set) stays the care coordinator's call."""

from datetime import timedelta

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import Form, tagged

from .common import IbMeetingsCommon

# What the web client sends for the care fields of a new, ordinary event.
EMPTY_CARE_VALUES = {
    "ib_kind": False,
    "ib_company_id": False,
    "ib_state": False,
    "ib_round": False,
}
EMPTY_CARE_VALUES_TEACHER = dict(
    EMPTY_CARE_VALUES,
    ib_group_id=False,
    ib_pupil_ids=[Command.set([])],
    ib_item_ids=[],
    ib_topic_ids=[],
)


@tagged("post_install", "-at_install")
class TestCalendarGuard(IbMeetingsCommon):
    def _slot(self, hour=10):
        start = self._local(self._next_monday(), hour)
        return {"start": start, "stop": start + timedelta(hours=1)}

    def _ordinary_event_lifecycle(self, user, empty_values):
        Event = self.as_user(user, "calendar.event")
        event = Event.create(
            dict(empty_values, name="Budget meeting", **self._slot(), partner_ids=[])
        )
        self.assertFalse(event.ib_kind)
        self.assertFalse(event.sudo().ib_company_id)
        self.assertFalse(event.sudo().ib_item_ids)
        # Moved in the week view (start/stop), attendees changed, the form saved
        # again with the same empty care values, then deleted.
        event.write(self._slot(hour=15))
        event.write({"partner_ids": [Command.link(self.teacher_6.partner_id.id)]})
        event.write(dict(empty_values, name="Budget meeting (moved)"))
        self.assertFalse(event.sudo().ib_kind)
        event.unlink()
        self.assertFalse(event.exists())

    def test_employee_without_care_role_plans_ordinary_events(self):
        self._ordinary_event_lifecycle(self.employee, EMPTY_CARE_VALUES)

    def test_teacher_plans_ordinary_events(self):
        self._ordinary_event_lifecycle(self.teacher_5, EMPTY_CARE_VALUES_TEACHER)

    def test_new_event_form_as_employee_and_teacher(self):
        # Form sends every field of the form view for a new record, as the web
        # client does: the empty care fields (for the teacher) included.
        for user in (self.employee, self.teacher_5):
            with self.subTest(user=user.login):
                form = Form(self.as_user(user, "calendar.event"))
                form.name = "Coffee with the office"
                form.start = self._slot()["start"]
                form.stop = self._slot()["stop"]
                event = form.save()
                self.assertFalse(event.sudo().ib_kind)
                event.unlink()

    def test_teacher_cannot_turn_an_event_into_a_care_meeting(self):
        Event = self.as_user(self.teacher_5, "calendar.event")
        refused_vals = [
            {"ib_kind": "pupil_discussion"},
            {"ib_group_id": self.group_5.id},
            {"ib_pupil_ids": [Command.set(self.pupil_5a.ids)]},
            {"ib_company_id": self.school_a.id},
            {"ib_item_ids": [Command.create({"pupil_id": self.pupil_5a.id})]},
        ]
        for vals in refused_vals:
            with self.subTest(create=vals), self.assertRaises(AccessError):
                Event.create(dict(vals, name="Talk about Anna", **self._slot()))
        own = Event.create(
            dict(EMPTY_CARE_VALUES_TEACHER, name="Talk about Anna", **self._slot())
        )
        for vals in refused_vals:
            with self.subTest(write=vals), self.assertRaises(AccessError):
                own.write(vals)
        self.assertFalse(own.sudo().ib_kind)
        self.assertFalse(own.sudo().ib_item_ids)

    def test_employee_cannot_turn_an_event_into_a_care_meeting(self):
        Event = self.as_user(self.employee, "calendar.event")
        with self.assertRaises(AccessError):
            Event.create(dict(name="Care?", ib_kind="care_meeting", **self._slot()))
        own = Event.create(dict(EMPTY_CARE_VALUES, name="Lunch", **self._slot()))
        with self.assertRaises(AccessError):
            own.write({"ib_kind": "care_meeting"})
        with self.assertRaises(AccessError):
            own.write({"ib_company_id": self.school_a.id})

    def test_coordinator_turns_an_event_into_a_care_meeting(self):
        Event = self.as_user(self.coordinator_a, "calendar.event")
        event = Event.create(
            dict(EMPTY_CARE_VALUES_TEACHER, name="Talk", **self._slot())
        )
        self.assertFalse(event.ib_kind)
        event.write({"ib_kind": "care_meeting", "ib_company_id": self.school_a.id})
        self.assertEqual(event.ib_kind, "care_meeting")
        # Now it is a care meeting: a teacher taking part cannot undo that, not even
        # with an empty value.
        event.partner_ids = [Command.link(self.teacher_5.partner_id.id)]
        as_teacher = self.as_user(self.teacher_5, "calendar.event").browse(event.id)
        for vals in ({"ib_kind": False}, {"ib_pupil_ids": [Command.set([])]}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                as_teacher.write(vals)
        self.assertEqual(event.ib_kind, "care_meeting")

    def test_empty_care_values_cost_no_query(self):
        """An ordinary event written with empty care values costs no more than the
        same write without them (the guard reads the kind, which the calendar's
        write reads anyway: here it is even one query less)."""
        Event = self.as_user(self.teacher_5, "calendar.event")
        event = Event.create(dict(name="A", **self._slot()))
        self.env.flush_all()
        counts = []
        for round_ in range(3):  # the first rounds warm the caches (rules, groups)
            counts = []
            for vals in (
                dict(EMPTY_CARE_VALUES_TEACHER, name=f"B{round_}"),
                {"name": f"A{round_}"},
                dict(EMPTY_CARE_VALUES_TEACHER, name=f"C{round_}"),
                {"name": f"D{round_}"},
            ):
                self.env.invalidate_all()
                start = self.cr.sql_log_count
                event.write(vals)
                self.env.flush_all()
                counts.append(self.cr.sql_log_count - start)
        self.assertLessEqual(counts[2], counts[3], counts)
