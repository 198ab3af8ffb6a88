import hashlib

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import IbReferralsCommon


@tagged("post_install", "-at_install")
class TestOkrRoutesHttp(HttpCase, IbReferralsCommon):
    """The report route and the frozen file over HTTP: the coordinator gets
    them, a teacher of the pupil does not, the provider the referral was sent
    to downloads exactly the frozen file."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._finalized_okr("<p>OKR-TEXT-ROUTES</p>")
        cls.frozen = cls.referral.okr_attachment_id
        cls.report_url = (
            f"/report/html/ib_referrals.report_ib_referral_okr/{cls.referral.id}"
        )

    def _get(self, url):
        return self.url_open(url, allow_redirects=False)

    def test_coordinator_gets_report_and_frozen_file(self):
        self.authenticate("t_ib_a", "t_ib_axx")
        response = self._get(self.report_url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("OKR-TEXT-ROUTES", response.text)
        self.assertIn(f"Barcode {self.referral.okr_verify_url}", response.text)
        response = self._get(f"/web/content/{self.frozen.id}?download=true")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            hashlib.sha256(response.content).hexdigest(), self.referral.okr_checksum
        )

    def test_teacher_gets_neither(self):
        self.authenticate("t_teacher5", "t_teacher5")
        for url in (
            self.report_url,
            f"/web/content/{self.frozen.id}?download=true",
        ):
            with mute_logger("odoo.http"):
                response = self._get(url)
            self.assertNotEqual(response.status_code, 200, url)
            self.assertNotIn("OKR-TEXT-ROUTES", response.text)

    def test_provider_downloads_the_frozen_okr_once_sent(self):
        self.authenticate("t_speech", "t_speech")
        url = f"/my/referrals/{self.referral.id}/documents/{self.frozen.id}"
        self.assertEqual(self._get(url).status_code, 404, "not sent yet")
        message = self._send(self._records_as(self.coordinator_a, self.referral))
        self.assertEqual(message.attachment_ids, self.frozen)
        response = self._get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            hashlib.sha256(response.content).hexdigest(), self.referral.okr_checksum
        )
