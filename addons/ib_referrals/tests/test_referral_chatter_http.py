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
        referral = cls._finalized_okr(
            "<p>OKR-TEXT-CHATTER</p>",
            document_ids=[
                fields.Command.create(
                    {
                        "name": "Shared results",
                        "file": cls._file("SHARED-RESULTS"),
                        "file_name": "results.pdf",
                    }
                )
            ],
        )
        cls.frozen = cls.referral.okr_attachment_id
        cls.sent_message = cls._send(referral)
        cls.copy = cls.referral.sent_attachment_ids - cls.frozen

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
        result = self.thread_messages(self.referral)
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
        rows = self.call_kw(
            "ir.attachment",
            "search_read",
            [[("res_model", "=", "ib.referral")], ["name"]],
        )
        self.assertNotIn(self.frozen.id, [row["id"] for row in rows])
        self.assertIn(self.copy.id, [row["id"] for row in rows])
        # nor in the "Sent Documents" of the form
        form = self.call_kw(
            "ib.referral",
            "web_read",
            [self.referral.ids, {"sent_attachment_ids": {"fields": {}}}],
        )
        sent = [a["id"] for a in form[0]["sent_attachment_ids"]]
        self.assertEqual(sent, self.copy.ids)
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
            self.call_kw("ir.attachment", "read", [self.frozen.ids, ["name", "datas"]])

    def test_coordinator_sees_and_downloads_the_frozen_okr(self):
        self.authenticate("t_ib_a", "t_ib_axx")
        attachments = self._attachments_in(self.thread_messages(self.referral))
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
                result = self.thread_messages(self.referral)
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
