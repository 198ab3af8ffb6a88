"""Issue 14: the chatter of a referral shows each reader only the attachments
they may open. A teacher of the pupil reads the referral and its messages, but
not the frozen educational report (OKR) that was sent with it: not through the
message, its access token, /web/content or an attachment search."""

import hashlib
import secrets

from odoo import fields
from odoo.tests import HttpCase, JsonRpcException, tagged
from odoo.tools import mute_logger

from .common import IbReferralsCommon


@tagged("post_install", "-at_install")
class TestReferralChatterHttp(HttpCase, IbReferralsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._give_consent(cls.pupil_5a, "referral", cls.speech)
        cls._provider_user()
        referral = cls.referral.with_user(cls.coordinator_a).with_context(
            allowed_company_ids=cls.school_a.ids
        )
        referral.write(
            {
                "okr_body": "<p>OKR-TEXT-CHATTER</p>",
                "document_ids": [
                    fields.Command.create(
                        {
                            "name": "Shared results",
                            "file": cls._file("SHARED-RESULTS"),
                            "file_name": "results.pdf",
                        }
                    )
                ],
            }
        )
        referral.action_okr_finalize()
        cls.frozen = cls.referral.okr_attachment_id
        referral.action_ready()
        attachments = referral._ib_shared_attachments()
        cls.sent_message = referral.with_context(ib_referral_send=True).message_post(
            body="Referral",
            partner_ids=cls.speech.ids,
            attachment_ids=attachments.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        cls.copy = cls.referral.sent_attachment_ids - cls.frozen

    def _messages(self):
        """The referral's messages as the web client fetches them."""
        return self.make_jsonrpc_request(
            "/mail/thread/messages",
            {"thread_model": "ib.referral", "thread_id": self.referral.id},
        )

    def _attachments_in(self, result):
        return {a["id"]: a for a in result["data"].get("ir.attachment", [])}

    def _get(self, url):
        with mute_logger("odoo.http"):
            return self.url_open(url, allow_redirects=False)

    def test_sent_message_carries_both_files(self):
        self.assertEqual(self.referral.sent_attachment_ids, self.frozen | self.copy)
        self.assertEqual(
            self.sent_message.sudo().attachment_ids, self.frozen | self.copy
        )

    def test_teacher_sees_the_message_but_not_the_frozen_okr(self):
        self.authenticate("t_teacher5", "t_teacher5")
        result = self._messages()
        self.assertIn(self.sent_message.id, result["messages"])
        attachments = self._attachments_in(result)
        self.assertNotIn(self.frozen.id, attachments)
        self.assertIn(self.copy.id, attachments)
        # no token of the frozen report anywhere in what the client receives
        frozen_token = self.frozen.sudo()._get_raw_access_token()
        self.assertNotIn(frozen_token, str(result))
        self.assertNotIn(f"{self.referral.okr_reference}.pdf", str(result))
        # the shared copy they may open, with the token the client got
        copy = attachments[self.copy.id]
        response = self._get(
            f"/web/content/{self.copy.id}?access_token={copy['raw_access_token']}"
        )
        self.assertEqual(response.status_code, 200)

    def test_teacher_cannot_download_the_frozen_okr(self):
        self.authenticate("t_teacher5", "t_teacher5")
        # Odoo serves an attachment with a matching access token to anyone:
        # the frozen report has none.
        self.assertFalse(self.frozen.sudo().access_token)
        for url in (
            f"/web/content/{self.frozen.id}",
            f"/web/content/{self.frozen.id}?download=true",
            f"/web/content/ir.attachment/{self.frozen.id}/raw",
            f"/web/content/{self.frozen.id}?access_token={secrets.token_hex(16)}",
        ):
            response = self._get(url)
            self.assertIn(response.status_code, (403, 404), url)
            self.assertNotIn(b"%PDF", response.content)
        rows = self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": "ir.attachment",
                "method": "search_read",
                "args": [[("res_model", "=", "ib.referral")], ["name"]],
                "kwargs": {},
            },
        )
        self.assertNotIn(self.frozen.id, [row["id"] for row in rows])
        self.assertIn(self.copy.id, [row["id"] for row in rows])
        # nor in the "Sent Documents" of the form
        form = self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": "ib.referral",
                "method": "web_read",
                "args": [self.referral.ids, {"sent_attachment_ids": {"fields": {}}}],
                "kwargs": {},
            },
        )
        sent = [a["id"] for a in form[0]["sent_attachment_ids"]]
        self.assertEqual(sent, self.copy.ids)
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/web/dataset/call_kw",
                {
                    "model": "ir.attachment",
                    "method": "read",
                    "args": [self.frozen.ids, ["name", "datas"]],
                    "kwargs": {},
                },
            )

    def test_coordinator_sees_and_downloads_the_frozen_okr(self):
        self.authenticate("t_ib_a", "t_ib_axx")
        attachments = self._attachments_in(self._messages())
        self.assertIn(self.frozen.id, attachments)
        token = attachments[self.frozen.id]["raw_access_token"]
        for url in (
            f"/web/content/{self.frozen.id}?download=true",
            f"/web/content/{self.frozen.id}?access_token={token}",
        ):
            response = self._get(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertEqual(
                hashlib.sha256(response.content).hexdigest(),
                self.referral.okr_checksum,
            )

    def _assert_no_message(self):
        """Fetching the thread gives none of the referral's messages and none of
        its files (Odoo answers an unreadable thread with an empty list)."""
        try:
            with mute_logger("odoo.http"):
                result = self._messages()
        except JsonRpcException:
            return
        referral_messages = set(self.referral.sudo().message_ids.ids)
        self.assertFalse(referral_messages & set(result["messages"]))
        self.assertFalse(
            set(self._attachments_in(result))
            & set(self.referral.sent_attachment_ids.ids)
        )
        self.assertNotIn("OKR-", str(result))

    def test_teacher_of_another_group_reads_no_message(self):
        self.authenticate("t_teacher6", "t_teacher6")
        self._assert_no_message()
        response = self._get(f"/web/content/{self.copy.id}")
        self.assertIn(response.status_code, (403, 404))

    def test_provider_reads_no_message_through_the_thread(self):
        self.authenticate("t_speech", "t_speech")
        self._assert_no_message()
        # the frozen report only through its own portal page
        response = self._get(f"/web/content/{self.frozen.id}")
        self.assertIn(response.status_code, (403, 404))
        response = self._get(
            f"/my/referrals/{self.referral.id}/documents/{self.frozen.id}"
        )
        self.assertEqual(response.status_code, 200)
