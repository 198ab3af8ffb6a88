from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from odoo.addons.ib_meetings.tests.common import IbMeetingsCommon


@tagged("post_install", "-at_install")
class TestReferralFromAgreement(IbMeetingsCommon):
    """A referral starts from an agreement of a care meeting; the agreement
    records what it led to."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement = cls.item_5a.agreement_ids
        cls.provider = cls.env["res.partner"].create(
            {"name": "Remedial Practice", "is_company": True, "ib_is_provider": True}
        )

    def _new_referral(self, user):
        agreement = self.as_user(user, "ib.meeting.agreement").browse(self.agreement.id)
        action = agreement.action_ib_new_referral()
        form = Form(self.as_user(user, "ib.referral").with_context(**action["context"]))
        form.kind = "provider"
        form.partner_id = self.provider
        return form.save()

    def test_coordinator_refers_from_agreement(self):
        referral = self._new_referral(self.coordinator_a)
        self.assertEqual(referral.state, "draft")
        self.assertEqual(referral.pupil_id, self.pupil_5a)
        self.assertEqual(referral.meeting_agreement_id, self.agreement)
        self.assertEqual(referral.name, self.agreement.name)
        agreement = self.as_user(self.coordinator_a, "ib.meeting.agreement").browse(
            self.agreement.id
        )
        self.assertEqual(agreement.referral_ids, referral)
        self.assertEqual(agreement.referral_count, 1)
        self.assertIn(
            referral.name, agreement.message_ids[0].body, "noted on the agreement"
        )
        action = agreement.action_ib_view_referrals()
        self.assertEqual(self.env["ib.referral"].search(action["domain"]), referral)

    def test_teacher_and_other_school_refused(self):
        with self.assertRaises(UserError):
            self.as_user(self.teacher_5, "ib.meeting.agreement").browse(
                self.agreement.id
            ).action_ib_new_referral()
        with self.assertRaises(AccessError):
            self.as_user(self.coordinator_b, "ib.meeting.agreement").browse(
                self.agreement.id
            ).action_ib_new_referral()
        self.assertFalse(self.agreement.referral_ids)

    def test_agreement_of_another_pupil_refused(self):
        with self.assertRaises(ValidationError):
            self.as_user(self.coordinator_a, "ib.referral").create(
                {
                    "name": "Wrong pupil",
                    "pupil_id": self.pupil_5b.id,
                    "kind": "provider",
                    "partner_id": self.provider.id,
                    "meeting_agreement_id": self.agreement.id,
                }
            )
        self.assertFalse(self.agreement.referral_ids)
