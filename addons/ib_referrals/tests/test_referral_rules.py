from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import IbReferralsCommon


@tagged("post_install", "-at_install")
class TestReferralRules(IbReferralsCommon):
    """No sending without consent or documents; TLV advices; deadlines."""

    def _as_coordinator(self, referral):
        return referral.with_user(self.coordinator_a).with_context(
            allowed_company_ids=self.school_a.ids
        )

    def test_not_ready_without_consent(self):
        referral = self._as_coordinator(self.referral)
        with self.assertRaises(UserError) as caught:
            referral.action_ready()
        message = str(caught.exception)
        self.assertIn("no valid consent", message)
        self.assertIn(self.pupil_5a.name, message)
        self.assertIn("Speech Practice Klank", message)
        self.assertIn("Referral", message)
        self.assertEqual(referral.state, "draft")

    def test_consent_for_another_party_does_not_count(self):
        self._give_consent(self.pupil_5a, "referral", self.remedial)
        with self.assertRaises(UserError):
            self._as_coordinator(self.referral).action_ready()

    def test_consent_for_wrong_purpose_does_not_count(self):
        self._give_consent(self.pupil_5a, "observation", self.speech)
        with self.assertRaises(UserError):
            self._as_coordinator(self.referral).action_ready()

    def test_ready_with_consent_for_that_party(self):
        self._give_consent(self.pupil_5a, "referral", self.speech)
        referral = self._as_coordinator(self.referral)
        referral.action_wait_consent()
        self.assertEqual(referral.state, "waiting_consent")
        referral.action_ready()
        self.assertEqual(referral.state, "ready")

    def test_swv_request_needs_swv_consent(self):
        self._give_consent(self.pupil_5a, "referral", self.speech)
        referral = self._as_coordinator(self.referral)
        referral.kind = "swv_arrangement"
        with self.assertRaises(UserError) as caught:
            referral.action_ready()
        self.assertIn("regional partnership (SWV)", str(caught.exception))
        self._give_consent(self.pupil_5a, "swv", self.speech)
        self.env.invalidate_all()
        # The arrangement checklist asks for the OKR.
        with self.assertRaises(UserError) as caught:
            referral.action_ready()
        self.assertIn("missing", str(caught.exception))
        self.assertIn("Educational report (OKR)", str(caught.exception))
        referral.document_ids = [
            fields.Command.create(
                {
                    "name": "OKR",
                    "document_type_id": self.env.ref(
                        "ib_referrals.document_type_arrangement_okr"
                    ).id,
                    "file": self._file(),
                    "file_name": "okr.pdf",
                }
            )
        ]
        referral.action_ready()
        self.assertEqual(referral.state, "ready")

    def test_checklist_is_configurable(self):
        self._give_consent(self.pupil_5a, "referral", self.speech)
        doc_type = self.as_user(self.coordinator_a, "ib.referral.document.type").create(
            {"name": "Hearing test", "kind": "provider"}
        )
        referral = self._as_coordinator(self.referral)
        self.assertEqual(referral.missing_document_type_ids, doc_type)
        with self.assertRaises(UserError) as caught:
            referral.action_ready()
        self.assertIn("Hearing test", str(caught.exception))
        doc_type.active = False
        self.env.invalidate_all()
        referral.action_ready()
        self.assertEqual(referral.state, "ready")

    def test_granted_tlv_needs_validity(self):
        self.referral.write(
            {"kind": "swv_arrangement", "state": "sent", "decision": "granted"}
        )
        with self.assertRaises(UserError):
            self._as_coordinator(self.referral).action_decide()

    def test_starts_from_support_request(self):
        request = self.as_user(self.teacher_5, "ib.support.request").create(
            {
                "pupil_id": self.pupil_5a.id,
                "question": "<p>Reading does not improve.</p>",
                "care_domain": "reading",
            }
        )
        request = request.with_user(self.coordinator_a)
        action = request.action_ib_new_referral()
        Referral = self.as_user(self.coordinator_a, "ib.referral").with_context(
            **action["context"]
        )
        referral = Referral.create(
            {"kind": "assessment", "partner_id": self.remedial.id}
        )
        self.assertEqual(referral.pupil_id, self.pupil_5a)
        self.assertEqual(request.outcome, "referral")
        self.assertEqual(request.outcome_ref, referral)

    def test_teacher_cannot_change_state(self):
        self._give_consent(self.pupil_5a, "referral", self.speech)
        with self.assertRaises(UserError):
            self.referral.with_user(self.teacher_5).action_ready()
        self.assertEqual(self.referral.state, "draft")
