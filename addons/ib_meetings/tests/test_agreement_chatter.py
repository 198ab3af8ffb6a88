import base64

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import IbMeetingsCommon

STAFF_TEXT = "Mother sounded worried on the phone"
NOTE_TEXT = "Internal: check with the youth nurse"
FILE_TEXT = b"Notes of the phone call with the mother"
DISCUSSION_IMAGE = b"image pasted in the internal discussion"


class AgreementChatterCommon(IbMeetingsCommon):
    """The agreement about pupil 5a, shared with parent A (portal access), carries
    a staff message with a file and an internal note in its chatter; the item
    carries a file bound to it (as an image pasted in its discussion is)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement_5a = cls.item_5a.agreement_ids
        agreement = cls.agreement_5a.with_user(cls.coordinator_a).with_context(
            allowed_company_ids=cls.school_a.ids
        )
        cls.staff_message = agreement.message_post(
            body=STAFF_TEXT,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachments=[("phone-call.txt", FILE_TEXT)],
        )
        cls.staff_file = cls.staff_message.attachment_ids
        cls.internal_note = agreement.message_post(body=NOTE_TEXT)
        cls.item_file = cls.env["ir.attachment"].create(
            {
                "name": "discussion.png",
                "datas": base64.b64encode(DISCUSSION_IMAGE),
                "res_model": "ib.meeting.item",
                "res_id": cls.item_5a.id,
            }
        )
        cls.messages = cls.staff_message | cls.internal_note


@tagged("post_install", "-at_install")
class TestAgreementChatter(AgreementChatterCommon):
    """Over RPC (the ORM methods the web client calls): the parent reads nothing
    of the agreement's chatter nor of the files of agreements and items; the
    group's teacher and the coordinator read and post; another teacher does not."""

    def test_parent_reads_no_message_of_the_agreement(self):
        # The parent does read the agreement itself.
        self.assertEqual(
            self.as_user(self.portal_a, "ib.meeting.agreement").search([]),
            self.agreement_5a,
        )
        Message = self.as_user(self.portal_a, "mail.message")
        self.assertFalse(
            Message.search_read([("model", "=", "ib.meeting.agreement")], ["body"])
        )
        self.assertFalse(Message.search([("id", "in", self.messages.ids)]))
        self.assertFalse(Message.search([("body", "ilike", "worried")]))
        for message in self.messages:
            with self.assertRaises(AccessError), mute_logger("odoo.models"):
                Message.browse(message.id).read(["body"])
        self.assertNotIn(self.parent_a, self.agreement_5a.sudo().message_partner_ids)

    def test_parent_opens_no_file_of_agreements_and_items(self):
        # Portal users have no access right to files at all (Odoo's own ACL); the
        # parents' pages never hand them out.
        Attachment = self.as_user(self.portal_a, "ir.attachment")
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            Attachment.search_read(
                [("res_model", "in", ("ib.meeting.agreement", "ib.meeting.item"))],
                ["name", "datas"],
            )
        for attachment in self.staff_file | self.item_file:
            with self.assertRaises(AccessError), mute_logger("odoo.models"):
                Attachment.browse(attachment.id).read(["datas"])
        # Staff who read the records open them as before.
        for user in (self.teacher_5, self.coordinator_a):
            files = self.as_user(user, "ir.attachment").browse(
                (self.staff_file | self.item_file).ids
            )
            self.assertEqual(files.mapped("raw"), [FILE_TEXT, DISCUSSION_IMAGE])

    def test_parent_cannot_post_in_the_agreements_chatter(self):
        agreement = self.as_user(self.portal_a, "ib.meeting.agreement").browse(
            self.agreement_5a.id
        )
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.as_user(self.portal_a, "mail.message").create(
                {
                    "model": "ib.meeting.agreement",
                    "res_id": agreement.id,
                    "body": "Parent writes in the staff chatter",
                    "message_type": "comment",
                }
            )

    def test_teacher_of_the_group_and_coordinator_read_and_post(self):
        for user in (self.teacher_5, self.coordinator_a):
            Message = self.as_user(user, "mail.message")
            found = Message.search([("model", "=", "ib.meeting.agreement")])
            self.assertEqual(found & self.messages, self.messages, user.login)
            self.assertIn(STAFF_TEXT, Message.browse(self.staff_message.id).body)
            reply = (
                self.as_user(user, "ib.meeting.agreement")
                .browse(self.agreement_5a.id)
                .message_post(
                    body=f"Reply of {user.login}",
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                )
            )
            self.assertEqual(reply.author_id, user.partner_id)
        # The responsible teacher follows the agreement (their to-do).
        self.assertIn(self.teacher_5.partner_id, self.agreement_5a.message_partner_ids)

    def test_teacher_of_another_group_reads_and_posts_nothing(self):
        Message = self.as_user(self.teacher_6, "mail.message")
        self.assertFalse(Message.search([("model", "=", "ib.meeting.agreement")]))
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            Message.browse(self.staff_message.id).read(["body"])
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.as_user(self.teacher_6, "ib.meeting.agreement").browse(
                self.agreement_5a.id
            ).message_post(body="x")
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.as_user(self.teacher_6, "ir.attachment").browse(
                self.staff_file.id
            ).read(["datas"])

    def test_agenda_items_have_no_chatter(self):
        """Items are no mail.thread: nobody posts on them. A message that would
        be bound to one anyway (a script, an import) stays out of parents' reach:
        portal users never read a message through an item."""
        Item = self.env["ib.meeting.item"]
        self.assertNotIn("message_ids", Item._fields)
        self.assertFalse(hasattr(Item, "message_post"))
        stray = self.env["mail.message"].create(
            {
                "model": "ib.meeting.item",
                "res_id": self.item_5a.id,
                "body": "Stray staff remark",
                "message_type": "comment",
                "subtype_id": self.env.ref("mail.mt_comment").id,
            }
        )
        Message = self.as_user(self.portal_a, "mail.message")
        self.assertFalse(Message.search([("model", "=", "ib.meeting.item")]))
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            Message.browse(stray.id).read(["body"])


@tagged("post_install", "-at_install")
class TestAgreementChatterHttp(AgreementChatterCommon, HttpCase):
    """The same over the routes the web client, the portal and the chatter use."""

    def _assert_no_secret(self, text):
        for secret in (STAFF_TEXT, NOTE_TEXT, FILE_TEXT.decode(), "phone-call.txt"):
            self.assertNotIn(secret, text)

    def test_parent_over_the_routes(self):
        self.authenticate("t_parent_a", "t_parent_a")
        self.assertFalse(
            self.call_kw(
                "mail.message",
                "search_read",
                [[("model", "=", "ib.meeting.agreement")]],
                {"fields": ["body"]},
            )
        )
        with self.assertRaises(JsonRpcException), mute_logger("odoo.http"):
            self.call_kw("mail.message", "read", [self.staff_message.ids, ["body"]])
        result = self.thread_messages(self.agreement_5a)
        self.assertFalse(set(result["messages"]) & set(self.messages.ids))
        self._assert_no_secret(str(result))
        # Posting in the school's chatter is refused, nothing is stored.
        with self.assertRaises(JsonRpcException), mute_logger("odoo.http"):
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": "ib.meeting.agreement",
                    "thread_id": self.agreement_5a.id,
                    "post_data": {
                        "body": "Parent writes in the staff chatter",
                        "message_type": "comment",
                        "subtype_xmlid": "mail.mt_comment",
                    },
                },
            )
        self.assertFalse(
            self.env["mail.message"].search(
                [("body", "ilike", "Parent writes in the staff chatter")]
            )
        )
        # The files of the agreement and of the item.
        for attachment in self.staff_file | self.item_file:
            response = self.url_open(f"/web/content/{attachment.id}")
            self.assertIn(response.status_code, (403, 404))
            self.assertNotIn(attachment.raw, response.content)
        # The portal pages show the agreement, never the chatter.
        for url in (
            "/my/meetings",
            f"/my/meetings/minutes/{self.item_5a.id}",
            f"/my/meetings/minutes/{self.item_5a.id}?report_type=html",
        ):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, url)
            self._assert_no_secret(response.text)
            self.assertNotIn("Internal: teacher sees little progress", response.text)
        self.assertIn("Read aloud three times a week", response.text)
        # The report route itself, as the parent: the shared part only.
        response = self.assertPage(
            f"/report/html/ib_meetings.report_meeting_item_parents/{self.item_5a.id}",
            ["Extra reading practice for Anna", "Read aloud three times a week"],
            ["Internal: teacher sees little progress"],
            redirects=True,
        )
        self._assert_no_secret(response.text)
        with mute_logger("odoo.http", "odoo.addons.http_routing.models.ir_http"):
            response = self.url_open(
                f"/report/html/ib_meetings.report_meeting_item_parents/{self.item_5b.id}"
            )
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn("youth nurse", response.text)

    def test_parent_over_rpc_reads_only_the_whitelist(self):
        self.authenticate("t_parent_a", "t_parent_a")
        [values] = self.call_kw(
            "ib.meeting.item",
            "web_read",
            [self.item_5a.ids],
            {"specification": {"question": {}, "conclusion": {}}},
        )
        self.assertIn("Extra reading practice", values["conclusion"])
        for model, record, field_name in (
            ("ib.meeting.item", self.item_5a, "discussion"),
            ("ib.meeting.item", self.item_5a, "event_id"),
            ("ib.meeting.agreement", self.agreement_5a, "user_id"),
            ("ib.meeting.agreement", self.agreement_5a, "message_ids"),
        ):
            with self.assertRaises(JsonRpcException), mute_logger("odoo.http"):
                self.call_kw(model, "read", [record.ids, [field_name]])
            with self.assertRaises(JsonRpcException), mute_logger("odoo.http"):
                self.call_kw(
                    model,
                    "web_search_read",
                    [],
                    {"domain": [], "specification": {field_name: {}}},
                )
            with self.assertRaises(JsonRpcException), mute_logger("odoo.http"):
                self.call_kw(
                    model,
                    "formatted_read_group",
                    [],
                    {"domain": [], "groupby": [field_name], "aggregates": ["__count"]},
                )

    def test_staff_over_the_routes(self):
        self.authenticate("t_teacher5", "t_teacher5")
        result = self.thread_messages(self.agreement_5a)
        self.assertTrue(set(self.messages.ids) <= set(result["messages"]))
        self.assertIn(STAFF_TEXT, str(result))
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "ib.meeting.agreement",
                "thread_id": self.agreement_5a.id,
                "post_data": {
                    "body": "Teacher replies",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
            },
        )
        self.assertTrue(
            self.env["mail.message"].search(
                [
                    ("model", "=", "ib.meeting.agreement"),
                    ("res_id", "=", self.agreement_5a.id),
                    ("author_id", "=", self.teacher_5.partner_id.id),
                ]
            )
        )
        response = self.url_open(f"/web/content/{self.staff_file.id}")
        self.assertEqual(response.status_code, 200)
        # Another teacher: nothing.
        self.authenticate("t_teacher6", "t_teacher6")
        result = self.thread_messages(self.agreement_5a)
        self.assertFalse(set(result["messages"]) & set(self.messages.ids))
        self._assert_no_secret(str(result))
        response = self.url_open(f"/web/content/{self.staff_file.id}")
        self.assertIn(response.status_code, (403, 404))


@tagged("post_install", "-at_install")
class TestAgreementFollowsItsItem(AgreementChatterCommon):
    """An agreement's readers follow its item: when the coordinator makes the item
    confidential, the teacher loses the agreement, its chatter and its to-do."""

    def test_item_made_confidential(self):
        self.teacher_5.notification_type = "inbox"
        self.agreement_5a.with_user(self.coordinator_a).message_post(
            body="Please start on Monday",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        inbox = self.env["mail.notification"].search(
            [
                ("mail_message_id.model", "=", "ib.meeting.agreement"),
                ("res_partner_id", "=", self.teacher_5.partner_id.id),
                ("is_read", "=", False),
            ]
        )
        self.assertTrue(inbox)
        item = self.as_user(self.coordinator_a, "ib.meeting.item").browse(
            self.item_5a.id
        )
        # The teacher is responsible for the open agreement: hand it over first.
        with self.assertRaises(UserError) as refused:
            item.write(
                {"confidentiality": "confidential", "shared_with_parents": False}
            )
        self.assertIn("choose another responsible", str(refused.exception))
        self.assertEqual(self.item_5a.confidentiality, "normal")
        self.as_user(self.coordinator_a, "ib.meeting.agreement").browse(
            self.agreement_5a.id
        ).user_id = self.coordinator_a
        item.write({"confidentiality": "confidential", "shared_with_parents": False})
        self.assertEqual(self.agreement_5a.confidentiality, "confidential")
        self.assertNotIn(
            self.teacher_5.partner_id, self.agreement_5a.message_partner_ids
        )
        self.assertFalse(inbox.filtered(lambda n: not n.is_read))
        Message = self.as_user(self.teacher_5, "mail.message")
        self.assertFalse(Message.search([("model", "=", "ib.meeting.agreement")]))
        self.assertFalse(
            self.env["mail.activity"].search(
                [
                    ("res_model", "=", "ib.meeting.agreement"),
                    ("user_id", "=", self.teacher_5.id),
                ]
            )
        )
