import json

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import PDF, IbProtocolsCommon

ACCESS_ERROR = "odoo.exceptions.AccessError"
USER_ERROR = "odoo.exceptions.UserError"


@tagged("post_install", "-at_install")
class TestRegistersOverHttp(IbProtocolsCommon, HttpCase):
    """Each register as the web client and scripts reach it: every RPC read
    method, and the files through /web/content."""

    def rpc_calls(self, record, fields):
        spec = dict.fromkeys(fields, {})
        return (
            ("read", [record.ids, fields], {}),
            ("search_read", [], {"domain": [], "fields": fields}),
            ("web_read", [record.ids], {"specification": spec}),
            (
                "web_search_read",
                [],
                {"domain": [], "specification": spec},
            ),
            (
                "web_read_group",
                [],
                {"domain": [], "groupby": ["pupil_id"], "aggregates": ["__count"]},
            ),
            (
                "formatted_read_group",
                [],
                {"domain": [], "groupby": ["pupil_id"], "aggregates": ["__count"]},
            ),
            ("export_data", [record.ids, ["pupil_id", *fields]], {}),
            ("name_search", [], {"name": ""}),
        )

    def assertRefused(self, user, record, fields, secret):
        self.login(user)
        for method, args, kwargs in self.rpc_calls(record, fields):
            with self.subTest(user=user.login, model=record._name, method=method):
                answer = self.call_kw_answer(record._name, method, args, kwargs)
                text = json.dumps(answer)
                if "error" not in answer:
                    # a search as a user with an access right: nothing found
                    self.assertIn(
                        method,
                        (
                            "search_read",
                            "web_search_read",
                            "web_read_group",
                            "formatted_read_group",
                            "name_search",
                        ),
                    )
                    self.assertNotIn(record.pupil_id.name, text)
                elif method == "export_data" and user.share:
                    # portal users have no export right at all
                    self.assertEqual(answer["error"]["data"]["name"], USER_ERROR)
                else:
                    self.assertEqual(answer["error"]["data"]["name"], ACCESS_ERROR)
                self.assertNotIn(secret, text)

    def assertReached(self, user, record, fields, secret):
        self.login(user)
        for method, args, kwargs in self.rpc_calls(record, fields):
            if method in ("web_read_group", "formatted_read_group", "name_search"):
                continue
            with self.subTest(user=user.login, model=record._name, method=method):
                answer = self.call_kw_answer(record._name, method, args, kwargs)
                self.assertNotIn("error", answer)
                self.assertIn(secret, json.dumps(answer))

    @mute_logger("odoo.http", "odoo.models", "odoo.addons.base.models.ir_rule")
    def test_meldcode_over_rpc(self):
        fields = ["signals_notes"]
        secret = "meldcode-geheim"
        for user in (self.coordinator_a, self.director):
            self.assertReached(user, self.case_a, fields, secret)
            # each read over RPC is in the access log
            log = self.access_log(self.case_a).filtered(
                lambda r, u=user: r.user_id == u
            )
            self.assertEqual(set(log.mapped("way")), {"read", "form", "export"})
            self.assertEqual(len(log), 5)  # read, search_read, form, list, export
        for user in (
            self.teacher_5,
            self.employee,
            self.parent_a,
            self.provider,
            self.coordinator_b,
        ):
            self.assertRefused(user, self.case_a, fields, secret)

    @mute_logger("odoo.http", "odoo.models", "odoo.addons.base.models.ir_rule")
    def test_bullying_over_rpc(self):
        fields = ["name"]
        secret = "Uitgelachen 5a"
        for user in (self.coordinator_a, self.director, self.teacher_5):
            self.assertReached(user, self.incident_5, fields, secret)
        for user in (
            self.teacher_6,
            self.parent_a,
            self.provider,
            self.coordinator_b,
        ):
            self.assertRefused(user, self.incident_5, fields, secret)

    @mute_logger("odoo.http", "odoo.models", "odoo.addons.base.models.ir_rule")
    def test_medical_over_rpc(self):
        fields = ["name"]
        secret = "Puffer 5a"
        for user in (self.coordinator_a, self.director, self.teacher_5):
            self.assertReached(user, self.agreement_5, fields, secret)
        for user in (self.teacher_6, self.parent_a, self.provider, self.coordinator_b):
            self.assertRefused(user, self.agreement_5, fields, secret)

    @mute_logger("odoo.http", "odoo.models", "odoo.addons.base.models.ir_rule")
    def test_absence_over_rpc(self):
        fields = ["hours_unauthorised", "date_from"]
        secret = str(self.absence_a.date_from)
        for user in (self.coordinator_a, self.director):
            self.assertReached(user, self.absence_a, fields, secret)
        for user in (self.teacher_5, self.parent_a, self.provider, self.coordinator_b):
            self.assertRefused(user, self.absence_a, fields, secret)

    def assert_file(self, url, served):
        response = self.url_open(url)
        if served:
            self.assertEqual(response.status_code, 200, url)
            self.assertEqual(response.content, PDF)
        else:
            self.assertIn(response.status_code, (403, 404), url)
            self.assertNotIn(PDF, response.content)

    @mute_logger("odoo.http", "odoo.models", "odoo.addons.base.models.ir_rule")
    def test_files_through_web_content(self):
        signed = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "ib.medical.agreement"),
                ("res_id", "=", self.agreement_5.id),
                ("res_field", "=", "signed_form"),
            ]
        )
        self.assertEqual(len(signed), 1)
        case_urls = (
            f"/web/content/{self.case_file.id}?download=true",
            f"/web/content/ir.attachment/{self.case_file.id}/datas?download=true",
        )
        signed_urls = (
            f"/web/content/{signed.id}?download=true",
            f"/web/content/ib.medical.agreement/{self.agreement_5.id}/signed_form",
        )
        cases = (
            (self.coordinator_a, True, True),
            (self.director, True, True),
            (self.teacher_5, False, True),
            (self.teacher_6, False, False),
            (self.coordinator_b, False, False),
            (self.parent_a, False, False),
            (self.provider, False, False),
        )
        for user, case_served, signed_served in cases:
            self.login(user)
            with self.subTest(user=user.login):
                for url in case_urls:
                    self.assert_file(url, case_served)
                for url in signed_urls:
                    self.assert_file(url, signed_served)

    def test_parents_portal_shows_no_register(self):
        self.login(self.parent_a)
        for url in ("/my/children", f"/my/children/{self.pupil_5a.id}"):
            with self.subTest(url=url):
                self.assertPage(
                    url,
                    contains=[self.pupil_5a.first_name],
                    lacks=[
                        "Meldcode",
                        "meldcode-geheim",
                        self.case_a.name,
                        "Uitgelachen 5a",
                        "Puffer 5a",
                        "Verzuim",
                    ],
                    redirects=True,
                )

    @mute_logger("odoo.http")
    def test_meldcode_state_cannot_be_forged_over_rpc(self):
        self.login(self.coordinator_a)
        for vals, error in (
            ({"state": "closed"}, USER_ERROR),
            ({"state": "decision"}, USER_ERROR),
            # the decision without the weighing of step 4
            (
                {"decision": "none", "decision_date": str(self.today)},
                "odoo.exceptions.ValidationError",
            ),
        ):
            for method, args in (
                ("write", [self.case_a.ids, vals]),
                ("web_save", [self.case_a.ids, vals]),
            ):
                with self.subTest(vals=vals, method=method):
                    kwargs = (
                        {"specification": {"state": {}}} if method == "web_save" else {}
                    )
                    answer = self.call_kw_answer(
                        "ib.meldcode.case", method, args, kwargs
                    )
                    self.assertEqual(answer["error"]["data"]["name"], error)
        self.case_a.invalidate_recordset()
        self.assertEqual(self.case_a.state, "consultation")
        self.assertFalse(self.case_a.decision)
