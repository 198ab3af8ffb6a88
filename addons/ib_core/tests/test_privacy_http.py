import json
import logging
import shutil
from urllib.parse import quote

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common_privacy import PUPIL_FORM_SPEC, IbPrivacyCommon

_logger = logging.getLogger(__name__)

REPORT = "ib_core.report_ib_pupil_file"


@tagged("post_install", "-at_install")
class TestPrivacyHttp(HttpCase, IbPrivacyCommon):
    """The privacy rules over HTTP, as a browser or an RPC client reaches them:
    report routes, form reads and private methods."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pupil_6a.educational_needs = "<p>Needs short instructions</p>"
        cls.expired = cls._left_pupil("Finn", "Expired", months_ago=36)
        cls.expired.educational_needs = "<p>Old needs</p>"
        # Build the report asset bundles now, in the test transaction: wkhtmltopdf
        # fetches them while the report request still holds its (read-only) test
        # cursor, and in test mode a bundle cannot be written from there.
        QWeb = cls.env["ir.qweb"]
        for bundle in ("web.report_assets_common", "web.report_assets_pdf"):
            QWeb._get_asset_bundle(bundle, js=False, autoprefix=True).css()
        QWeb._get_asset_bundle("web.report_assets_pdf", css=False).js()

    def access_log(self, pupil, **values):
        domain = [("pupil_id", "=", pupil.id)]
        domain += [(name, "=", value) for name, value in values.items()]
        self.env.invalidate_all()
        return self.env["ib.pupil.access.log"].search(domain)

    def report_url(self, converter, pupil, context=None):
        url = f"/report/{converter}/{REPORT}/{pupil.id}"
        if context:
            url += "?context=" + quote(json.dumps(context))
        return url

    def _form_read(self, pupil, **kwargs):
        """The raw JSON-RPC answer to the form's web_read of ``pupil``."""
        return self.call_kw_answer(
            "ib.pupil",
            "web_read",
            [[pupil.id]],
            {"specification": PUPIL_FORM_SPEC, **kwargs},
        )

    # ------------------------------------------------------------ reports
    @mute_logger("odoo.http")
    def test_teacher_gets_no_report(self):
        self.login(self.teacher_5)
        contexts = (None, {"allowed_company_ids": [self.school_a.id, self.school_b.id]})
        for converter in ("html", "pdf"):
            for context in contexts:
                url = self.report_url(converter, self.pupil_6a, context)
                response = self.url_open(url)
                self.assertNotEqual(response.status_code, 200, response.url)
                self.assertNotIn("Chris Jansen", response.text)
                self.assertNotIn("Needs short instructions", response.text)
        # the attempts survived the rolled back requests
        denied = self.access_log(self.pupil_6a, user_id=self.teacher_5.id, denied=True)
        self.assertTrue(denied)
        self.assertEqual(set(denied.mapped("way")), {"report"})

    def test_coordinator_gets_the_report(self):
        self.login(self.coordinator_a)
        response = self.url_open(self.report_url("html", self.pupil_6a))
        self.assertEqual(response.status_code, 200)
        self.assertIn("Chris Jansen", response.text)
        self.assertIn("Needs short instructions", response.text)
        self.assertTrue(self.access_log(self.pupil_6a, way="report", denied=False))
        if not shutil.which("wkhtmltopdf"):
            _logger.info("wkhtmltopdf is not installed: the PDF variant is skipped")
            return
        # Debian's wkhtmltopdf (unpatched Qt) warns that it ignores the header and
        # footer options: expected here, muted.
        with mute_logger("odoo.addons.base.models.ir_actions_report"):
            response = self.url_open(
                self.report_url("pdf", self.pupil_6a, {"force_report_rendering": True}),
                timeout=60,
            )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))

    # --------------------------------------------------------- form reads
    @mute_logger("odoo.http")
    def test_form_reads_over_rpc(self):
        self.login(self.coordinator_a)
        result = self._form_read(
            self.pupil_6a, context={"allowed_company_ids": [self.school_a.id]}
        )
        self.assertEqual(result["result"][0]["name"], "Chris Jansen")
        self.assertTrue(
            self.access_log(
                self.pupil_6a, user_id=self.coordinator_a.id, way="form", denied=False
            )
        )

        self.login(self.teacher_5)
        result = self._form_read(self.pupil_6a)
        self.assertEqual(result["error"]["data"]["name"], "odoo.exceptions.AccessError")
        self.assertNotIn("Needs short instructions", json.dumps(result))
        self.assertTrue(
            self.access_log(
                self.pupil_6a, user_id=self.teacher_5.id, way="form", denied=True
            )
        )

    @mute_logger("odoo.http")
    def test_retention_job_not_callable_over_rpc(self):
        for user in (self.teacher_5, self.coordinator_a):
            self.login(user)
            for method in ("_cron_apply_retention", "_ib_apply_retention"):
                result = self.call_kw_answer("ib.pupil", method, [])
                self.assertEqual(
                    result["error"]["data"]["name"], "odoo.exceptions.AccessError"
                )
        self.env.invalidate_all()
        self.assertEqual(self.expired.educational_needs, "<p>Old needs</p>")
        self.assertFalse(self.env["ib.retention.audit"].search([]))
