import hashlib
import secrets

from odoo.http import Request
from odoo.tests import HttpCase, tagged

from .common import IbReferralsCommon

PNG_1PX = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA"
    "60e6kgAAAABJRU5ErkJggg=="
)
# Requests of the parents' list page, whatever the number of reports.
OKR_LIST_QUERIES = 11


@tagged("post_install", "-at_install")
class TestOkrPortalHttp(HttpCase, IbReferralsCommon):
    """Over HTTP: parent A (parental authority, portal access) of pupil 5a,
    parent B of pupil 6a, a parent without parental authority, a provider and
    the public verification page."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Guardian = cls.env["ib.pupil.guardian"]
        Guardian.search([("partner_id", "=", cls.parent_a.id)]).portal_access = True
        cls.parent_b = cls._guardian(
            cls.pupil_6a, "Parent Bert", "father", portal=True
        ).partner_id
        cls.parent_c = cls._guardian(
            cls.pupil_5a, "Parent Cora", "other", portal=True, parental_authority=False
        ).partner_id
        for partner, password in (
            (cls.parent_a, "parent_anna"),
            (cls.parent_b, "parent_bert"),
            (cls.parent_c, "parent_cora"),
        ):
            partner.user_ids.password = password
        cls._provider_user()
        cls.referral.write(
            dict(
                cls._okr_sections(),
                okr_share_with_parents=True,
                okr_body="<p>OKR-TEXT-ALPHA</p>",
            )
        )
        # Parent B's child has a shared report too.
        cls.referral_b = cls.env["ib.referral"].create(
            {
                "name": "Referral Chris",
                "pupil_id": cls.pupil_6a.id,
                "kind": "provider",
                "partner_id": cls.speech.id,
                "okr_share_with_parents": True,
                "parents_view": "PARENTS-VIEW-BETA",
                **cls._okr_sections(),
            }
        )

    def _login(self, login, password):
        self.authenticate(login, password)

    def _get(self, url):
        return self.url_open(url, allow_redirects=False)

    def _post(self, url, data):
        return self.url_open(
            url,
            data={"csrf_token": Request.csrf_token(self), **data},
            allow_redirects=False,
        )

    def _finalize(self):
        self.as_user(self.coordinator_a, "ib.referral").browse(
            self.referral.id
        ).action_okr_finalize()

    def _sign(self, referral, name="Parent Anna"):
        return self.make_jsonrpc_request(
            f"/my/okr/{referral.id}/seen", {"name": name, "signature": PNG_1PX}
        )

    # ------------------------------------------------------------ parent A

    def test_parent_adds_view_then_confirms_final_report(self):
        self._login("parent.anna@example.com", "parent_anna")
        response = self._get("/my/okr")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.pupil_5a.name, response.text)
        self.assertNotIn(self.pupil_6a.name, response.text)
        url = f"/my/okr/{self.referral.id}"
        response = self._get(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("PARENTS-VIEW-ALPHA", response.text)
        # The draft text stays with the school.
        self.assertNotIn("OKR-TEXT-ALPHA", response.text)
        self.assertNotIn("QUESTION-ALPHA", response.text)
        response = self._post(f"{url}/view", {"view": "We see progress at home."})
        self.assertIn("message=view_added", response.headers["Location"])
        self.assertEqual(self.referral.parents_portal_view, "We see progress at home.")
        self.assertEqual(self.referral.parents_portal_view_partner_id, self.parent_a)
        self.assertTrue(self.referral.parents_portal_view_date)
        self.assertIn(self.coordinator_a, self.referral.activity_ids.user_id)
        # Empty text: nothing written.
        response = self._post(f"{url}/view", {"view": "  "})
        self.assertIn("error=view_missing", response.headers["Location"])
        self.assertEqual(self.referral.parents_portal_view, "We see progress at home.")
        # Before it is final there is nothing to confirm.
        self.assertIn("error", self._sign(self.referral))
        self.assertFalse(self.referral.okr_seen_date)

        self._finalize()
        response = self._get(url)
        self.assertIn("OKR-TEXT-ALPHA", response.text)
        self.assertIn(f"{url}/pdf", response.text)
        response = self._post(f"{url}/view", {"view": "Too late"})
        self.assertIn("error=closed", response.headers["Location"])
        pdf = self._get(f"{url}/pdf")
        self.assertEqual(pdf.status_code, 200)
        self.assertEqual(
            hashlib.sha256(pdf.content).hexdigest(), self.referral.okr_checksum
        )
        self.assertIn("error", self._sign(self.referral, name=""))
        result = self._sign(self.referral)
        self.assertEqual(result.get("redirect_url"), f"{url}?message=seen")
        self.assertTrue(self.referral.okr_seen_date)
        self.assertEqual(self.referral.okr_seen_partner_id, self.parent_a)
        self.assertEqual(self.referral.okr_seen_name, "Parent Anna")
        self.assertTrue(self.referral.okr_seen_signature)
        # Only once.
        self.assertIn("error", self._sign(self.referral))

    # ------------------------------------------------------- refused roles

    def _assert_refused(self, referral, marker):
        url = f"/my/okr/{referral.id}"
        for path in (url, f"{url}/pdf"):
            response = self._get(path)
            self.assertEqual(response.status_code, 404, path)
            self.assertNotIn(marker, response.text)
            self.assertNotIn(referral.pupil_id.name, response.text)
        response = self._post(f"{url}/view", {"view": "FORGED-VIEW"})
        self.assertEqual(response.status_code, 404)
        self.assertIn("error", self._sign(referral))
        self.assertFalse(referral.parents_portal_view)
        self.assertFalse(referral.okr_seen_date)

    def test_parent_of_another_pupil_gets_404(self):
        self._finalize()
        self._login("parent.bert@example.com", "parent_bert")
        self._assert_refused(self.referral, "OKR-TEXT-ALPHA")
        response = self._get("/my/okr")
        self.assertNotIn(self.pupil_5a.name, response.text)
        self.assertIn(self.pupil_6a.name, response.text)
        self.assertEqual(self._get("/my/okr/999999").status_code, 404)

    def test_guardian_without_parental_authority_gets_404(self):
        self._finalize()
        self._login("parent.cora@example.com", "parent_cora")
        self._assert_refused(self.referral, "OKR-TEXT-ALPHA")

    def test_provider_cannot_see_parents_pages(self):
        self._finalize()
        self._login("t_speech", "t_speech")
        self._assert_refused(self.referral, "OKR-TEXT-ALPHA")
        self.assertNotIn(self.pupil_5a.name, self._get("/my/okr").text)

    def test_unshared_report_gets_404(self):
        self.referral_b.okr_share_with_parents = False
        self._login("parent.bert@example.com", "parent_bert")
        self.assertEqual(self._get(f"/my/okr/{self.referral_b.id}").status_code, 404)

    def test_list_page_queries_do_not_grow(self):
        self._login("parent.anna@example.com", "parent_anna")
        self._get("/my/okr")  # warm-up: caches, session
        with self.assertQueryCount(OKR_LIST_QUERIES):
            self._get("/my/okr")
        for index in range(3):
            self.env["ib.referral"].create(
                {
                    "name": f"More {index}",
                    "pupil_id": self.pupil_5a.id,
                    "kind": "assessment",
                    "partner_id": self.remedial.id,
                    "okr_share_with_parents": True,
                    **self._okr_sections(),
                }
            )
        with self.assertQueryCount(OKR_LIST_QUERIES):
            response = self._get("/my/okr")
        self.assertEqual(response.text.count("/my/okr/"), 4)

    # ------------------------------------------------------ verification

    def test_verification_page_shows_no_pupil_data(self):
        self._finalize()
        referral = self.referral
        url = f"/ib/okr/verify/{referral.okr_token}"
        self.authenticate(None, None)
        response = self._get(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn(referral.okr_reference, response.text)
        self.assertIn(self.school_a.name, response.text)
        self.assertIn(referral.okr_checksum, response.text)
        for secret in (
            self.pupil_5a.name,
            self.pupil_5a.last_name,
            "QUESTION-ALPHA",
            "OKR-TEXT-ALPHA",
            referral.name,
        ):
            self.assertNotIn(secret, response.text)
        # The copy is compared with the school's checksum, and not stored.
        attachments = self.env["ir.attachment"].search_count([])
        for content, expected in (
            (referral.okr_attachment_id.raw, "is identical"),
            (b"%PDF-1.4 forged", "is not identical"),
        ):
            response = self.url_open(
                url,
                data={"csrf_token": Request.csrf_token(self)},
                files={"document": ("copy.pdf", content)},
            )
            self.assertEqual(response.status_code, 200)
            self.assertIn(expected, response.text)
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments)

    def test_unknown_code_gives_404(self):
        self._finalize()
        for token in (secrets.token_urlsafe(32), "short", self.referral.okr_token[:-1]):
            response = self._get(f"/ib/okr/verify/{token}")
            self.assertEqual(response.status_code, 404, token)
            self.assertNotIn(self.school_a.name, response.text)
            self.assertNotIn(self.referral.okr_checksum, response.text)
        # A draft (not final) report has no code to verify.
        self.assertFalse(self.referral_b.sudo().okr_token)
