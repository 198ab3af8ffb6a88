from datetime import timedelta

import pytz

from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from ..models.ib_meeting_schedule_service import ScheduleRound, ScheduleSettings
from ..models.schedule_slots import to_utc
from .common import IbMeetingsCommon

AMSTERDAM = pytz.timezone("Europe/Amsterdam")


@tagged("post_install", "-at_install")
class TestScheduleLessons(IbMeetingsCommon):
    """The yearly schedule proposes group discussions outside the school's lesson
    times (or only in the meeting slots the school marked) and says so when a
    round does not fit."""

    def setUp(self):
        super().setUp()
        self.monday = self._next_monday(weeks_ahead=3)
        # A Dutch school week: 08:30-14:30, Wednesday afternoon free.
        self._set_lessons(self.school_a, 8.5, 14.5, wed=(8.5, 12.5))

    def _at(self, days, hours):
        return to_utc(AMSTERDAM, self.monday + timedelta(days=days), hours)

    def _settings(self, days=3, **vals):
        values = {
            "companies": self.school_a,
            "coordinators": {self.school_a.id: self.coordinator_a},
            "groups": self.group_5 | self.group_6,
            "rounds": [
                ScheduleRound(
                    date_from=self.monday,
                    date_to=self.monday + timedelta(days=days - 1),
                    name="Autumn",
                )
            ],
            "hour_from": 8.0,
            "hour_to": 16.0,
            "weekdays": frozenset({0, 1, 2}),
            "duration": 0.75,
            "buffer_minutes": 15,
            "max_per_day": 4,
        }
        values.update(vals)
        return ScheduleSettings(**values)

    def _plan(self, settings):
        proposals = self.as_user(
            self.coordinator_a, "ib.meeting.schedule.service"
        ).plan(settings)
        return {p.group: p for p in proposals}

    def test_defaults_of_a_new_school(self):
        school = self.env["res.company"].create({"name": "New School"})
        self.assertEqual(
            school._ib_lesson_times(),
            {
                0: (8.5, 14.5),
                1: (8.5, 14.5),
                2: (8.5, 12.5),
                3: (8.5, 14.5),
                4: (8.5, 14.5),
            },
        )
        with self.assertRaises(ValidationError):
            school.ib_lesson_mon_to = 7.0

    def test_slots_after_the_lessons(self):
        by_group = self._plan(self._settings())
        first, second = by_group[self.group_5], by_group[self.group_6]
        self.assertEqual((first.state, second.state), ("placed", "placed"))
        # Not 08:00 (too short before the lessons), not during the lessons: right
        # after them; the second the next day, as 15:30 would end after 16:00.
        self.assertEqual(
            (first.start, first.stop), (self._at(0, 14.5), self._at(0, 15.25))
        )
        self.assertEqual(
            (second.start, second.stop), (self._at(1, 14.5), self._at(1, 15.25))
        )

    def test_wednesday_afternoon(self):
        by_group = self._plan(self._settings(weekdays=frozenset({2})))
        self.assertEqual(by_group[self.group_5].start, self._at(2, 12.5))
        self.assertEqual(by_group[self.group_6].start, self._at(2, 13.5))

    def test_only_in_the_marked_slots(self):
        self.env["ib.meeting.slot"].create(
            [
                {
                    "company_id": self.school_a.id,
                    "weekday": "1",
                    "hour_from": 8.0,
                    "hour_to": 9.0,
                },
                {
                    "company_id": self.school_a.id,
                    "weekday": "2",
                    "hour_from": 13.0,
                    "hour_to": 13.75,
                },
            ]
        )
        by_group = self._plan(self._settings())
        # Tuesday 08:00 is during no lessons but is marked; Monday 14:30 is free of
        # lessons but not marked.
        self.assertEqual(by_group[self.group_5].start, self._at(1, 8.0))
        self.assertEqual(by_group[self.group_6].start, self._at(2, 13.0))

    def test_a_round_that_does_not_fit(self):
        wizard = self.as_user(self.coordinator_a, "ib.meeting.schedule").create(
            {
                "company_ids": [Command.set(self.school_a.ids)],
                "group_ids": [Command.set((self.group_5 | self.group_6).ids)],
                "hour_from": 8.5,
                "hour_to": 14.5,
                "duration": 0.75,
                "monday": True,
                "tuesday": True,
                "wednesday": False,
                "thursday": True,
                "friday": True,
                "tz": "Europe/Amsterdam",
                "round_ids": [
                    Command.create(
                        {
                            "name": "Autumn",
                            "date_from": self.monday,
                            "date_to": self.monday + timedelta(days=4),
                        }
                    )
                ],
            }
        )
        wizard.action_preview()
        self.assertEqual(wizard.placed_count, 0)
        self.assertEqual(wizard.unplaceable_count, 2)
        lessons = (
            "lessons Monday 08:30-14:30, Tuesday 08:30-14:30, Wednesday "
            "08:30-12:30, Thursday 08:30-14:30, Friday 08:30-14:30"
        )
        self.assertEqual(
            wizard.fit_message,
            "Round Autumn does not fit for Test School A: 2 of 2 group discussions "
            f"could not be placed outside lesson time ({lessons}). Lengthen the "
            "round, allow more weekdays or hours, or mark more meeting slots for "
            "the school.",
        )
        for line in wizard.line_ids:
            self.assertFalse(line.start)
            self.assertIn("The round does not fit", line.reason)
            self.assertIn(lessons, line.reason)
        # The hours after the lessons fit: no message.
        wizard.write({"hour_to": 16.0, "state": "draft"})
        wizard.action_preview()
        self.assertEqual(wizard.placed_count, 2)
        self.assertFalse(wizard.fit_message)

    def test_does_not_fit_in_dutch(self):
        self.env["res.lang"]._activate_lang("nl_NL")
        self.env["ir.module.module"]._load_module_terms(["ib_meetings"], ["nl_NL"])
        settings = self._settings(
            hour_from=8.5, hour_to=14.5, weekdays=frozenset({0, 1})
        )
        planner = self.as_user(
            self.coordinator_a, "ib.meeting.schedule.service"
        ).with_context(lang="nl_NL")
        proposals = planner.plan(settings)
        (message,) = planner.fit_report(proposals)
        self.assertIn("past niet", message)
        self.assertIn("Maandag 08:30-14:30", message)
