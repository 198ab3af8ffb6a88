import base64
import json
from urllib.parse import urlparse

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .test_opp import IbOppCommon, _signature

REPORT = "ib_care_plans.report_ib_care_plan"


class IbPlanReportCommon(IbOppCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.group_plan_5.write(
            {
                "goal_ids": [
                    Command.create(
                        {
                            "name": "Fractions with a strip",
                            "domain": "maths",
                            "subgroup": "intensive",
                        }
                    )
                ],
                "approach_line_ids": [
                    Command.create(
                        {
                            "name": "Extended instruction at the table",
                            "provider": "teacher",
                            "subgroup": "intensive",
                        }
                    )
                ],
            }
        )

    def _html(self, plans, user):
        return self.render_html(REPORT, plans, user)


@tagged("post_install", "-at_install")
class TestPlanReport(IbPlanReportCommon):
    def test_action_plan_report(self):
        html = self._html(self.plan_5a, self.teacher_5)
        self.assertAllIn(
            (
                "Action Plan",
                "Reading plan Anna",
                "Anna de Vries",
                "Reads 40 words a minute",
                "DMT card 2",
                "Duo reading",
                "4x/week",
                "Signatures",
                "Groep 5",
            ),
            html,
        )
        self.assertNotIn("Action Part", html)

    def test_group_plan_report_per_subgroup(self):
        html = self._html(self.group_plan_5, self.coordinator_a)
        self.assertIn("Group Plan", html)
        self.assertIn("Group plan maths 5", html)
        basic = html.index(">Basic<")
        intensive = html.index(">Intensive<")
        self.assertLess(basic, intensive)
        # each sub-group lists its own pupils, goals and approach
        self.assertLess(basic, html.index("Tables 1-10"))
        self.assertLess(html.index("Tables 1-10"), intensive)
        self.assertGreater(html.index("Fractions with a strip"), intensive)
        self.assertGreater(html.index("Extended instruction at the table"), intensive)
        self.assertLess(html.index("Anna de Vries"), intensive)
        self.assertGreater(html.index("Bram Bakker"), intensive)
        self.assertNotIn(">Very Intensive<", html)

    def test_opp_report_with_agreement(self):
        self.opp.action_request_agreement()
        self.opp._ib_record_agreement(
            self.parent_a.partner_id, True, "Parent A", signature=_signature()
        )
        html = self._html(self.opp, self.coordinator_a)
        self.assertAllIn(
            (
                "Development Perspective Plan (OPP)",
                "VMBO Advanced Vocational",
                "Strong orally, weak working memory",
                "Action Part",
                "Own learning line maths, 3 x 30 minutes",
                "Agreed",
                "Parent A",
                "Parents' Agreement with the Action Part",
            ),
            html,
        )
        self.assertIn('alt="Signature"', html)

    def test_qr_code_encodes_the_plan_url(self):
        url = self.plan_5a._ib_plan_url()
        self.assertEqual(
            url, f"{self.plan_5a.get_base_url()}/ib/plan/{self.plan_5a.id}"
        )
        html = self._html(self.plan_5a, self.teacher_5)
        self.assertIn(f'alt="Barcode {url}"', html)
        # the barcode widget names the value it encoded in the image's alt text
        qr_block = html.split('class="o_ib_plan_qr"')[1].split("</div>")[0]
        self.assertIn(f'alt="Barcode {url}"', qr_block)
        self.assertIn('src="data:image/png;base64,', qr_block)
        self.assertNotIn(self.plan_6a._ib_plan_url(), html)

    def test_report_in_dutch(self):
        self.env["res.lang"]._activate_lang("nl_NL")
        self.school_a.partner_id.lang = "nl_NL"
        html = self._html(self.plan_5a, self.teacher_5)
        self.assertIn("Handelingsplan", html)
        self.assertIn("Handtekeningen", html)
        self.assertIn("Doelen", html)

    def test_disagreed_version_is_kept_too(self):
        self.opp.action_request_agreement()
        self.opp._ib_record_agreement(
            self.parent_a.partner_id, False, comment="Too little support"
        )
        attachment = self.opp.agreement_attachment_id
        self.assertIn("disagreed version", attachment.name)
        frozen = base64.b64decode(attachment.datas).decode()
        self.assertIn("Own learning line maths, 3 x 30 minutes", frozen)
        self.assertIn("Too little support", frozen)

    def test_teacher_of_other_group_gets_no_report(self):
        with self.assertRaises(AccessError):
            self._html(self.plan_5a, self.teacher_6)
        with self.assertRaises(AccessError):
            self._html(self.group_plan_5, self.teacher_6)
        with self.assertRaises(AccessError):
            self._html(self.plan_5a, self.coordinator_b)
        self.assertIn("Reading plan Anna", self._html(self.plan_5a, self.director))


@tagged("post_install", "-at_install")
class TestPlanReportHttp(IbPlanReportCommon, HttpCase):
    def _get(self, url):
        return self.url_open(url, allow_redirects=False)

    @mute_logger("odoo.http")
    def test_report_route_as_teacher(self):
        url = f"/report/html/{REPORT}/{self.plan_5a.id}"
        self.authenticate("t_teacher6", "t_teacher6")
        refused = self._get(url)
        self.assertNotEqual(refused.status_code, 200)
        self.assertNotIn("Reads 40 words a minute", refused.text)
        self.authenticate("t_teacher5", "t_teacher5")
        allowed = self._get(url)
        self.assertEqual(allowed.status_code, 200)
        self.assertIn("Reads 40 words a minute", allowed.text)

    @mute_logger("odoo.http")
    def test_report_route_other_school_with_forged_context(self):
        context = json.dumps({"allowed_company_ids": self.school_a.ids})
        self.authenticate("t_ib_b", "t_ib_bxx")
        response = self._get(
            f"/report/html/{REPORT}/{self.plan_5a.id}?context={context}"
        )
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn("Reads 40 words a minute", response.text)

    def test_qr_route_leads_staff_to_the_backend(self):
        url = f"/ib/plan/{self.plan_5a.id}"
        self.authenticate("t_teacher5", "t_teacher5")
        response = self._get(url)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(
            urlparse(response.headers["Location"]).path,
            f"/odoo/ib.care.plan/{self.plan_5a.id}",
        )
        self.authenticate("t_teacher6", "t_teacher6")
        self.assertEqual(self._get(url).status_code, 404)
        self.assertEqual(self._get("/ib/plan/999999999").status_code, 404)
        self.authenticate("t_employee", "t_employee")
        self.assertEqual(self._get(url).status_code, 404)

    def test_qr_route_leads_parent_to_the_portal(self):
        self.opp.action_request_agreement()
        url = f"/ib/plan/{self.opp.id}"
        self.authenticate("t_opp_parent_a", "t_opp_parent_a")
        response = self._get(url)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(
            urlparse(response.headers["Location"]).path, f"/my/plans/{self.opp.id}"
        )
        # an action plan is not shared with parents
        self.assertEqual(self._get(f"/ib/plan/{self.plan_5a.id}").status_code, 404)
        self.authenticate("t_opp_parent_b", "t_opp_parent_b")
        self.assertEqual(self._get(url).status_code, 404)

    def test_agreed_version_is_kept_and_served_to_the_parent_only(self):
        self.opp.action_request_agreement()
        plan_url = f"/my/plans/{self.opp.id}"
        self.authenticate("t_opp_parent_a", "t_opp_parent_a")
        self.make_jsonrpc_request(
            plan_url + "/sign", {"name": "Parent A", "signature": _signature()}
        )
        self.opp.invalidate_recordset()
        attachment = self.opp.agreement_attachment_id
        self.assertTrue(attachment)
        self.assertEqual(
            (attachment.res_model, attachment.res_id), ("ib.care.plan", self.opp.id)
        )
        self.assertIn("agreed version", attachment.name)
        frozen = base64.b64decode(attachment.datas).decode()
        self.assertIn("Own learning line maths, 3 x 30 minutes", frozen)
        self.assertIn("Parent A", frozen)
        self.assertIn(attachment, self.opp.message_ids.attachment_ids)

        page = self.url_open(plan_url)
        self.assertIn("answered-version", page.text)
        download = self._get(plan_url + "/answered-version")
        self.assertEqual(download.status_code, 200)
        self.assertIn("Own learning line maths", download.text)

        # a later change does not alter what the parents agreed with: that
        # version stays on the plan and readable for them while they are asked
        # again
        self.opp.with_user(self.coordinator_a).action_part = "<p>Less support</p>"
        self.assertEqual(self.opp.agreement_state, "requested")
        self.assertEqual(self.opp.agreement_attachment_id, attachment)
        self.assertIn(
            "Own learning line maths", base64.b64decode(attachment.datas).decode()
        )
        download = self._get(plan_url + "/answered-version")
        self.assertEqual(download.status_code, 200)
        self.assertIn("Own learning line maths", download.text)
        self.assertNotIn("Less support", download.text)

        self.authenticate("t_opp_parent_b", "t_opp_parent_b")
        self.assertEqual(self._get(plan_url + "/answered-version").status_code, 404)

    def test_no_answered_version_before_the_answer(self):
        self.opp.action_request_agreement()
        self.authenticate("t_opp_parent_a", "t_opp_parent_a")
        response = self._get(f"/my/plans/{self.opp.id}/answered-version")
        self.assertEqual(response.status_code, 404)
