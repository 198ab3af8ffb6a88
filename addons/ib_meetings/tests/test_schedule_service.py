from collections import defaultdict
from datetime import date, timedelta

import pytz

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import BaseCase, tagged

from ..models import schedule_slots
from ..models.ib_meeting_schedule_service import ScheduleRound, ScheduleSettings
from .common import IbMeetingsCommon

AMSTERDAM = pytz.timezone("Europe/Amsterdam")
MONDAY = date(2030, 1, 7)


@tagged("post_install", "-at_install")
class TestScheduleService(IbMeetingsCommon):
    """The planner without its wizard: plan, then create the meetings."""

    def setUp(self):
        super().setUp()
        self.monday = self._next_monday(weeks_ahead=3)
        # The tests plan in the afternoon, when this school has no lessons.
        self._set_lessons(self.school_a, 8.5, 12.5)

    def _settings(self, days=3, **vals):
        values = {
            "companies": self.school_a,
            "coordinators": {self.school_a.id: self.coordinator_a},
            "groups": self.group_5 | self.group_6,
            "rounds": [
                ScheduleRound(
                    date_from=self.monday,
                    date_to=self.monday + timedelta(days=days - 1),
                    name="Round 1",
                )
            ],
            "hour_from": 13.0,
            "hour_to": 16.0,
        }
        values.update(vals)
        return ScheduleSettings(**values)

    def _planner(self, user=None):
        return self.as_user(user or self.coordinator_a, "ib.meeting.schedule.service")

    def _group_discussions(self):
        return self.env["calendar.event"].search(
            [
                ("ib_kind", "=", "group_discussion"),
                ("ib_group_id", "in", (self.group_5 | self.group_6).ids),
            ]
        )

    def _busy(self, users, start, stop):
        return (
            self.env["calendar.event"]
            .with_context(no_mail_to_attendees=True)
            .create(
                {
                    "name": "Busy elsewhere",
                    "start": start,
                    "stop": stop,
                    "partner_ids": [Command.set(users.partner_id.ids)],
                }
            )
        )

    def test_plan_places_and_writes_nothing(self):
        events = self.env["calendar.event"].search_count([])
        proposals = self._planner().plan(self._settings())
        self.assertEqual([p.state for p in proposals], ["placed", "placed"])
        self.assertEqual({p.group for p in proposals}, {self.group_5, self.group_6})
        first, second = sorted(proposals, key=lambda p: p.start)
        self.assertEqual(first.start, self._local(self.monday, 13))
        self.assertEqual(first.stop - first.start, timedelta(minutes=45))
        # one coordinator: the second after the first and the pause
        self.assertEqual(second.start, first.stop + timedelta(minutes=15))
        self.assertEqual(self.env["calendar.event"].search_count([]), events)

    def test_unplaceable_is_reported_with_the_reason(self):
        self._busy(
            self.coordinator_a,
            self._local(self.monday, 8),
            self._local(self.monday, 18),
        )
        proposals = self._planner().plan(self._settings(days=1))
        self.assertEqual({p.state for p in proposals}, {"unplaceable"})
        for proposal in proposals:
            self.assertFalse(proposal.start)
            self.assertIn(
                f"{self.coordinator_a.name} is busy at 10 of the 10 possible times",
                proposal.reason,
            )
        self.assertFalse(self._planner().create_meetings(self._settings(), proposals))
        self.assertFalse(self._group_discussions())

    def test_create_meetings_rechecks(self):
        settings = self._settings()
        proposals = self._planner().plan(settings)
        by_group = {p.group: p for p in proposals}
        self._busy(
            self.teacher_5, by_group[self.group_5].start, by_group[self.group_5].stop
        )
        events = self._planner().create_meetings(settings, proposals)
        self.assertEqual(events, self._group_discussions())
        self.assertEqual(events.ib_group_id, self.group_6)
        self.assertEqual(events.name, "Group discussion Groep 6 - Round 1")
        self.assertEqual(events.user_id, self.coordinator_a)
        self.assertEqual(by_group[self.group_5].state, "unplaceable")
        self.assertIn("got busy", by_group[self.group_5].reason)
        # planned again: group 6 is skipped, group 5 placed after the new event
        again = {p.group: p for p in self._planner().plan(settings)}
        self.assertEqual(again[self.group_6].state, "skipped")
        self.assertEqual(again[self.group_6].start, events.start)
        self.assertEqual(again[self.group_5].state, "placed")

    def test_checks_run_for_the_calling_user(self):
        with self.assertRaises(AccessError):
            self._planner(self.coordinator_b).plan(self._settings())
        with self.assertRaises(AccessError):
            self._planner(self.teacher_5).check_access(self.school_a)
        proposals = self._planner().plan(self._settings())
        with self.assertRaises(AccessError):
            self._planner(self.coordinator_b).create_meetings(
                self._settings(), proposals
            )
        with self.assertRaisesRegex(UserError, "at least one weekday"):
            self._planner().plan(self._settings(weekdays=frozenset()))
        self.assertFalse(self._group_discussions())


@tagged("post_install", "-at_install")
class TestScheduleSlots(BaseCase):
    """The in-memory placement, without a database."""

    def test_place_in_the_earliest_free_slot(self):
        day = MONDAY
        slots = schedule_slots.candidate_slots(
            AMSTERDAM, day, day, {0}, 13.0, 15.0, 0.75
        )
        self.assertEqual(len(slots), 6)  # 13:00, 13:15 ... 14:15
        busy, care_count = schedule_slots.new_busy_map()
        coordinator, teacher = 1, 2
        at_13 = slots[0][1]
        schedule_slots.add_busy(
            busy, teacher, day, at_13, at_13 + timedelta(minutes=30)
        )
        placed, _blocked, _full = schedule_slots.place(
            slots, [coordinator, teacher], busy, care_count, timedelta(minutes=15), 4
        )
        # free from 13:30, plus the pause: 13:45
        self.assertEqual(placed[0], at_13 + timedelta(minutes=45))
        self.assertEqual(care_count[coordinator][day], 1)
        self.assertIn(placed, busy[teacher][day])
        # the coordinator's maximum per day reached: the day is full
        placed, blocked, full_days = schedule_slots.place(
            slots, [coordinator, 3], busy, care_count, timedelta(0), 1
        )
        self.assertIsNone(placed)
        self.assertEqual((dict(blocked), full_days), ({}, {day}))
        # otherwise the blocking person is counted per slot
        placed, blocked, full_days = schedule_slots.place(
            slots,
            [3, teacher],
            busy,
            defaultdict(lambda: defaultdict(int)),
            timedelta(hours=3),
            0,
        )
        self.assertIsNone(placed)
        self.assertEqual(dict(blocked), {teacher: 6})
