from odoo.http import Request
from odoo.tests import HttpCase, tagged

from .common import IbReferralsCommon

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@tagged("post_install", "-at_install")
class TestProviderPortal(HttpCase, IbReferralsCommon):
    """Over HTTP as a contact of the speech practice (the referral was sent to
    them) and as a contact of the remedial practice (another provider)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.speech_user = cls._provider_user()
        cls.remedial_user = cls._provider_user(
            "t_remedial", "Lees Teacher", cls.remedial
        )
        cls._give_consent(cls.pupil_5a, "referral", cls.speech)
        referral = cls._send_with_documents()
        cls.shared = referral.sent_attachment_ids
        # A referral of the same provider that was not sent yet, and one of
        # another pupil sent to the other provider.
        cls.draft = cls.env["ib.referral"].create(
            {
                "name": "Draft referral",
                "pupil_id": cls.pupil_5b.id,
                "kind": "provider",
                "partner_id": cls.speech.id,
            }
        )
        # sent, so with the consent of a parent of the pupil
        parent_c = cls.env["res.partner"].create({"name": "Parent Chris"})
        cls.env["ib.pupil.guardian"].create(
            {"pupil_id": cls.pupil_6a.id, "partner_id": parent_c.id}
        )
        cls._give_consent(cls.pupil_6a, "referral", cls.remedial, parent=parent_c)
        cls.other = cls.env["ib.referral"].create(
            {
                "name": "Other provider referral",
                "pupil_id": cls.pupil_6a.id,
                "kind": "provider",
                "partner_id": cls.remedial.id,
                "state": "sent",
            }
        )

    def _get(self, url):
        return self.url_open(url, allow_redirects=False)

    def test_provider_sees_only_referrals_sent_to_them(self):
        self.authenticate("t_speech", "t_speech")
        self.assertPage(
            "/my/referrals",
            ["Speech assessment", self.pupil_5a.name],
            ["Draft referral", "Other provider referral"],
        )
        self.assertPage(
            f"/my/referrals/{self.referral.id}",
            ["QUESTION-ALPHA", "results.pdf"],
            ["internal.pdf"],
        )
        for referral in (self.draft, self.other):
            self.assertEqual(self._get(f"/my/referrals/{referral.id}").status_code, 404)

    def test_provider_downloads_shared_documents_only(self):
        self.authenticate("t_speech", "t_speech")
        url = f"/my/referrals/{self.referral.id}/documents/{self.shared.id}"
        response = self._get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"SHARED-RESULTS")
        internal = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "ib.referral.document"),
                ("res_field", "=", "file"),
                ("res_id", "in", self.referral.document_ids.ids),
            ]
        )
        for attachment in internal:
            response = self._get(
                f"/my/referrals/{self.referral.id}/documents/{attachment.id}"
            )
            self.assertEqual(response.status_code, 404)

    def test_other_provider_gets_404(self):
        self.authenticate("t_remedial", "t_remedial")
        for url in (
            f"/my/referrals/{self.referral.id}",
            f"/my/referrals/{self.referral.id}/documents/{self.shared.id}",
        ):
            response = self._get(url)
            self.assertEqual(response.status_code, 404, url)
            self.assertNotIn("QUESTION-ALPHA", response.text)
            self.assertNotIn("SHARED-RESULTS", response.text)
        response = self._get("/my/referrals")
        self.assertNotIn("Speech assessment", response.text)
        self.assertIn("Other provider referral", response.text)
        csrf = Request.csrf_token(self)
        response = self.url_open(
            f"/my/referrals/{self.referral.id}/report",
            data={"csrf_token": csrf},
            files={"document": ("report.pdf", PDF)},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.referral.document_ids.filtered("from_provider"))

    def test_provider_uploads_report(self):
        self.authenticate("t_speech", "t_speech")
        csrf = Request.csrf_token(self)
        response = self.url_open(
            f"/my/referrals/{self.referral.id}/report",
            data={"csrf_token": csrf, "comment": "Therapy advised."},
            files={"document": ("report.pdf", PDF)},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertIn("message=uploaded", response.headers["Location"])
        report = self.referral.document_ids.filtered("from_provider")
        self.assertEqual(report.file_name, "report.pdf")
        self.assertEqual(report.pupil_id, self.pupil_5a)
        self.assertFalse(report.share)
        # The coordinator is asked to read it.
        self.assertIn(self.coordinator_a, self.referral.activity_ids.user_id)
        # The provider cannot read the document record back over RPC.
        Document = self.env["ib.referral.document"].with_user(self.speech_user)
        self.assertFalse(Document.has_access("read"))

    def test_wrong_file_type_refused(self):
        self.authenticate("t_speech", "t_speech")
        csrf = Request.csrf_token(self)
        response = self.url_open(
            f"/my/referrals/{self.referral.id}/report",
            data={"csrf_token": csrf},
            files={"document": ("script.exe", b"MZ\x90\x00binary")},
            allow_redirects=False,
        )
        self.assertIn("error=type", response.headers["Location"])
        self.assertFalse(self.referral.document_ids.filtered("from_provider"))
