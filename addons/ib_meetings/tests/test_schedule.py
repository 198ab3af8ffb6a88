from datetime import timedelta

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import Form, tagged

from .common import IbMeetingsCommon


@tagged("post_install", "-at_install")
class TestSchedule(IbMeetingsCommon):
    """The yearly schedule of group discussions: placement, conflicts, report."""

    def setUp(self):
        super().setUp()
        self.monday = self._next_monday(weeks_ahead=3)
        # The tests plan in the afternoon, when this school has no lessons.
        self._set_lessons(self.school_a, 8.5, 12.5)

    def _wizard(self, days=3, user=None, **vals):
        user = user or self.coordinator_a
        values = {
            "company_ids": [Command.set(self.school_a.ids)],
            "group_ids": [Command.set((self.group_5 | self.group_6).ids)],
            "hour_from": 13.0,
            "hour_to": 16.0,
            "duration": 0.75,
            "buffer_minutes": 15,
            "max_per_day": 4,
            "tz": "Europe/Amsterdam",
            "round_ids": [
                Command.create(
                    {
                        "name": "Round 1",
                        "date_from": self.monday,
                        "date_to": self.monday + timedelta(days=days - 1),
                    }
                )
            ],
        }
        values.update(vals)
        wizard = self.as_user(user, "ib.meeting.schedule").create(values)
        self.assertEqual(wizard.school_ids.coordinator_id, self.coordinator_a)
        return wizard

    def _busy(self, users, start, stop, **vals):
        return (
            self.env["calendar.event"]
            .with_context(no_mail_to_attendees=True)
            .create(
                dict(
                    {
                        "name": "Busy elsewhere",
                        "start": start,
                        "stop": stop,
                        "partner_ids": [Command.set(users.partner_id.ids)],
                    },
                    **vals,
                )
            )
        )

    def _group_discussions(self):
        return self.env["calendar.event"].search(
            [
                ("ib_kind", "=", "group_discussion"),
                ("ib_group_id", "in", (self.group_5 | self.group_6).ids),
            ]
        )

    def _assert_no_overlap(self, lines, buffer_minutes=15):
        ordered = lines.sorted("start")
        for first, second in zip(ordered, ordered[1:], strict=False):
            self.assertLessEqual(
                first.stop + timedelta(minutes=buffer_minutes), second.start
            )

    def test_preview_places_every_group_without_creating(self):
        wizard = self._wizard()
        wizard.action_preview()
        self.assertEqual(wizard.state, "preview")
        self.assertEqual(wizard.placed_count, 2)
        self.assertEqual(wizard.line_ids.group_id, self.group_5 | self.group_6)
        for line in wizard.line_ids:
            self.assertGreaterEqual(line.start, self._local(self.monday, 13))
            self.assertLessEqual(line.stop, self._local(self.monday, 16))
            self.assertEqual(line.stop - line.start, timedelta(minutes=45))
            self.assertEqual(line.coordinator_id, self.coordinator_a)
            self.assertEqual(line.teacher_ids, line.group_id.teacher_ids)
        # One coordinator: the two discussions do not overlap (with the pause).
        self._assert_no_overlap(wizard.line_ids)
        self.assertFalse(self._group_discussions(), "the preview creates nothing")

        wizard.action_create()
        events = self._group_discussions()
        self.assertEqual(len(events), 2)
        self.assertEqual(wizard.event_ids, events)
        for event in events:
            line = wizard.line_ids.filtered(
                lambda ln, e=event: ln.group_id == e.ib_group_id
            )
            self.assertEqual(event.start, line.start)
            self.assertEqual(
                event.partner_ids,
                (self.coordinator_a | event.ib_group_id.teacher_ids).partner_id,
            )
            self.assertEqual(event.user_id, self.coordinator_a)
            self.assertEqual(event.privacy, "private")
            self.assertEqual(event.ib_company_id, self.school_a)
            self.assertEqual(event.ib_round, "Round 1")
        # The teacher finds the discussion of their group in their calendar.
        mine = self.as_user(self.teacher_5, "calendar.event").search(
            [
                ("partner_ids", "in", self.teacher_5.partner_id.ids),
                ("ib_kind", "=", "group_discussion"),
            ]
        )
        self.assertEqual(mine.ib_group_id, self.group_5)
        self.assertEqual(mine.name, "Group discussion Groep 5 - Round 1")

    def test_form_proposes_each_school_its_coordinator(self):
        """As in the web client: the schools' coordinators are filled in by the
        form, then the proposed schedule is made from it."""
        form = Form(self.as_user(self.coordinator_a, "ib.meeting.schedule"))
        self.assertEqual(len(form.school_ids), 1)
        with form.school_ids.edit(0) as school:
            self.assertEqual(school.company_id, self.school_a)
            self.assertEqual(school.coordinator_id, self.coordinator_a)
        with form.round_ids.new() as rnd:
            rnd.name = "Round 1"
            rnd.date_from = self.monday
            rnd.date_to = self.monday + timedelta(days=4)
        form.group_ids.add(self.group_5)
        wizard = form.save()
        wizard.action_preview()
        self.assertEqual(wizard.placed_count, 1)
        self.assertEqual(wizard.line_ids.coordinator_id, self.coordinator_a)

    def test_existing_events_are_avoided(self):
        # Teacher 5 teaches on Monday afternoon until 15:00; the coordinator has a
        # meeting from 15:00 to 16:00: group 5 cannot be on Monday at all.
        self._busy(
            self.teacher_5, self._local(self.monday, 13), self._local(self.monday, 15)
        )
        self._busy(
            self.coordinator_a,
            self._local(self.monday, 15),
            self._local(self.monday, 16),
        )
        # A declined invitation and a "free" event do not block.
        declined = self._busy(
            self.teacher_6, self._local(self.monday, 13), self._local(self.monday, 16)
        )
        declined.attendee_ids.filtered(
            lambda a: a.partner_id == self.teacher_6.partner_id
        ).state = "declined"
        self._busy(
            self.teacher_6,
            self._local(self.monday, 13),
            self._local(self.monday, 16),
            show_as="free",
        )
        wizard = self._wizard()
        wizard.action_preview()
        line_5 = wizard.line_ids.filtered(lambda ln: ln.group_id == self.group_5)
        line_6 = wizard.line_ids.filtered(lambda ln: ln.group_id == self.group_6)
        self.assertEqual(line_5.state, "placed")
        self.assertEqual(line_5.start, self._local(self.monday + timedelta(days=1), 13))
        # Group 6 fits on Monday before the coordinator's meeting (pause included).
        self.assertEqual(line_6.start, self._local(self.monday, 13))
        self.assertLessEqual(
            line_6.stop + timedelta(minutes=15), self._local(self.monday, 15)
        )

    def test_unplaceable_groups_are_reported_with_the_reason(self):
        group_7 = self._group("Groep 7", self.year_a, self.env.ref("ib_core.grade_7"))
        # The coordinator is away for the whole round.
        self._busy(
            self.coordinator_a,
            self.monday,
            self.monday + timedelta(days=2),
            allday=True,
            start_date=self.monday,
            stop_date=self.monday + timedelta(days=2),
        )
        wizard = self._wizard(
            group_ids=[Command.set((self.group_5 | self.group_6 | group_7).ids)]
        )
        wizard.action_preview()
        self.assertEqual(wizard.placed_count, 0)
        self.assertEqual(wizard.unplaceable_count, 3)
        for group in self.group_5 | self.group_6:
            line = wizard.line_ids.filtered(lambda ln, g=group: ln.group_id == g)
            self.assertIn(self.coordinator_a.name, line.reason)
            self.assertIn("busy", line.reason)
            self.assertFalse(line.start)
        line_7 = wizard.line_ids.filtered(lambda ln: ln.group_id == group_7)
        self.assertEqual(line_7.reason, "The group has no teacher.")
        wizard.action_create()
        self.assertFalse(self._group_discussions())

    def test_maximum_per_day(self):
        wizard = self._wizard(days=1, max_per_day=1)
        wizard.action_preview()
        self.assertEqual(wizard.placed_count, 1)
        refused = wizard.line_ids.filtered(lambda ln: ln.state == "unplaceable")
        self.assertIn("already has 1 care meetings", refused.reason)

    def test_each_other_within_one_day(self):
        # Only room for one 45-minute meeting (plus pause) between 13:00 and 14:00.
        wizard = self._wizard(days=1, hour_to=14.0)
        wizard.action_preview()
        self.assertEqual(wizard.placed_count, 1)
        self.assertEqual(wizard.unplaceable_count, 1)

    def test_groups_already_planned_are_skipped(self):
        first = self._wizard()
        first.action_preview()
        first.action_create()
        second = self._wizard()
        second.action_preview()
        self.assertEqual(second.skipped_count, 2)
        self.assertEqual(second.placed_count, 0)
        second.action_create()
        self.assertEqual(len(self._group_discussions()), 2)

    def test_busy_after_preview_is_rechecked(self):
        wizard = self._wizard()
        wizard.action_preview()
        line_5 = wizard.line_ids.filtered(lambda ln: ln.group_id == self.group_5)
        self._busy(self.teacher_5, line_5.start, line_5.stop)
        wizard.action_create()
        self.assertEqual(line_5.state, "unplaceable")
        self.assertEqual(self._group_discussions().ib_group_id, self.group_6)

    def test_bad_settings_are_refused(self):
        with self.assertRaises(UserError):
            self._wizard(hour_from=16.0, hour_to=13.0).action_preview()
        with self.assertRaises(UserError):
            self._wizard(
                monday=False,
                tuesday=False,
                wednesday=False,
                thursday=False,
                friday=False,
            ).action_preview()
        wizard = self._wizard()
        wizard.round_ids.date_to = self.monday - timedelta(days=1)
        with self.assertRaises(UserError):
            wizard.action_preview()

    def test_only_coordinators_plan(self):
        with self.assertRaises(AccessError):
            self._wizard(user=self.teacher_5)
        with self.assertRaises(AccessError):
            self._wizard(user=self.director)
        # A coordinator cannot plan another school.
        with self.assertRaises(AccessError):
            self._wizard(user=self.coordinator_b).action_preview()
        self.assertFalse(self._group_discussions())
