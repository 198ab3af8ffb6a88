from datetime import timedelta

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import IbMeetingsCommon


@tagged("post_install", "-at_install")
class TestCrossGroupMoves(IbMeetingsCommon):
    """Teacher 5 takes part in the pupil discussion of group 5 and is responsible
    for the agreement about pupil 5a. Over the ORM methods the web client calls
    (create, write, web_save), they cannot put a pupil of group 6 on an agenda or
    an agreement, nor move an item or agreement to another pupil, item or
    meeting; nothing changes. The coordinator cannot reach into another school."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement_5a = cls.item_5a.agreement_ids
        start = cls._local(cls._next_monday(), 10)
        # A care meeting about group 6 that teacher 5 does not take part in.
        cls.meeting_6 = cls._pupil_discussion(
            "Pupil discussion group 6",
            cls.group_6,
            start,
            cls.coordinator_a | cls.teacher_6,
            ib_item_ids=[
                Command.create(
                    {
                        "pupil_id": cls.pupil_6a.id,
                        "conclusion": "<p>Chris needs a test</p>",
                    }
                )
            ],
        )
        cls.item_6a = cls.meeting_6.ib_item_ids

    def _as(self, user, model, record):
        return self.as_user(user, model).browse(record.id)

    def _assert_refused(self, call):
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            call()

    def test_teacher_cannot_put_another_groups_pupil_on_an_agenda(self):
        Item = self.as_user(self.teacher_5, "ib.meeting.item")
        for vals in (
            {"event_id": self.meeting.id, "pupil_id": self.pupil_6a.id},
            {"event_id": self.meeting_6.id, "pupil_id": self.pupil_6b.id},
            {"event_id": self.meeting_6.id, "pupil_id": self.pupil_5b.id},
        ):
            self._assert_refused(lambda vals=vals: Item.create(vals))
        item = self._as(self.teacher_5, "ib.meeting.item", self.item_5a)
        self._assert_refused(lambda: item.write({"pupil_id": self.pupil_6a.id}))
        self._assert_refused(lambda: item.write({"event_id": self.meeting_6.id}))
        self._assert_refused(
            lambda: item.web_save({"pupil_id": self.pupil_6a.id}, {"pupil_id": {}})
        )
        self.assertEqual(self.item_5a.pupil_id, self.pupil_5a)
        self.assertEqual(self.item_5a.event_id, self.meeting)
        self.assertFalse(
            self.env["ib.meeting.item"].search(
                [
                    ("event_id", "=", self.meeting.id),
                    ("pupil_id", "=", self.pupil_6a.id),
                ]
            )
        )

    def test_teacher_cannot_move_their_agreement(self):
        agreement = self._as(self.teacher_5, "ib.meeting.agreement", self.agreement_5a)
        for vals in (
            {"item_id": self.item_6a.id},
            {"item_id": self.item_5b.id},
            {"pupil_id": self.pupil_6a.id},
            {"item_id": self.item_6a.id, "state": "done"},
        ):
            self._assert_refused(lambda vals=vals: agreement.write(vals))
        self._assert_refused(
            lambda: agreement.web_save({"item_id": self.item_6a.id}, {"item_id": {}})
        )
        Agreement = self.as_user(self.teacher_5, "ib.meeting.agreement")
        for item in (self.item_5a, self.item_6a):
            self._assert_refused(
                lambda item=item: Agreement.create(
                    {"item_id": item.id, "name": "Observe the pupil"}
                )
            )
        self.assertEqual(self.agreement_5a.item_id, self.item_5a)
        self.assertEqual(self.agreement_5a.pupil_id, self.pupil_5a)
        self.assertEqual(self.agreement_5a.state, "open")
        # What the teacher may do with it: mark it done.
        agreement.write({"state": "done"})
        self.assertEqual(self.agreement_5a.state, "done")

    def test_teacher_cannot_add_pupils_through_the_meeting(self):
        meeting = self._as(self.teacher_5, "calendar.event", self.meeting)
        self._assert_refused(
            lambda: meeting.write({"ib_pupil_ids": [Command.link(self.pupil_6a.id)]})
        )
        self._assert_refused(
            lambda: meeting.write(
                {"ib_item_ids": [Command.create({"pupil_id": self.pupil_6a.id})]}
            )
        )
        self._assert_refused(
            lambda: meeting.write({"ib_item_ids": [Command.link(self.item_6a.id)]})
        )
        self.assertEqual(self.meeting.ib_pupil_ids, self.pupil_5a | self.pupil_5b)
        self.assertEqual(self.item_6a.event_id, self.meeting_6)

    def test_coordinator_cannot_reach_into_another_school(self):
        item = self._as(self.coordinator_a, "ib.meeting.item", self.item_5a)
        self._assert_refused(lambda: item.write({"pupil_id": self.pupil_b.id}))
        self._assert_refused(
            lambda: self.as_user(self.coordinator_a, "ib.meeting.item").create(
                {"event_id": self.meeting.id, "pupil_id": self.pupil_b.id}
            )
        )
        self.assertEqual(self.item_5a.pupil_id, self.pupil_5a)
        # An agreement cannot be moved to an item of another school either.
        start = self._local(self._next_monday(), 11)
        meeting_b = self._care_meeting(
            {
                "name": "Care meeting school B",
                "ib_kind": "care_meeting",
                "ib_company_id": self.school_b.id,
                "start": start,
                "stop": start + timedelta(hours=1),
                "ib_item_ids": [Command.create({"pupil_id": self.pupil_b.id})],
            },
            user=self.coordinator_b,
        )
        agreement = self._as(
            self.coordinator_a, "ib.meeting.agreement", self.agreement_5a
        )
        self._assert_refused(
            lambda: agreement.write({"item_id": meeting_b.ib_item_ids.id})
        )
        self.assertEqual(self.agreement_5a.item_id, self.item_5a)
