import base64
import io
from datetime import timedelta

from PIL import Image

from odoo.exceptions import AccessError, UserError
from odoo.http import Request
from odoo.tests import HttpCase, tagged

from .test_care_plan import IbCarePlanCommon


def _signature():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


class IbOppCommon(IbCarePlanCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.opp = cls._plan(
            cls.pupil_5a,
            name="OPP Anna",
            kind="opp",
            exit_level="vmbo_kb",
            exit_level_reasoning="<p>Strong orally, weak working memory</p>",
            action_part="<p>Own learning line maths, 3 x 30 minutes</p>",
        )
        cls.parent_a = cls._portal_parent("t_opp_parent_a", cls.pupil_5a)
        cls.parent_b = cls._portal_parent("t_opp_parent_b", cls.pupil_5b)
        cls.parent_a_no_authority = cls._portal_parent(
            "t_opp_parent_a2", cls.pupil_5a, parental_authority=False
        )

    # the parts WPO art. 40a requires besides the exit level, its reasoning and
    # the action part of the fixture (and the parents' agreement)
    LEGAL_PARTS = {
        "stimulating_factors": "<p>Strong orally</p>",
        "hindering_factors": "<p>Working memory</p>",
        "no_curriculum_deviation": True,
        "parents_consultation_note": "Talked with both parents: they agree.",
    }

    @classmethod
    def _complete(cls, plan):
        plan.write(
            dict(
                cls.LEGAL_PARTS,
                parents_consultation_date=plan.date_start,
                support_start_date=plan.date_start,
            )
        )


@tagged("post_install", "-at_install")
class TestOppAgreement(IbOppCommon):
    def test_no_active_opp_without_agreement(self):
        self._complete(self.opp)
        opp = self.opp.with_user(self.coordinator_a)
        with self.assertRaises(UserError):
            opp.action_activate()
        opp.action_request_agreement()
        self.assertEqual(opp.agreement_state, "requested")
        self.assertTrue(opp.share_with_parents)
        with self.assertRaises(UserError):
            opp.action_activate()
        self.opp._ib_record_agreement(self.parent_a.partner_id, True, "Parent A")
        opp.action_activate()
        self.assertEqual(opp.state, "active")
        yearly = opp.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("ib_care_plans.mail_activity_type_opp_parents")
            )
        )
        self.assertEqual(yearly.date_deadline.year, opp.date_start.year + 1)

    def test_changed_action_part_asks_agreement_again(self):
        self.opp.action_request_agreement()
        self.opp._ib_record_agreement(self.parent_a.partner_id, True, "Parent A")
        self.opp.with_user(self.coordinator_a).write({"evaluation": "<p>ok</p>"})
        self.assertEqual(self.opp.agreement_state, "agreed")
        self.opp.with_user(self.coordinator_a).action_part = "<p>Less support</p>"
        self.assertEqual(self.opp.agreement_state, "requested")
        self.assertFalse(self.opp.agreement_partner_id)

    def test_disagreement_blocks_and_makes_activity(self):
        self.opp.action_request_agreement()
        self.opp._ib_record_agreement(
            self.parent_a.partner_id, False, comment="Too little support"
        )
        self.assertEqual(self.opp.agreement_state, "disagreed")
        activity = self.opp.activity_ids.filtered(
            lambda a: a.summary == "Parents disagree with the OPP"
        )
        self.assertEqual(activity.user_id, self.coordinator_a)
        with self.assertRaises(UserError):
            self.opp.with_user(self.coordinator_a).action_activate()

    def test_only_guardian_with_authority_answers(self):
        self.opp.action_request_agreement()
        with self.assertRaises(UserError):
            self.opp._ib_record_agreement(self.parent_b.partner_id, True, "B")
        with self.assertRaises(UserError):
            self.opp._ib_record_agreement(
                self.parent_a_no_authority.partner_id, True, "A2"
            )
        self.assertEqual(self.opp.agreement_state, "requested")

    def test_legal_content_check(self):
        self.assertFalse(self.opp.opp_compliant)
        self.assertIn("agreement", self.opp.opp_missing)
        self.assertIn("stimulating and hindering", self.opp.opp_missing)
        self._complete(self.opp)
        self.opp.action_request_agreement()
        self.opp._ib_record_agreement(self.parent_a.partner_id, True, "A")
        self.assertTrue(self.opp.opp_compliant, self.opp.opp_missing)
        self.opp.support_start_date = self.opp.date_start - timedelta(weeks=8)
        self.assertIn("six weeks", self.opp.opp_missing)
        incomplete = self.as_user(self.director, "ib.care.plan").search(
            [("kind", "=", "opp"), ("opp_compliant", "=", False)]
        )
        self.assertIn(self.opp, incomplete)

    def test_parents_have_no_rpc_access(self):
        self.opp.action_request_agreement()
        with self.assertRaises(AccessError):
            self.opp.with_user(self.parent_a).read(["action_part"])
        with self.assertRaises(AccessError):
            self.env["ib.care.plan"].with_user(self.parent_a).search([])


@tagged("post_install", "-at_install")
class TestOppPortal(IbOppCommon, HttpCase):
    def test_parent_a_agrees_parent_b_refused(self):
        self.opp.action_request_agreement()
        url = f"/my/plans/{self.opp.id}"
        self.authenticate("t_opp_parent_b", "t_opp_parent_b")
        self.assertEqual(self.url_open(url).status_code, 404)
        self.assertNotIn("OPP Anna", self.url_open("/my/plans").text)
        refused = self.make_jsonrpc_request(
            url + "/sign", {"name": "B", "signature": _signature()}
        )
        self.assertIn("error", refused)
        self.assertEqual(self.opp.agreement_state, "requested")

        self.authenticate("t_opp_parent_a", "t_opp_parent_a")
        listing = self.url_open("/my/plans")
        self.assertIn("OPP Anna", listing.text)
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Own learning line maths", page.text)
        self.assertIn("Agree and Sign", page.text)
        missing_name = self.make_jsonrpc_request(
            url + "/sign", {"name": " ", "signature": _signature()}
        )
        self.assertIn("error", missing_name)
        result = self.make_jsonrpc_request(
            url + "/sign", {"name": "Parent A", "signature": _signature()}
        )
        self.assertTrue(result.get("force_refresh"))
        self.opp.invalidate_recordset()
        self.assertEqual(self.opp.agreement_state, "agreed")
        self.assertEqual(self.opp.agreement_partner_id, self.parent_a.partner_id)
        self.assertEqual(self.opp.agreement_signed_by, "Parent A")
        self.assertTrue(self.opp.agreement_signature)
        self.assertNotIn("Agree and Sign", self.url_open(url).text)

    def test_unshared_plan_is_not_found(self):
        self.authenticate("t_opp_parent_a", "t_opp_parent_a")
        self.assertEqual(self.url_open(f"/my/plans/{self.opp.id}").status_code, 404)
        action_plan = self.url_open(f"/my/plans/{self.plan_5a.id}")
        self.assertEqual(action_plan.status_code, 404)

    def test_parent_disagrees_in_portal(self):
        self.opp.action_request_agreement()
        self.authenticate("t_opp_parent_a", "t_opp_parent_a")
        response = self.url_open(
            f"/my/plans/{self.opp.id}/disagree",
            data={"comment": "Not enough", "csrf_token": Request.csrf_token(self)},
        )
        self.assertEqual(response.status_code, 200)
        self.opp.invalidate_recordset()
        self.assertEqual(self.opp.agreement_state, "disagreed")
        self.assertEqual(self.opp.agreement_comment, "Not enough")
