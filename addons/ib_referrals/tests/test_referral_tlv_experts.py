from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import IbReferralsCommon


@tagged("post_install", "-at_install")
class TestReferralTlvExperts(IbReferralsCommon):
    """A TLV is decided only on the advices of two different expert contacts
    with an expertise the SWV accepts, one of them an orthopedagogue or a
    psychologist, each with the advice document attached (WPO art. 18a)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.swv = cls.env["res.partner"].create(
            {"name": "SWV Waarden", "is_company": True, "ib_is_provider": True}
        )
        cls.referral.write(
            {
                "kind": "tlv",
                "partner_id": cls.swv.id,
                "state": "in_progress",
                "decision": "granted",
                "valid_until": fields.Date.today() + timedelta(days=700),
            }
        )
        cls.ortho = cls._expert("Dr. Orthopedagoog", "orthopedagogue")
        cls.psych = cls._expert("Drs. Psycholoog", "psychologist", "gz_psychologist")
        cls.social = cls._expert("Maatschappelijk Werker", "social_worker")
        cls.physician = cls._expert("Jeugdarts", "physician")

    def setUp(self):
        super().setUp()
        self.referral_c = self.as_user(self.coordinator_a, "ib.referral").browse(
            self.referral.id
        )
        self.Advice = self.as_user(self.coordinator_a, "ib.referral.advice")

    def _advice(self, expert, code, document=True):
        expertise = self.env["ib.expertise"].search([("code", "=", code)])
        values = {
            "referral_id": self.referral.id,
            "expert_id": expert.id,
            "expertise_id": expertise.id,
            "advice": f"Advice of {expert.name}",
        }
        if document:
            attachment = (
                self.env["ir.attachment"]
                .with_user(self.coordinator_a)
                .create({"name": f"advice-{expert.name}.pdf", "raw": b"ADVICE"})
            )
            values["attachment_ids"] = [fields.Command.set(attachment.ids)]
        return self.Advice.create(values)

    def _assert_not_decidable(self, text):
        with self.assertRaises(UserError) as caught:
            self.referral_c.action_decide()
        self.assertIn(text, str(caught.exception))
        self.assertEqual(self.referral.state, "in_progress")
        return str(caught.exception)

    def test_one_expert_twice_is_one_expert(self):
        self._advice(self.ortho, "orthopedagogue")
        self._assert_not_decidable("two different experts")
        self._advice(self.ortho, "orthopedagogue")
        self._assert_not_decidable("two different experts")

    def test_two_contacts_with_the_same_name_count_as_two(self):
        """Experts are contacts, not typed names: the check compares partners."""
        other = self._expert("Dr. Orthopedagoog", "psychologist")
        self._advice(self.ortho, "orthopedagogue")
        self._advice(other, "psychologist")
        self.referral_c.action_decide()
        self.assertEqual(self.referral.state, "decided")

    def test_advice_without_document_does_not_count(self):
        self._advice(self.ortho, "orthopedagogue")
        self._advice(self.social, "social_worker", document=False)
        message = self._assert_not_decidable("advice document")
        self.assertIn("Maatschappelijk Werker", message)

    def test_expertise_must_be_the_experts_own(self):
        with self.assertRaises(ValidationError) as caught:
            self._advice(self.social, "orthopedagogue")
        self.assertIn("is not recorded as Orthopedagogue", str(caught.exception))
        self.assertFalse(self.referral.advice_ids)

    def test_one_expert_is_an_orthopedagogue_or_psychologist(self):
        self._advice(self.social, "social_worker")
        self._advice(self.physician, "physician")
        self._assert_not_decidable("orthopedagogue or a psychologist")

    def test_swv_states_the_expertises_it_accepts(self):
        ortho = self.env.ref("ib_referrals.expertise_orthopedagogue")
        social = self.env.ref("ib_referrals.expertise_social_worker")
        self.swv.ib_tlv_expertise_ids = [fields.Command.set((ortho | social).ids)]
        self._advice(self.ortho, "orthopedagogue")
        self._advice(self.physician, "physician")
        message = self._assert_not_decidable("SWV Waarden accepts")
        self.assertIn("Social Worker", message)
        self.assertNotIn("Physician", message.split("accepts")[1].split(")")[0])
        self._advice(self.social, "social_worker")
        self.referral_c.action_decide()
        self.assertEqual(self.referral.state, "decided")

    def test_two_experts_with_documents_decide(self):
        first = self._advice(self.ortho, "orthopedagogue")
        self._advice(self.social, "social_worker")
        self.referral_c.action_decide()
        self.assertEqual(self.referral.state, "decided")
        # The advice document belongs to its advice (access and retention).
        self.assertEqual(first.attachment_ids.res_model, "ib.referral.advice")
        self.assertEqual(first.attachment_ids.res_id, first.id)
        # the decision's day where the deciding coordinator is
        today = fields.Date.context_today(self.referral_c)
        self.assertEqual(self.referral.objection_deadline, today + timedelta(weeks=6))
        activity = self.referral.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertLess(activity.date_deadline, self.referral.valid_until)

    def test_teacher_records_no_advice(self):
        with self.assertRaises(UserError):
            self.as_user(self.teacher_5, "ib.referral.advice").create(
                {
                    "referral_id": self.referral.id,
                    "expert_id": self.ortho.id,
                    "expertise_id": self.ortho.ib_expertise_ids.id,
                    "advice": "x",
                }
            )
