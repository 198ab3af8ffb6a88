from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import IbReferralsCommon


@tagged("post_install", "-at_install")
class TestOkrSend(IbReferralsCommon):
    """Sending attaches the frozen OKR; a leaving pupil's OKR waits for the
    parents' confirmation."""

    def setUp(self):
        super().setUp()
        self._give_consent(self.pupil_5a, "referral", self.speech)
        self.referral_c = self.as_user(self.coordinator_a, "ib.referral").browse(
            self.referral.id
        )

    def _send(self):
        self.referral_c.action_ready()
        action = self.referral_c.action_send()
        self.composer(action, self.coordinator_a).save().action_send_mail()

    def test_draft_okr_blocks_sending(self):
        self.referral_c.action_okr_generate()
        with self.assertRaises(UserError) as caught:
            self.referral_c.action_ready()
        self.assertIn("make it final", str(caught.exception))
        self.assertEqual(self.referral.state, "draft")

    def test_sending_attaches_the_frozen_okr(self):
        self.referral_c.action_okr_generate()
        self.referral_c.action_okr_finalize()
        frozen = self.referral.okr_attachment_id
        checksum = self.referral.okr_checksum
        self._send()
        self.assertEqual(self.referral.state, "sent")
        self.assertIn(frozen, self.referral.sent_attachment_ids)
        self.assertIn(frozen, self.referral.message_ids[0].attachment_ids)
        self.assertEqual(self.referral.okr_checksum, checksum)
        self.assertEqual(
            self.env["ir.attachment"].search_count(
                [
                    ("res_model", "=", "ib.referral"),
                    ("res_id", "=", self.referral.id),
                    ("description", "=", "ib_referral_okr_final"),
                ]
            ),
            1,
        )

    def test_leaving_pupil_needs_the_parents_confirmation(self):
        self.pupil_5a.leaving_date = fields.Date.today() + timedelta(days=20)
        self.assertTrue(self.referral.okr_parents_confirm_required)
        with self.assertRaises(UserError) as caught:
            self.referral_c.action_ready()
        message = str(caught.exception)
        self.assertIn("leaving pupil", message)
        self.assertIn("a final educational report (OKR)", message)
        self.assertIn("sharing the OKR with the parents", message)
        self.assertIn("confirmation", message)
        self.referral_c.action_okr_generate()
        self.referral_c.write(dict(self._okr_sections(), okr_share_with_parents=True))
        self.referral_c.action_okr_finalize()
        with self.assertRaises(UserError) as caught:
            self.referral_c.action_ready()
        message = str(caught.exception)
        self.assertNotIn("sharing the OKR", message)
        self.assertIn("confirmation", message)
        self.assertEqual(self.referral.state, "draft")
        # What the portal records when the parent confirms (see the HTTP test).
        self.referral.sudo()._ib_record_parents_seen(
            self.parent_a, "Parent Anna", False
        )
        self._send()
        self.assertEqual(self.referral.state, "sent")
