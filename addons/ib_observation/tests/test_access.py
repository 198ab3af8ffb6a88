from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import IbObservationCommon

MODELS = {
    "ib.observation.list": ["pupil_id", "state"],
    "ib.observation.answer": ["pupil_id", "option_id"],
    "ib.observation.score": ["pupil_id", "score"],
    "ib.observation.round": ["name"],
    "ib.observation.instrument": ["name"],
    "ib.observation.item": ["name"],
}


@tagged("post_install", "-at_install")
class TestObservationRpc(IbObservationCommon, HttpCase):
    """Who reaches the observation lists over /web/dataset/call_kw, as the web
    client calls it: the teacher their own group's pupils only, the director
    and coordinator their school, parents, providers and employees nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.parent = cls._portal_parent("t_parent_obs", cls.pupil_5a)
        cls.provider = cls._portal_user("t_provider_obs", name="Logopedie Vos")
        cls._records_as(cls.coordinator_a, cls.round).action_open()
        cls.list_5a = cls.env["ib.observation.list"].search(
            [("pupil_id", "=", cls.pupil_5a.id), ("respondent", "=", "teacher")]
        )
        cls.list_6a = cls.env["ib.observation.list"].search(
            [("pupil_id", "=", cls.pupil_6a.id), ("respondent", "=", "teacher")]
        )
        cls.list_6a.answer_ids.sudo().write({"option_id": cls.opt[1].id})
        cls.list_6a.sudo().action_done()

    def _answer(self, model, method, args, kwargs=None):
        return self.call_kw_answer(model, method, args, kwargs)

    def _ids(self, answer):
        self.assertIn("result", answer, answer.get("error"))
        return {row["id"] for row in answer["result"]}

    def _refused(self, answer, msg=None):
        self.assertIn("error", answer, msg)
        self.assertNotIn("result", answer, msg)

    @mute_logger("odoo.http", "odoo.models")
    def test_teacher_reaches_their_own_group_only(self):
        self.login(self.teacher_5)
        rows = self._answer(
            "ib.observation.answer",
            "search_read",
            [],
            {"domain": [], "fields": ["pupil_id", "option_id"]},
        )
        self.assertEqual(
            {row["pupil_id"][0] for row in rows["result"]},
            {self.pupil_5a.id, self.pupil_5b.id},
        )
        other = self.list_6a.answer_ids[:1]
        self._refused(
            self._answer("ib.observation.answer", "read", [other.ids, ["option_id"]])
        )
        self._refused(
            self._answer(
                "ib.observation.list",
                "web_read",
                [self.list_6a.ids],
                {"specification": {"pupil_id": {}}},
            )
        )
        self._refused(
            self._answer(
                "ib.observation.score", "read", [self.list_6a.score_ids.ids, ["score"]]
            )
        )
        self.assertEqual(
            self._ids(
                self._answer(
                    "ib.observation.score",
                    "search_read",
                    [],
                    {"domain": [], "fields": ["score"]},
                )
            ),
            set(),
        )
        self._refused(
            self._answer(
                "ib.observation.answer",
                "write",
                [other.ids, {"option_id": self.opt[4].id}],
            )
        )
        self._refused(
            self._answer(
                "ib.observation.answer",
                "create",
                [{"list_id": self.list_6a.id, "item_id": self.items[0].id}],
            )
        )
        self._refused(
            self._answer(
                "ib.observation.answer",
                "export_data",
                [other.ids, ["option_id"]],
            )
        )
        groups = self._answer(
            "ib.observation.answer",
            "formatted_read_group",
            [],
            {"domain": [], "groupby": ["pupil_id"], "aggregates": ["__count"]},
        )
        self.assertEqual(
            {g["pupil_id"][0] for g in groups["result"]},
            {self.pupil_5a.id, self.pupil_5b.id},
        )
        # their own pupil's answer: written over RPC
        own = self.list_5a.answer_ids[:1]
        self.assertIn(
            "result",
            self._answer(
                "ib.observation.answer",
                "write",
                [own.ids, {"option_id": self.opt[3].id}],
            ),
        )
        self.assertEqual(own.option_id, self.opt[3])

    @mute_logger("odoo.http", "odoo.models")
    def test_director_reads_coordinator_manages(self):
        self.login(self.director)
        self.assertIn(
            self.list_6a.id,
            self._ids(
                self._answer(
                    "ib.observation.list",
                    "search_read",
                    [],
                    {"domain": [], "fields": ["pupil_id"]},
                )
            ),
        )
        self._refused(
            self._answer(
                "ib.observation.answer",
                "write",
                [self.list_5a.answer_ids[:1].ids, {"option_id": self.opt[2].id}],
            )
        )
        self.login(self.coordinator_a)
        scores = self._ids(
            self._answer(
                "ib.observation.score",
                "search_read",
                [],
                {"domain": [("below_cutoff", "=", True)], "fields": ["score"]},
            )
        )
        self.assertEqual(scores, set(self.list_6a.score_ids.ids))
        self.login(self.coordinator_b)
        self.assertEqual(
            self._ids(
                self._answer(
                    "ib.observation.list",
                    "search_read",
                    [],
                    {"domain": [], "fields": ["pupil_id"]},
                )
            ),
            set(),
            "another school's coordinator",
        )

    @mute_logger("odoo.http", "odoo.models")
    def test_parents_providers_and_employees_refused(self):
        for user in (self.parent, self.provider, self.employee):
            self.login(user)
            for model, fields in MODELS.items():
                self._refused(
                    self._answer(
                        model, "search_read", [], {"domain": [], "fields": fields}
                    ),
                    f"{user.login} {model}",
                )
            self._refused(
                self._answer(
                    "ib.observation.answer",
                    "read",
                    [self.list_5a.answer_ids.ids, ["option_id"]],
                ),
                user.login,
            )
            self._refused(
                self._answer(
                    "ib.observation.answer",
                    "write",
                    [self.list_5a.answer_ids[:1].ids, {"option_id": self.opt[1].id}],
                ),
                user.login,
            )
        self.assertFalse(self.list_5a.answer_ids.option_id)
