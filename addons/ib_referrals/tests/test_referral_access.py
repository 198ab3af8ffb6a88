from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import IbReferralsCommon


@tagged("post_install", "-at_install")
class TestReferralAccess(IbReferralsCommon):
    """Who sees and changes referrals."""

    def test_coordinator_of_the_school_creates_and_edits(self):
        Referral = self.as_user(self.coordinator_a, "ib.referral")
        self.assertIn(self.referral, Referral.search([]))
        referral = Referral.create(
            {
                "name": "Youth care",
                "pupil_id": self.pupil_6a.id,
                "kind": "provider",
                "partner_id": self.speech.id,
            }
        )
        referral.question = "Changed"
        self.assertEqual(referral.company_id, self.school_a)

    def _assert_sees_nothing(self, user):
        Referral = self.as_user(user, "ib.referral")
        self.assertFalse(Referral.search([]))
        with self.assertRaises(AccessError):
            Referral.browse(self.referral.id).read(["question"])

    def _assert_reads_but_cannot_edit(self, user):
        """``user`` finds the referral of pupil 5a but may not change it;
        returns the model as ``user``."""
        Referral = self.as_user(user, "ib.referral")
        self.assertEqual(Referral.search([]), self.referral)
        with self.assertRaises(AccessError):
            Referral.browse(self.referral.id).write({"question": "Changed"})
        return Referral

    def test_coordinator_of_other_school_sees_nothing(self):
        self._assert_sees_nothing(self.coordinator_b)

    def test_teacher_reads_own_pupils_only(self):
        Referral = self._assert_reads_but_cannot_edit(self.teacher_5)
        with self.assertRaises(AccessError):
            Referral.create(
                {
                    "name": "Teacher referral",
                    "pupil_id": self.pupil_5a.id,
                    "kind": "provider",
                    "partner_id": self.speech.id,
                }
            )
        self._assert_sees_nothing(self.teacher_6)

    def test_director_reads_but_does_not_edit(self):
        self._assert_reads_but_cannot_edit(self.director)

    def test_employee_without_role_refused(self):
        with self.assertRaises(AccessError):
            self.as_user(self.employee, "ib.referral").search([])

    def test_documents_follow_the_referral(self):
        document = self.env["ib.referral.document"].create(
            {
                "referral_id": self.referral.id,
                "name": "Report",
                "file": self._file(),
                "file_name": "r.pdf",
            }
        )
        self.assertEqual(document.pupil_id, self.pupil_5a)
        self.assertTrue(
            self.as_user(self.teacher_5, "ib.referral.document")
            .browse(document.id)
            .file
        )
        with self.assertRaises(AccessError):
            self.as_user(self.teacher_6, "ib.referral.document").browse(
                document.id
            ).read(["file"])
        with self.assertRaises(AccessError):
            self.as_user(self.coordinator_b, "ib.referral.document").browse(
                document.id
            ).read(["file"])

    def test_referral_cannot_be_deleted(self):
        with self.assertRaises(AccessError):
            self.as_user(self.coordinator_a, "ib.referral").browse(
                self.referral.id
            ).unlink()
