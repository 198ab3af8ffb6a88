import json

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import REPORT, SupportProfileCommon

MODELS = ("ib.support.profile", "ib.support.profile.part")


@tagged("post_install", "-at_install")
class TestSupportProfileRpc(SupportProfileCommon, HttpCase):
    """Who reaches the support profile over /web/dataset/call_kw."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.parent = cls._portal_parent("t_parent_sop", cls.pupil_5a)

    def _reads(self, model, ids):
        """The answers of the read routes of the web client for ``ids``."""
        fields = ["name", "company_id"]
        return {
            "read": self.call_kw_answer(model, "read", [ids, fields]),
            "web_read": self.call_kw_answer(
                model, "web_read", [ids], {"specification": {"name": {}}}
            ),
            "search_read": self.call_kw_answer(
                model,
                "search_read",
                [],
                {"domain": [("id", "in", ids)], "fields": fields},
            ),
            "export_data": self.call_kw_answer(model, "export_data", [ids, ["name"]]),
        }

    def _all_ids(self, model):
        return self.env[model].search([]).ids

    def test_teacher_reads_but_cannot_write(self):
        self.login(self.teacher_5)
        answer = self.call_kw_answer(
            "ib.support.profile",
            "search_read",
            [],
            {"domain": [], "fields": ["name", "state"]},
        )
        # the published and the archived version of their school, not school B's
        self.assertEqual(
            {row["id"] for row in answer["result"]},
            {self.profile_a.id, self.profile_old.id},
        )
        answer = self.call_kw_answer(
            "ib.support.profile.part",
            "search_read",
            [],
            {"domain": [("profile_id", "=", self.profile_old.id)], "fields": ["name"]},
        )
        self.assertEqual(answer["result"][0]["name"], "OLD-BASIC-TEXT-TITLE")
        with mute_logger("odoo.http"):
            for model, method, args in (
                (
                    "ib.support.profile",
                    "write",
                    [self.profile_a.ids, {"mr_advice": "X"}],
                ),
                (
                    "ib.support.profile",
                    "create",
                    [
                        {
                            "company_id": self.school_a.id,
                            "school_year_id": self.year_a.id,
                        }
                    ],
                ),
                ("ib.support.profile", "action_publish", [self.profile_a.ids]),
                ("ib.support.profile", "unlink", [self.profile_a.ids]),
                (
                    "ib.support.profile.part",
                    "write",
                    [self.extra_a.ids, {"name": "TEACHER-WROTE"}],
                ),
            ):
                answer = self.call_kw_answer(model, method, args)
                self.assertIn("error", answer, (model, method))
        self.assertEqual(self.extra_a.name, "CURRENT-EXTRA-TITLE")

    def test_coordinator_edits_their_own_school(self):
        self.login(self.coordinator_b)
        answer = self.call_kw_answer(
            "ib.support.profile.part",
            "web_save",
            [self.profile_b.part_ids.ids, {"name": "B-EDITED"}],
            {"specification": {"name": {}}},
        )
        self.assertEqual(answer["result"][0]["name"], "B-EDITED")
        answer = self.call_kw_answer(
            "ib.support.profile",
            "write",
            [
                self.profile_b.ids,
                {"mr_advice": "Positief", "mr_advice_date": "2026-06-01"},
            ],
        )
        self.assertTrue(answer["result"])
        answer = self.call_kw_answer(
            "ib.support.profile", "action_publish", [self.profile_b.ids]
        )
        self.assertTrue(answer["result"])
        self.assertEqual(self.profile_b.state, "published")

    @mute_logger("odoo.http")
    def test_other_school_coordinator_is_refused(self):
        self.login(self.coordinator_b)
        for model, records in (
            ("ib.support.profile", self.profile_a | self.profile_old),
            ("ib.support.profile.part", (self.profile_a | self.profile_old).part_ids),
        ):
            for route, answer in self._reads(model, records.ids).items():
                with self.subTest(model=model, route=route):
                    text = json.dumps(answer)
                    self.assertNotIn("CURRENT-BASIC-TEXT", text)
                    self.assertNotIn("OLD-BASIC-TEXT", text)
                    if route == "search_read":
                        self.assertEqual(answer["result"], [])
                    else:
                        self.assertIn("error", answer)
            answer = self.call_kw_answer(model, "write", [records.ids, {"name": "B"}])
            self.assertIn("error", answer)
        # nor by moving B's draft to school A
        answer = self.call_kw_answer(
            "ib.support.profile",
            "write",
            [self.profile_b.ids, {"company_id": self.school_a.id}],
        )
        self.assertIn("error", answer)
        self.assertEqual(self.profile_b.company_id, self.school_b)

    @mute_logger("odoo.http")
    def test_parent_cannot_read_the_model(self):
        self.login(self.parent)
        for model in MODELS:
            ids = self._all_ids(model)
            for route, answer in self._reads(model, ids).items():
                with self.subTest(model=model, route=route):
                    self.assertIn("error", answer)
                    self.assertNotIn("CURRENT-BASIC-TEXT", json.dumps(answer))
            answer = self.call_kw_answer(
                model,
                "web_read_group",
                [],
                {"domain": [], "groupby": ["company_id"], "aggregates": ["__count"]},
            )
            self.assertIn("error", answer)

    @mute_logger("odoo.http")
    def test_employee_without_care_role_is_refused(self):
        self.login(self.employee)
        for model in MODELS:
            answer = self.call_kw_answer(
                model, "search_read", [], {"domain": [], "fields": ["name"]}
            )
            self.assertIn("error", answer, model)

    @mute_logger("odoo.http")
    def test_backend_pdf_as_the_user(self):
        """The backend report runs as the user: the school's staff print any
        version, another school's coordinator and a parent none."""
        url = REPORT.format(kind="html", id=self.profile_old.id)
        self.login(self.teacher_5)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("OLD-BASIC-TEXT", response.text)
        for user in (self.coordinator_b, self.parent):
            self.login(user)
            response = self.url_open(url)
            self.assertNotEqual(response.status_code, 200, user.login)
            self.assertNotIn("OLD-BASIC-TEXT", response.text)
