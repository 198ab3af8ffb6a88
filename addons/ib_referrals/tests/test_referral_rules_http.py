from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import IbReferralsCommon


@tagged("post_install", "-at_install")
class TestReferralRulesHttp(HttpCase, IbReferralsCommon):
    """The referral rules over the routes a user takes: the coordinator's RPC
    (web_save, write, button calls) is stopped with a Dutch message and writes
    nothing; the parent's and the provider's portal show nothing the rules
    keep from them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("nl_NL")
        cls.env["ir.module.module"]._load_module_terms(["ib_referrals"], ["nl_NL"])
        cls.coordinator_a.lang = "nl_NL"
        guardian = cls.env["ib.pupil.guardian"].search(
            [("partner_id", "=", cls.parent_a.id)]
        )
        guardian.portal_access = True
        cls.parent_a.user_ids.password = "parent_anna"
        cls.provider = cls._provider_user()

    def _rpc(self, model, method, args, kwargs=None):
        """Call ``method`` as the logged-in user; returns (result, error
        message)."""
        with mute_logger("odoo.http"):
            response = self.opener.post(
                f"{self.base_url()}/web/dataset/call_kw",
                json={
                    "id": 0,
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "model": model,
                        "method": method,
                        "args": args,
                        "kwargs": dict(kwargs or {}, context={"lang": "nl_NL"}),
                    },
                },
            )
        data = response.json()
        if "error" in data:
            return None, data["error"]["data"]["message"]
        # Odoo sends no "result" for a method that returns None.
        return data.get("result"), None

    def test_coordinator_cannot_share_an_incomplete_okr(self):
        self.authenticate("t_ib_a", "t_ib_axx")
        _result, error = self._rpc(
            "ib.referral", "action_okr_generate", [self.referral.ids]
        )
        self.assertIsNone(error)
        _result, error = self._rpc(
            "ib.referral",
            "web_save",
            [self.referral.ids, {"okr_share_with_parents": True}],
            {"specification": {"okr_share_with_parents": {}}},
        )
        self.assertIn("kan niet met de ouders gedeeld worden", error)
        self.assertIn("Sociaal-emotionele ontwikkeling", error)
        self.assertIn("Verzuim", error)
        self.env.invalidate_all()
        self.assertFalse(self.referral.okr_share_with_parents)
        # The parent does not get the report.
        self.authenticate("parent.anna@example.com", "parent_anna")
        response = self.url_open(f"/my/okr/{self.referral.id}")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("QUESTION-ALPHA", response.text)

    def test_coordinator_shares_a_complete_okr_and_the_parent_sees_it(self):
        self.authenticate("t_ib_a", "t_ib_axx")
        self._rpc("ib.referral", "action_okr_generate", [self.referral.ids])
        _result, error = self._rpc(
            "ib.referral",
            "web_save",
            [
                self.referral.ids,
                dict(self._okr_sections("PORTAL"), okr_share_with_parents=True),
            ],
            {"specification": {"okr_share_with_parents": {}}},
        )
        self.assertIsNone(error)
        _result, error = self._rpc(
            "ib.referral", "action_okr_finalize", [self.referral.ids]
        )
        self.assertIsNone(error)
        self.authenticate("parent.anna@example.com", "parent_anna")
        response = self.url_open(f"/my/okr/{self.referral.id}")
        self.assertEqual(response.status_code, 200)
        for text in ("PORTAL-NEEDS", "PORTAL-SOCIAL", "PORTAL-ABSENCE", "PORTAL-TRIED"):
            self.assertIn(text, response.text)

    def test_coordinator_cannot_decide_a_tlv_on_one_expert(self):
        self.referral.write(
            {
                "kind": "tlv",
                "state": "in_progress",
                "decision": "granted",
                "valid_until": fields.Date.today() + timedelta(days=700),
            }
        )
        ortho = self._expert("Dr. Orthopedagoog", "orthopedagogue")
        social = self._expert("Maatschappelijk Werker", "social_worker")
        self.authenticate("t_ib_a", "t_ib_axx")
        attachment, error = self._rpc(
            "ir.attachment", "create", [{"name": "advies.pdf", "raw": "ADVIES"}]
        )
        self.assertIsNone(error)
        for _index in range(2):
            _result, error = self._rpc(
                "ib.referral.advice",
                "create",
                [
                    {
                        "referral_id": self.referral.id,
                        "expert_id": ortho.id,
                        "expertise_id": ortho.ib_expertise_ids.id,
                        "advice": "SBO past.",
                        "attachment_ids": [(6, 0, [attachment])],
                    }
                ],
            )
            self.assertIsNone(error)
        _result, error = self._rpc("ib.referral", "action_decide", [self.referral.ids])
        self.assertIn("twee verschillende deskundigen", error)
        self.env.invalidate_all()
        self.assertEqual(self.referral.state, "in_progress")
        # A second, different expert without the advice document does not count.
        _result, error = self._rpc(
            "ib.referral.advice",
            "create",
            [
                {
                    "referral_id": self.referral.id,
                    "expert_id": social.id,
                    "expertise_id": social.ib_expertise_ids.id,
                    "advice": "Eens.",
                }
            ],
        )
        self.assertIsNone(error)
        _result, error = self._rpc("ib.referral", "action_decide", [self.referral.ids])
        self.assertIn("Zonder adviesdocument: Maatschappelijk Werker", error)
        document, error = self._rpc(
            "ir.attachment", "create", [{"name": "advies2.pdf", "raw": "ADVIES"}]
        )
        advice = self.referral.advice_ids.filtered(lambda a: a.expert_id == social)
        _result, error = self._rpc(
            "ib.referral.advice",
            "write",
            [advice.ids, {"attachment_ids": [(6, 0, [document])]}],
        )
        self.assertIsNone(error)
        _result, error = self._rpc("ib.referral", "action_decide", [self.referral.ids])
        self.assertIsNone(error)
        self.env.invalidate_all()
        self.assertEqual(self.referral.state, "decided")

    def test_coordinator_cannot_rewrite_a_generated_document(self):
        self.referral.kind = "swv_arrangement"
        self.authenticate("t_ib_a", "t_ib_axx")
        self._rpc("ib.referral", "action_okr_generate", [self.referral.ids])
        _result, error = self._rpc(
            "ib.referral", "action_okr_finalize", [self.referral.ids]
        )
        self.assertIsNone(error)
        line = self.referral.document_ids
        self.assertEqual(line.source, "generated")
        _result, error = self._rpc(
            "ib.referral.document",
            "write",
            [line.ids, {"file": self._file("FAKE").decode()}],
        )
        self.assertIn("is door de suite gegenereerd", error)
        _result, error = self._rpc(
            "ib.referral.document", "write", [line.ids, {"source": "upload"}]
        )
        self.assertIn("herkomst van een verwijzingsdocument", error)
        self.env.invalidate_all()
        self.assertEqual(line.source, "generated")
        self.assertFalse(line.file)

    def test_provider_reads_no_okr_section_nor_advice(self):
        self.referral.write(dict(self._okr_sections("SECRET"), state="sent"))
        self._give_consent(self.pupil_5a, "referral", self.speech)
        self.authenticate("t_speech", "t_speech")
        rows, error = self._rpc(
            "ib.referral", "search_read", [[("id", "=", self.referral.id)], ["name"]]
        )
        self.assertIsNone(error)
        self.assertEqual([row["id"] for row in rows], self.referral.ids)
        for field in ("okr_absence", "okr_tried", "advice_ids", "document_ids"):
            rows, error = self._rpc("ib.referral", "read", [self.referral.ids, [field]])
            self.assertIsNotNone(error, field)
            self.assertNotIn("SECRET", str(rows))
        _rows, error = self._rpc("ib.referral.advice", "search_read", [[], ["advice"]])
        self.assertIsNotNone(error)
