from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common_secondary_support import IbSecondarySupportCommon

APPLICATION = "ib.secondary.support.application"
REPORT = "/report/html/ib_referrals.report_ib_secondary_support_application/%s"


@tagged("post_install", "-at_install")
class TestSecondarySupportHttp(HttpCase, IbSecondarySupportCommon):
    """An LWOO/PrO application over the routes the web client takes: the
    coordinator gets a Dutch message naming each missing part and the PDF;
    the group 8 teacher, another school's coordinator, a parent and the SWV
    VO's contact get nothing over RPC or the report route."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("nl_NL")
        cls.env["ir.module.module"]._load_module_terms(["ib_referrals"], ["nl_NL"])
        cls.coordinator_a.lang = "nl_NL"
        # the file is printed in the school's language
        cls.school_a.partner_id.lang = "nl_NL"
        cls.application = cls._application(
            social_emotional="SECRET-SOCIAL",
            capacity_test_done=True,
            capacity_test_file=cls._file("SECRET-IQ-REPORT"),
            capacity_test_file_name="iq.pdf",
        )
        cls.parent = cls._portal_parent("t_parent8", cls.pupil_8a)
        cls.provider = cls._portal_user(
            "t_swv_vo",
            cls.env["res.partner"].create(
                {"name": "VO Contact", "parent_id": cls.swv_vo.id}
            ),
        )

    @property
    def iq_url(self):
        return (
            f"/web/content/{APPLICATION}/{self.application.id}/capacity_test_file"
            "?download=true"
        )

    def _rpc(self, model, method, args, kwargs=None):
        """Call ``method`` as the logged-in user: (result, error message)."""
        with mute_logger("odoo.http"):
            answer = self.call_kw_answer(
                model, method, args, dict(kwargs or {}, context={"lang": "nl_NL"})
            )
        if "error" in answer:
            return None, answer["error"]["data"]["message"]
        return answer.get("result"), None

    def test_coordinator_gets_the_missing_parts_in_dutch(self):
        self.login(self.coordinator_a)
        _result, error = self._rpc(
            APPLICATION, "action_complete", [self.application.ids]
        )
        self.assertAllIn(
            [
                "Het aanvraagdossier Leerwegondersteuning (LWOO) van Fleur Visser "
                "is niet compleet. Ontbreekt: ",
                "het schooladvies (voorlopig of definitief)",
                "een resultaat voor begrijpend lezen",
                "een resultaat voor rekenen",
                "een resultaat voor spelling of technisch lezen",
                "een definitief onderwijskundig rapport (OKR)",
                "de datum van het capaciteitenonderzoek",
                "het totaal-IQ van het capaciteitenonderzoek",
                "wie het capaciteitenonderzoek afnam",
            ],
            error or "",
        )
        self.env.invalidate_all()
        self.assertEqual(self.application.state, "draft")
        # With the file complete the step goes through.
        self.assertNotIn("het verslag van het capaciteitenonderzoek", error)
        self.application.write(
            dict(
                self._complete_file(),
                capacity_test_date="2026-01-15",
                capacity_test_score=84,
                capacity_test_by="Drs. Orthopedagoog",
            )
        )
        _result, error = self._rpc(
            APPLICATION, "action_complete", [self.application.ids]
        )
        self.assertIsNone(error)
        self.env.invalidate_all()
        self.assertEqual(self.application.state, "complete")

    def test_coordinator_reads_and_prints(self):
        self.login(self.coordinator_a)
        rows, error = self._rpc(
            APPLICATION,
            "web_read",
            [self.application.ids],
            {"specification": {"social_emotional": {}}},
        )
        self.assertIsNone(error)
        self.assertEqual(rows[0]["social_emotional"], "SECRET-SOCIAL")
        response = self.url_open(REPORT % self.application.id)
        self.assertEqual(response.status_code, 200)
        self.assertIn("SECRET-SOCIAL", response.text)
        self.assertIn("Sociaal-emotionele ontwikkeling", response.text)
        response = self.url_open(self.iq_url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"SECRET-IQ-REPORT")

    def test_refused_users_over_rpc_and_the_report(self):
        ids = self.application.ids
        calls = [
            ("read", [ids, ["social_emotional"]], {}),
            ("web_read", [ids], {"specification": {"social_emotional": {}}}),
            ("search_read", [[("id", "in", ids)], ["social_emotional"]], {}),
            ("export_data", [ids, ["social_emotional"]], {}),
            ("write", [ids, {"social_emotional": "HACKED"}], {}),
        ]
        users = (self.teacher_8, self.coordinator_b, self.parent, self.provider)
        for user in users:
            self.login(user)
            for method, args, kwargs in calls:
                result, error = self._rpc(APPLICATION, method, args, kwargs)
                if user == self.coordinator_b and method == "search_read":
                    # the school rule: nothing found rather than refused
                    self.assertEqual(result, [], user.login)
                    continue
                self.assertIsNotNone(error, f"{user.login} {method}")
                self.assertNotIn("SECRET-SOCIAL", str(result))
            with mute_logger("odoo.http", "odoo.addons.http_routing.models.ir_http"):
                response = self.url_open(
                    REPORT % self.application.id, allow_redirects=False
                )
            self.assertNotEqual(response.status_code, 200, user.login)
            self.assertNotIn("SECRET-SOCIAL", response.text)
            # nor the report of the capacity test
            with mute_logger("odoo.http"):
                response = self.url_open(self.iq_url, allow_redirects=False)
            self.assertNotEqual(response.status_code, 200, user.login)
            self.assertNotIn("SECRET-IQ-REPORT", response.text)
        self.env.invalidate_all()
        self.assertEqual(self.application.social_emotional, "SECRET-SOCIAL")

    def test_coordinator_cannot_move_the_pupil_out_of_reach(self):
        self.login(self.coordinator_a)
        _result, error = self._rpc(
            APPLICATION, "write", [self.application.ids, {"pupil_id": self.pupil_b8.id}]
        )
        self.assertIsNotNone(error)
        self.env.invalidate_all()
        self.assertEqual(self.application.pupil_id, self.pupil_8a)
