import json

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import IbSociogramCommon

ACCESS_ERROR = "odoo.exceptions.AccessError"
USER_ERROR = "odoo.exceptions.UserError"
SEARCHES = (
    "search_read",
    "web_search_read",
    "web_read_group",
    "formatted_read_group",
    "name_search",
)


@tagged("post_install", "-at_install")
class TestSociogramOverHttp(IbSociogramCommon, HttpCase):
    """The sociogram as the web client and scripts reach it: every RPC read
    method on the sociogram, its choices and its results, and the PDF."""

    def rpc_calls(self, record, fields, groupby):
        # many2one fields with their name, as the web client asks them
        spec = {
            name: {"fields": {"display_name": {}}}
            if record._fields[name].type == "many2one"
            else {}
            for name in fields
        }
        group = {"domain": [], "groupby": [groupby], "aggregates": ["__count"]}
        return (
            ("read", [record.ids, fields], {}),
            ("search_read", [], {"domain": [], "fields": fields}),
            ("web_read", [record.ids], {"specification": spec}),
            ("web_search_read", [], {"domain": [], "specification": spec}),
            ("web_read_group", [], group),
            ("formatted_read_group", [], group),
            ("export_data", [record.ids, fields], {}),
            ("name_search", [], {"name": ""}),
        )

    def targets(self):
        """(record, fields, group by, a text it shows) per model."""
        sociogram = self.sociogram_5
        return (
            (sociogram, ["name", "svg", "note"], "group_id", "Cas V."),
            (
                sociogram.choice_ids.filtered(
                    lambda c: c.pupil_id == self.pupils["floor"]
                ),
                ["pupil_id", "chosen_id"],
                "chosen_id",
                "Floor Smit",
            ),
            (
                sociogram.pupil_line_ids.filtered("is_isolated"),
                ["pupil_id", "is_isolated"],
                "pupil_id",
                "Ezra Bos",
            ),
        )

    def assertRefused(self, user):
        self.login(user)
        for record, fields, groupby, secret in self.targets():
            for method, args, kwargs in self.rpc_calls(record, fields, groupby):
                with self.subTest(user=user.login, model=record._name, method=method):
                    answer = self.call_kw_answer(record._name, method, args, kwargs)
                    text = json.dumps(answer)
                    self.assertNotIn(secret, text)
                    if "error" not in answer:
                        # a search by a user with an access right: nothing found
                        self.assertIn(method, SEARCHES)
                    elif method == "export_data" and user.share:
                        # portal users have no export right at all
                        self.assertEqual(answer["error"]["data"]["name"], USER_ERROR)
                    else:
                        self.assertEqual(answer["error"]["data"]["name"], ACCESS_ERROR)

    @mute_logger("odoo.http", "odoo.models", "odoo.addons.base.models.ir_rule")
    def test_refused_over_rpc(self):
        for user in (self.teacher_6, self.parent_a, self.provider, self.employee):
            self.assertRefused(user)

    def test_teacher_of_the_group_reaches_it(self):
        self.login(self.teacher_5)
        for record, fields, groupby, secret in self.targets():
            for method, args, kwargs in self.rpc_calls(record, fields, groupby):
                if method in ("web_read_group", "formatted_read_group", "name_search"):
                    continue
                with self.subTest(model=record._name, method=method):
                    answer = self.call_kw_answer(record._name, method, args, kwargs)
                    self.assertNotIn("error", answer)
                    self.assertIn(secret, json.dumps(answer))

    @mute_logger("odoo.http", "odoo.models", "odoo.addons.base.models.ir_rule")
    def test_report_routes(self):
        report = "ib_sociogram.report_ib_sociogram"
        for user in (self.parent_a, self.provider, self.teacher_6):
            with self.subTest(user=user.login):
                self.login(user)
                for kind in ("pdf", "html"):
                    response = self.url_open(
                        f"/report/{kind}/{report}/{self.sociogram_5.id}"
                    )
                    self.assertNotEqual(response.status_code, 200)
                    self.assertNotIn("Cas V", response.text)
                # no file of the sociogram to download either
                response = self.url_open(
                    f"/web/content/ib.sociogram/{self.sociogram_5.id}/svg"
                )
                self.assertNotIn("Cas V", response.text)
        self.login(self.teacher_5)
        response = self.url_open(f"/report/html/{report}/{self.sociogram_5.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Cas V.", response.text)
