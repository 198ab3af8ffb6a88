import json

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import SafetyCommon

MODELS = (
    "ib.safety.survey",
    "ib.safety.survey.line",
    "ib.safety.question",
    "ib.safety.figure",
)


@tagged("post_install", "-at_install")
class TestSafetyAccessRpc(SafetyCommon, HttpCase):
    """Who reaches the monitor over /web/dataset/call_kw: the director and the
    coordinator of the school; teachers, parents, providers and other schools
    are refused."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.parent = cls._portal_parent("t_parent_safe", cls.pupil_6a)
        organisation = cls.env["res.partner"].create(
            {"name": "Jeugdhulp De Brug", "is_company": True}
        )
        cls.provider = cls._portal_user(
            "t_provider_safe",
            cls.env["res.partner"].create(
                {"name": "Hulpverlener De Brug", "parent_id": organisation.id}
            ),
        )
        cls.survey.write({"line_ids": [cls._line_vals(cls.q_safe, cls.group_7a, 4, 1)]})

    def _records(self, model, school):
        return self.env[model].search([("company_id", "=", school.id)])

    def _reads(self, model, ids):
        """The answers of the read routes of the web client for ``ids``."""
        fields = ["company_id"]
        return {
            "read": self.call_kw_answer(model, "read", [ids, fields]),
            "web_read": self.call_kw_answer(
                model, "web_read", [ids], {"specification": {"company_id": {}}}
            ),
            "search_read": self.call_kw_answer(
                model,
                "search_read",
                [],
                {"domain": [("id", "in", ids)], "fields": fields},
            ),
            "web_search_read": self.call_kw_answer(
                model,
                "web_search_read",
                [],
                {
                    "domain": [("id", "in", ids)],
                    "specification": {"company_id": {}},
                },
            ),
            "formatted_read_group": self.call_kw_answer(
                model,
                "formatted_read_group",
                [],
                {"domain": [], "groupby": ["company_id"], "aggregates": ["__count"]},
            ),
            "export_data": self.call_kw_answer(
                model, "export_data", [ids, ["company_id"]]
            ),
        }

    @mute_logger("odoo.http")
    def test_roles_without_access_are_refused(self):
        for user in (self.parent, self.provider, self.teacher_6, self.employee):
            self.login(user)
            for model in MODELS:
                ids = self._records(model, self.school_a).ids
                self.assertTrue(ids, model)
                for route, answer in self._reads(model, ids).items():
                    with self.subTest(user=user.login, model=model, route=route):
                        # AccessError; export_data: no right to export at all
                        self.assertIn("error", answer)
                        self.assertNotIn("result", answer)
            answer = self.call_kw_answer(
                "ib.safety.survey.line",
                "create",
                [
                    {
                        "survey_id": self.survey.id,
                        "question_id": self.q_safe.id,
                        "group_id": self.group_8.id,
                        "grade_id": self.grade[8].id,
                        "respondent_count": 20,
                        "positive_count": 20,
                    }
                ],
            )
            self.assertIn("error", answer, user.login)
        self.assertEqual(len(self.survey.line_ids), 1)

    @mute_logger("odoo.http")
    def test_other_school_is_refused(self):
        self.login(self.coordinator_b)
        for model in MODELS:
            ids = self._records(model, self.school_a).ids
            for route, answer in self._reads(model, ids).items():
                with self.subTest(model=model, route=route):
                    if route in ("search_read", "formatted_read_group"):
                        text = json.dumps(answer["result"])
                        self.assertNotIn(f'"id": {ids[0]}', text)
                        self.assertNotIn(self.school_a.name, text)
                    elif route == "web_search_read":
                        self.assertEqual(answer["result"]["records"], [])
                    else:
                        self.assertIn("error", answer)
        for model, method, args in (
            (
                "ib.safety.survey.line",
                "write",
                [self.survey.line_ids.ids, {"positive_count": 0}],
            ),
            (
                "ib.safety.survey.line",
                "create",
                [
                    {
                        "survey_id": self.survey.id,
                        "question_id": self.q_safe.id,
                        "group_id": self.group_8.id,
                        "grade_id": self.grade[8].id,
                        "respondent_count": 20,
                        "positive_count": 20,
                    }
                ],
            ),
            # nor by moving school B's monitor to school A
            (
                "ib.safety.survey",
                "write",
                [self.survey_b.ids, {"company_id": self.school_a.id}],
            ),
            ("ib.safety.survey", "unlink", [self.survey.ids]),
        ):
            with self.subTest(model=model, method=method):
                self.assertIn("error", self.call_kw_answer(model, method, args))
        self.assertEqual(self.survey.line_ids.positive_count, 1)
        self.assertEqual(self.survey_b.company_id, self.school_b)

    def test_coordinator_and_director_edit_their_school(self):
        self.login(self.coordinator_a)
        answer = self.call_kw_answer(
            "ib.safety.survey",
            "web_save",
            [
                self.survey.ids,
                {
                    "line_ids": [
                        [
                            0,
                            0,
                            {
                                "question_id": self.q_safe.id,
                                "group_id": self.group_8.id,
                                "grade_id": self.grade[8].id,
                                "respondent_count": 26,
                                "positive_count": 24,
                            },
                        ]
                    ]
                },
            ],
            {"specification": {"respondent_count": {}}},
        )
        self.assertEqual(answer["result"][0]["respondent_count"], 30)
        self.login(self.director)
        answer = self.call_kw_answer(
            "ib.safety.survey", "action_done", [self.survey.ids]
        )
        self.assertTrue(answer["result"])
        answer = self.call_kw_answer(
            "ib.safety.figure",
            "search_read",
            [],
            {
                "domain": [
                    ("survey_id", "=", self.survey.id),
                    ("level", "=", "school"),
                ],
                "fields": ["share"],
            },
        )
        # 25 of 30
        self.assertEqual(answer["result"][0]["share"], 83.3)
