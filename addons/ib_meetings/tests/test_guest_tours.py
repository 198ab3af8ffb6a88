"""Ordinary work in the headless browser as users outside pupil care (issue 25).

An office employee (no care role) and a teacher create, move (drag in the week view)
and delete an ordinary event, post a note with an attachment in a contact's chatter,
and schedule and finish an activity: as without the suite, without an error."""

from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from .common import IbMeetingsCommon

CALENDAR = "/odoo/action-calendar.action_calendar_event"


@tagged("post_install", "-at_install")
class TestGuestTours(IbMeetingsCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Odoo gives every new internal user "Contact Creation" by default; without
        # it nobody (with or without the suite) may post in a contact's chatter.
        partner_manager = cls.env.ref("base.group_partner_manager")
        (cls.employee | cls.teacher_5).write(
            {"group_ids": [Command.link(partner_manager.id)]}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Stationery Supplier", "email": "sales@stationery.example.com"}
        )

    def _calendar_tours(self, user):
        self.start_tour(
            CALENDAR, "ib_guest_calendar_create_move_tour", login=user.login
        )
        self.env.invalidate_all()
        event = self.env["calendar.event"].search(
            [("name", "=", "Guest tour event"), ("create_uid", "=", user.id)]
        )
        self.assertEqual(len(event), 1)
        self.assertFalse(event.ib_kind)
        self.assertFalse(event.ib_company_id)
        self.assertIn(user.partner_id, event.partner_ids)
        self.start_tour(CALENDAR, "ib_guest_calendar_delete_tour", login=user.login)
        self.env.invalidate_all()
        self.assertFalse(event.exists())

    def _chatter_tour(self, user):
        self.start_tour(
            f"/odoo/res.partner/{self.contact.id}",
            "ib_guest_chatter_tour",
            login=user.login,
        )
        self.env.invalidate_all()
        note = self.contact.message_ids.filtered(
            lambda m: "Guest tour note" in (m.body or "")
        )
        self.assertEqual(len(note), 1)
        self.assertEqual(note.author_id, user.partner_id)
        self.assertEqual(note.attachment_ids.mapped("name"), ["guest-tour.txt"])
        self.assertFalse(self.contact.activity_ids)
        done = self.contact.message_ids.filtered(
            lambda m: (
                "Guest tour call" in (m.body or "")
                or "Guest tour call" in (m.subject or "")
                or m.mail_activity_type_id
            )
        )
        self.assertTrue(done)

    def test_office_employee_calendar(self):
        self._calendar_tours(self.employee)

    def test_teacher_calendar(self):
        self._calendar_tours(self.teacher_5)

    def test_office_employee_chatter_and_activity(self):
        self._chatter_tour(self.employee)

    def test_teacher_chatter_and_activity(self):
        self._chatter_tour(self.teacher_5)
