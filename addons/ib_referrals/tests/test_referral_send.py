from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import IbReferralsCommon


@tagged("post_install", "-at_install")
class TestReferralSend(IbReferralsCommon):
    """Sending with Odoo's mail composer records what went to whom."""

    def setUp(self):
        super().setUp()
        self._give_consent(self.pupil_5a, "referral", self.speech)
        self.referral.write(
            {
                "expected_answer_date": fields.Date.today() + timedelta(days=30),
                "document_ids": [
                    fields.Command.create(
                        {
                            "name": "Test results",
                            "file": self._file("RESULTS"),
                            "file_name": "results.pdf",
                        }
                    ),
                    fields.Command.create(
                        {
                            "name": "Internal",
                            "file": self._file("INTERNAL"),
                            "file_name": "internal.pdf",
                            "share": False,
                        }
                    ),
                ],
            }
        )

    def test_send_records_recipients_and_documents(self):
        self.referral_c.action_ready()
        action = self.referral_c.action_send()
        composer = self.composer(action, self.coordinator_a).save()
        composer.action_send_mail()
        referral = self.referral_c
        self.assertEqual(referral.state, "sent")
        self.assertTrue(referral.sent_date)
        self.assertEqual(referral.sent_partner_ids, self.speech)
        self.assertEqual(referral.sent_attachment_ids.mapped("name"), ["results.pdf"])
        message = referral.message_ids[0]
        self.assertEqual(message.partner_ids, self.speech)
        # The answer deadline became an activity of the coordinator.
        self.assertEqual(referral.activity_ids.user_id, self.coordinator_a)
        self.assertEqual(
            referral.activity_ids.date_deadline, referral.expected_answer_date
        )

    def test_composer_mails_the_provider_who_never_follows(self):
        """The receiving party gets the referral by e-mail with the documents
        (an external recipient of the referral) but never follows it; an
        internal note afterwards is not mailed to it."""
        contact = self.env["res.partner"].create(
            {
                "name": "Klank Therapist",
                "parent_id": self.speech.id,
                "email": "therapist@klank.example.com",
            }
        )
        self.referral_c.action_ready()
        action = self.referral_c.action_send()
        composer = self.composer(action, self.coordinator_a)
        composer.partner_ids.add(contact)
        composer.save().action_send_mail()
        referral = self.referral_c
        self.assertEqual(referral.state, "sent")
        message = referral.message_ids[0]
        mails = (
            self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)])
        )
        self.assertEqual(
            set(mails.recipient_ids.mapped("email")),
            {"klank@example.com", "therapist@klank.example.com"},
        )
        self.assertEqual(mails.attachment_ids.mapped("name"), ["results.pdf"])
        followers = referral.sudo().message_partner_ids
        self.assertFalse(followers & (self.speech | contact))
        # An internal note is never addressed to the receiving party.
        with self.assertRaises(UserError):
            referral.message_post(
                body="Internal remark",
                partner_ids=self.speech.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        referral.message_post(
            body="Internal remark", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        note = referral.message_ids[0]
        self.assertFalse(
            self.env["mail.mail"].sudo().search([("mail_message_id", "=", note.id)])
        )
        self.assertFalse(referral.sudo().message_partner_ids & (self.speech | contact))

    def test_closed_composer_leaves_no_copies(self):
        self.referral_c.action_ready()
        self.referral_c.action_send()
        self.referral_c.action_send()
        copies = self.env["ir.attachment"].search(
            [("res_model", "=", "ib.referral"), ("res_id", "=", self.referral.id)]
        )
        self.assertEqual(copies.mapped("name"), ["results.pdf"])

    def test_cannot_send_before_ready(self):
        with self.assertRaises(UserError):
            self.referral_c.action_send()

    def test_consent_withdrawn_after_ready_blocks_sending(self):
        self.referral_c.action_ready()
        self.env["ib.consent"].search([("pupil_id", "=", self.pupil_5a.id)]).write(
            {"state": "withdrawn"}
        )
        with self.assertRaises(UserError) as caught:
            self.referral_c.action_send()
        self.assertIn("no valid consent", str(caught.exception))

    def test_teacher_cannot_send(self):
        self.referral_c.action_ready()
        with self.assertRaises(UserError):
            self.referral.with_user(self.teacher_5).action_send()
