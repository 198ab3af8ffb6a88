from datetime import timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import IbMeetingsCommon


@tagged("post_install", "-at_install")
class TestMeetingAccess(IbMeetingsCommon):
    """Who sees which care meetings, agenda items, topics and attendees."""

    def _assert_sees_no_item(self, user, item):
        """``user`` finds no item and may not read ``item``."""
        Item = self.as_user(user, "ib.meeting.item")
        self.assertFalse(Item.search([]))
        with self.assertRaises(AccessError):
            Item.browse(item.id).read(["conclusion"])

    def test_teacher_reads_normal_items_of_own_pupils_only(self):
        Item = self.as_user(self.teacher_5, "ib.meeting.item")
        self.assertEqual(Item.search([]), self.item_5a)
        with self.assertRaises(AccessError):
            Item.browse(self.item_5b.id).read(["conclusion"])
        # Another teacher of the school sees none of them.
        self._assert_sees_no_item(self.teacher_6, self.item_5a)

    def test_director_and_coordinator_read_all_items_of_their_school(self):
        both = self.item_5a | self.item_5b
        self.assertEqual(
            self.as_user(self.director, "ib.meeting.item").search([]), both
        )
        self.assertEqual(
            self.as_user(self.coordinator_a, "ib.meeting.item").search([]), both
        )
        self._assert_sees_no_item(self.coordinator_b, self.item_5b)

    def test_teacher_cannot_write_minutes(self):
        Item = self.as_user(self.teacher_5, "ib.meeting.item")
        with self.assertRaises(AccessError):
            Item.browse(self.item_5a.id).write({"conclusion": "<p>changed</p>"})
        with self.assertRaises(AccessError):
            Item.create({"event_id": self.meeting.id, "pupil_id": self.pupil_5b.id})
        self.assertIn("Extra reading practice", self.item_5a.conclusion)

    def test_confidential_item_cannot_be_shared(self):
        item = self.as_user(self.coordinator_a, "ib.meeting.item").browse(
            self.item_5b.id
        )
        with self.assertRaises(UserError):
            item.action_share_with_parents()
        self.assertFalse(self.item_5b.shared_with_parents)

    def test_minutes_on_the_pupil_file(self):
        pupil = self.as_user(self.teacher_5, "ib.pupil").browse(self.pupil_5a.id)
        self.assertEqual(pupil.ib_meeting_item_ids, self.item_5a)
        self.assertEqual(pupil.ib_meeting_item_count, 1)
        self.assertEqual(
            pupil.ib_meeting_agreement_ids.mapped("name"),
            ["Read aloud three times a week"],
        )
        # The confidential item about pupil 5b stays out of the teacher's view.
        pupil_b = self.as_user(self.teacher_5, "ib.pupil").browse(self.pupil_5b.id)
        self.assertFalse(pupil_b.ib_meeting_item_ids)
        self.assertFalse(pupil_b.ib_meeting_agreement_ids)
        self.assertEqual(pupil_b.ib_meeting_item_count, 0)
        # The coordinator sees it on the file.
        self.env.invalidate_all()
        pupil_b = self.as_user(self.coordinator_a, "ib.pupil").browse(self.pupil_5b.id)
        self.assertEqual(pupil_b.ib_meeting_item_ids, self.item_5b)

    def test_private_meeting_shows_busy_to_colleagues_not_taking_part(self):
        Event = self.as_user(self.teacher_6, "calendar.event")
        event = Event.browse(self.meeting.id)
        self.assertEqual(event.name, "Busy")
        self.assertFalse(event.partner_ids)
        self.assertFalse(event.ib_pupil_ids)
        self.assertEqual(event.display_name, "Busy")
        # An employee without a pupil-care role cannot even ask for the pupils.
        plain = self.as_user(self.employee, "calendar.event").browse(self.meeting.id)
        self.assertEqual(plain.name, "Busy")
        with self.assertRaises(AccessError):
            plain.read(["ib_pupil_ids"])
        # The teacher who takes part and the director of the school see it.
        mine = self.as_user(self.teacher_5, "calendar.event").browse(self.meeting.id)
        self.assertEqual(mine.name, "Pupil discussion group 5")
        self.assertEqual(mine.ib_pupil_ids, self.pupil_5a | self.pupil_5b)
        directed = self.as_user(self.director, "calendar.event").browse(self.meeting.id)
        self.assertEqual(directed.name, "Pupil discussion group 5")
        self.assertEqual(directed.partner_ids, self.meeting.partner_ids)

    def test_care_meeting_invisible_to_other_school(self):
        self.assertFalse(
            self.as_user(self.coordinator_b, "calendar.event").search(
                [("id", "=", self.meeting.id)]
            )
        )
        self.assertFalse(
            self.as_user(self.teacher_b, "calendar.event").search(
                [("ib_kind", "!=", False)]
            )
        )

    def test_attendees_hidden_from_colleagues_not_taking_part(self):
        Attendee = self.as_user(self.teacher_6, "calendar.attendee")
        self.assertFalse(Attendee.search([("event_id", "=", self.meeting.id)]))
        self.assertEqual(
            self.as_user(self.teacher_5, "calendar.attendee")
            .search([("event_id", "=", self.meeting.id)])
            .partner_id,
            self.meeting.partner_ids,
        )
        self.assertEqual(
            len(
                self.as_user(self.director, "calendar.attendee").search(
                    [("event_id", "=", self.meeting.id)]
                )
            ),
            2,
        )

    def test_topics_for_participants_and_group_teachers(self):
        self.assertEqual(
            self.as_user(self.teacher_5, "ib.meeting.topic").search([]), self.topic
        )
        self.assertFalse(self.as_user(self.teacher_6, "ib.meeting.topic").search([]))
        with self.assertRaises(AccessError):
            self.as_user(self.teacher_6, "ib.meeting.topic").browse(self.topic.id).read(
                ["notes"]
            )
        with self.assertRaises(AccessError):
            self.as_user(self.teacher_5, "ib.meeting.topic").browse(
                self.topic.id
            ).write({"notes": "<p>x</p>"})

    def test_only_coordinator_plans_care_meetings(self):
        start = self._local(self._next_monday(), 14)
        vals = {
            "name": "Pupil discussion",
            "ib_kind": "pupil_discussion",
            "start": start,
            "stop": start + timedelta(hours=1),
        }
        with self.assertRaises(AccessError):
            self._care_meeting(dict(vals), user=self.teacher_5)
        with self.assertRaises(AccessError):
            self._care_meeting(dict(vals), user=self.director)
        meeting = self._care_meeting(dict(vals))
        self.assertEqual(meeting.ib_company_id, self.school_a)
        self.assertEqual(meeting.privacy, "private")
        self.assertEqual(meeting.ib_state, "planned")
        # A teacher taking part cannot change who is invited or what it is about.
        meeting.partner_ids = [Command.link(self.teacher_5.partner_id.id)]
        as_teacher = self.as_user(self.teacher_5, "calendar.event").browse(meeting.id)
        with self.assertRaises(AccessError):
            as_teacher.write({"partner_ids": [Command.link(self.parent_a.id)]})
        with self.assertRaises(AccessError):
            as_teacher.write({"ib_kind": "group_discussion"})
        with self.assertRaises(AccessError):
            as_teacher.unlink()
        # Answering the invitation stays possible.
        as_teacher.attendee_ids.filtered(
            lambda a: a.partner_id == self.teacher_5.partner_id
        ).do_decline()
        self.assertEqual(as_teacher.current_status, "declined")
        # An ordinary meeting of the teacher stays the teacher's own business.
        own = self.as_user(self.teacher_5, "calendar.event").create(
            {"name": "Lunch", "start": start, "stop": start + timedelta(hours=1)}
        )
        own.write({"partner_ids": [Command.link(self.teacher_6.partner_id.id)]})
        own.unlink()

    def test_meeting_with_minutes_cannot_be_deleted(self):
        meeting = self.as_user(self.coordinator_a, "calendar.event").browse(
            self.meeting.id
        )
        with self.assertRaises(UserError):
            meeting.unlink()
        meeting.action_ib_cancel()
        self.assertEqual(self.meeting.ib_state, "cancelled")

    def test_item_belongs_to_the_meeting_school(self):
        with self.assertRaises(ValidationError):
            self.env["ib.meeting.item"].create(
                {"event_id": self.meeting.id, "pupil_id": self.pupil_b.id}
            )

    def test_pupils_follow_the_agenda(self):
        meeting = self.as_user(self.coordinator_a, "calendar.event").browse(
            self.meeting.id
        )
        self.assertEqual(meeting.ib_pupil_ids, self.pupil_5a | self.pupil_5b)
        meeting.ib_pupil_ids = [Command.link(self.pupil_6a.id)]
        item_6a = self.env["ib.meeting.item"].search(
            [("event_id", "=", meeting.id), ("pupil_id", "=", self.pupil_6a.id)]
        )
        self.assertTrue(item_6a)
        meeting.ib_pupil_ids = [Command.unlink(self.pupil_6a.id)]
        self.assertFalse(item_6a.active)
        self.assertEqual(meeting.ib_pupil_ids, self.pupil_5a | self.pupil_5b)

    def test_public_methods_refuse_portal_users(self):
        for user in (self.portal_a, self.employee):
            event = self.as_user(user, "calendar.event").browse(self.meeting.id)
            for method in (
                "action_ib_propose_items",
                "action_ib_mark_held",
                "action_ib_cancel",
                "action_ib_reset_planned",
            ):
                with self.assertRaises(AccessError, msg=f"{method} as {user.login}"):
                    getattr(event, method)()
            item = self.as_user(user, "ib.meeting.item").browse(self.item_5a.id)
            with self.assertRaises(AccessError):
                item.action_share_with_parents()
            with self.assertRaises(AccessError):
                item.action_unshare()
            agreement = self.as_user(user, "ib.meeting.agreement").browse(
                self.item_5a.agreement_ids.id
            )
            with self.assertRaises(AccessError):
                agreement.action_done()
            with self.assertRaises(AccessError):
                self.as_user(user, "ib.meeting.schedule").create({})
        self.assertEqual(self.meeting.ib_state, "planned")
        self.assertEqual(self.item_5a.agreement_ids.state, "open")

    def test_portal_user_reads_shared_part_over_rpc_only(self):
        Item = self.as_user(self.portal_a, "ib.meeting.item")
        self.assertEqual(Item.search([]), self.item_5a)
        self.assertIn("Extra reading", Item.browse(self.item_5a.id).conclusion)
        with self.assertRaises(AccessError):
            Item.browse(self.item_5a.id).read(["discussion"])
        with self.assertRaises(AccessError):
            Item.browse(self.item_5b.id).read(["conclusion"])
        self.assertFalse(self.as_user(self.portal_b, "ib.meeting.item").search([]))
        # Parents of another child and unshared items: nothing.
        self.item_5a.shared_with_parents = False
        self.assertFalse(Item.search([]))
