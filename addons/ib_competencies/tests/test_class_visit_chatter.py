from datetime import datetime, time, timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import IbCompetenciesCommon


@tagged("post_install", "-at_install")
class TestClassVisitChatter(IbCompetenciesCommon):
    """A class visit may be about one pupil, so its chatter follows the care thread
    policy: the visited teacher follows it, reads and replies; a colleague never
    follows, is never notified and reads nothing, also when mentioned."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.teacher_5 | cls.teacher_6).notification_type = "inbox"
        start = datetime.combine(cls.year_a.date_start + timedelta(days=9), time(9, 0))
        cls.visit = (
            cls.env["ib.class.visit"]
            .with_user(cls.coordinator_a)
            .with_context(allowed_company_ids=cls.school_a.ids, tracking_disable=False)
            .create(
                {
                    "group_id": cls.group_5.id,
                    "teacher_id": cls.teacher_5.id,
                    "pupil_id": cls.pupil_5a.id,
                    "question": "How does Anna take part in the instruction?",
                    "start": start,
                    "duration": 1.0,
                }
            )
        )
        cls.message = cls.visit.message_post(
            body="Anna hardly joined the instruction table",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    def _visit_as(self, user):
        return self.as_user(user, "ib.class.visit").browse(self.visit.id)

    def _inbox(self, user):
        return self.env["mail.notification"].search(
            [
                ("mail_message_id.model", "=", "ib.class.visit"),
                ("mail_message_id.res_id", "=", self.visit.id),
                ("res_partner_id", "=", user.partner_id.id),
                ("notification_type", "=", "inbox"),
            ]
        )

    def test_visited_teacher_follows_reads_and_replies(self):
        self.assertIn(self.teacher_5.partner_id, self.visit.message_partner_ids)
        self.assertTrue(self._inbox(self.teacher_5), "the teacher is notified")
        Message = self.as_user(self.teacher_5, "mail.message")
        found = Message.search(
            [("model", "=", "ib.class.visit"), ("res_id", "=", self.visit.id)]
        )
        self.assertIn(self.message, found)
        self.assertIn(
            "hardly joined", Message.browse(self.message.id).read(["body"])[0]["body"]
        )
        reply = self._visit_as(self.teacher_5).message_post(
            body="I will seat her closer to the table",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertEqual(reply.author_id, self.teacher_5.partner_id)
        # The coordinator, who follows the visit, is notified of the reply.
        self.assertIn(
            self.coordinator_a.partner_id,
            reply.sudo().notification_ids.res_partner_id,
        )

    def test_colleague_never_follows_reads_or_posts(self):
        visit = self._visit_as(self.coordinator_a)
        with self.assertRaises(UserError):
            visit.message_subscribe(partner_ids=self.teacher_6.partner_id.ids)
        with self.assertRaises(UserError):
            visit.message_post(
                body="Teacher 6, have a look",
                partner_ids=self.teacher_6.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertNotIn(self.teacher_6.partner_id, self.visit.message_partner_ids)
        self.assertFalse(self._inbox(self.teacher_6))
        Message = self.as_user(self.teacher_6, "mail.message")
        self.assertFalse(
            Message.search(
                [("model", "=", "ib.class.visit"), ("res_id", "=", self.visit.id)]
            )
        )
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            Message.browse(self.message.id).read(["body"])
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self._visit_as(self.teacher_6).message_post(body="Let me join")

    def test_teacher_who_loses_the_visit_stops_following(self):
        agreement = self.visit.activity_schedule(
            "ib_competencies.mail_activity_type_agreement",
            summary="Seat Anna at the instruction table",
            user_id=self.teacher_5.id,
        )
        self.assertTrue(self._inbox(self.teacher_5).filtered(lambda n: not n.is_read))
        # The coordinator moves the visit to group 6: its teacher is now teacher 6.
        self._visit_as(self.coordinator_a).write({"group_id": self.group_6.id})
        self.assertEqual(self.visit.teacher_id, self.teacher_6)
        self.assertNotIn(self.teacher_5.partner_id, self.visit.message_partner_ids)
        self.assertIn(self.teacher_6.partner_id, self.visit.message_partner_ids)
        self.assertFalse(self._inbox(self.teacher_5).filtered(lambda n: not n.is_read))
        self.assertEqual(agreement.user_id, self.coordinator_a)
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.as_user(self.teacher_5, "mail.message").browse(self.message.id).read(
                ["body"]
            )
