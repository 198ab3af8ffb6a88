from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import IbCareTeamCommon

MEMBER_FIELDS = ["name", "caseload_hours", "caseload_count", "waiting_count"]


@tagged("post_install", "-at_install")
class TestCareTeamRpc(IbCareTeamCommon, HttpCase):
    """Who reaches the care team and the caseloads over /web/dataset/call_kw, as
    the web client calls it: the coordinator and the director of the school, a
    member (their own caseload), a teacher (only the case holder of their own
    pupils), another school, a parent and a provider (refused)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.parent = cls._portal_parent("t_parent_ct", cls.pupil_5a)
        cls.provider = cls._portal_user(
            "t_provider_ct", cls.doctor, name="Youth Doctor Vos"
        )

    def _answer(self, model, method, args, kwargs=None):
        return self.call_kw_answer(model, method, args, kwargs)

    def _search_read(self, model, fields, domain=()):
        return self._answer(
            model, "search_read", [], {"domain": list(domain), "fields": fields}
        )

    def _ids(self, answer):
        self.assertIn("result", answer, answer.get("error"))
        return {row["id"] for row in answer["result"]}

    def _refused(self, answer, msg=None):
        self.assertIn("error", answer, msg)
        self.assertNotIn("result", answer, msg)

    @mute_logger("odoo.http")
    def test_coordinator_and_director_read_the_school(self):
        team_a = set(self.team_a.member_ids.ids)
        self.login(self.coordinator_a)
        self.assertEqual(
            self._ids(self._search_read("ib.care.team.member", MEMBER_FIELDS)), team_a
        )
        answer = self._answer(
            "ib.care.team.member",
            "web_read_group",
            [],
            {
                "domain": [],
                "groupby": ["role"],
                "aggregates": ["caseload_hours:sum"],
            },
        )
        hours = {g["role"]: g["caseload_hours:sum"] for g in answer["result"]["groups"]}
        self.assertEqual(hours["remedial"], 2.0)
        self._refused(
            self._answer("ib.care.team.member", "read", [self.member_b.ids, ["name"]])
        )
        self._refused(
            self._answer(
                "ib.care.team.member",
                "create",
                [{"team_id": self.team_b.id, "partner_id": self.doctor.id}],
            ),
            "a member in another school's team",
        )
        self.login(self.director)
        self.assertEqual(
            self._ids(
                self._search_read(
                    "ib.care.team.member",
                    MEMBER_FIELDS,
                    [("company_id", "=", self.school_a.id)],
                )
            ),
            team_a,
        )
        self._refused(
            self._answer(
                "ib.care.team.member",
                "write",
                [self.member_rt.ids, {"hours_available": 1}],
            ),
            "the director reads, the coordinator manages",
        )

    @mute_logger("odoo.http", "odoo.models")
    def test_member_reads_own_caseload_only(self):
        self.login(self.rt)
        answer = self._search_read("ib.care.team.member", MEMBER_FIELDS)
        self.assertEqual(self._ids(answer), set(self.member_rt.ids))
        self.assertEqual(answer["result"][0]["caseload_hours"], 2.0)
        self._refused(
            self._answer("ib.care.team.member", "read", [self.member_smw.ids, ["name"]])
        )
        # The pupils of the caseload, with their hours (not in the RT's groups).
        answer = self._search_read(
            "ib.pupil",
            ["name", "ib_care_hours", "case_holder_id"],
            [("case_holder_id.user_id", "=", self.rt.id)],
        )
        self.assertEqual(
            self._ids(answer), {self.pupil_5a.id, self.pupil_5b.id, self.pupil_6b.id}
        )
        self._refused(
            self._answer("ib.pupil", "read", [self.pupil_6a.ids, ["name"]]),
            "another carer's pupil",
        )
        self._refused(
            self._answer(
                "ib.care.team.member",
                "write",
                [self.member_rt.ids, {"hours_available": 40}],
            )
        )
        self._refused(
            self._answer(
                "ib.pupil", "write", [self.pupil_5a.ids, {"case_holder_id": False}]
            )
        )

    @mute_logger("odoo.http", "odoo.models")
    def test_teacher_sees_the_case_holder_of_own_pupils_only(self):
        self.login(self.teacher_5)
        answer = self._answer(
            "ib.pupil",
            "read",
            [[self.pupil_5a.id], ["case_holder_id", "ib_care_hours"]],
        )
        self.assertEqual(answer["result"][0]["case_holder_id"][0], self.member_rt.id)
        self.assertIn(self.rt.name, answer["result"][0]["case_holder_id"][1])
        self.assertEqual(
            self._ids(self._search_read("ib.care.team.member", ["name"])), set()
        )
        self._refused(
            self._answer(
                "ib.care.team.member", "read", [self.member_rt.ids, MEMBER_FIELDS]
            )
        )
        self._refused(self._answer("ib.care.team", "read", [self.team_a.ids, ["name"]]))
        self._refused(
            self._answer("ib.pupil", "read", [self.pupil_6a.ids, ["case_holder_id"]]),
            "not a pupil of the teacher's group",
        )

    @mute_logger("odoo.http")
    def test_other_school_sees_nothing(self):
        self.login(self.coordinator_b)
        self.assertEqual(
            self._ids(self._search_read("ib.care.team.member", MEMBER_FIELDS)),
            set(self.member_b.ids),
        )
        self.assertEqual(
            self._ids(self._search_read("ib.care.team", ["name"])), set(self.team_b.ids)
        )
        for model, record in (
            ("ib.care.team.member", self.member_rt),
            ("ib.care.team", self.team_a),
        ):
            self._refused(self._answer(model, "read", [record.ids, ["name"]]))
        answer = self._answer(
            "ib.pupil",
            "web_read_group",
            [],
            {
                "domain": [],
                "groupby": ["case_holder_id"],
                "aggregates": ["ib_care_hours:sum"],
            },
        )
        holders = {
            g["case_holder_id"] and g["case_holder_id"][0]
            for g in answer["result"]["groups"]
        }
        self.assertNotIn(self.member_rt.id, holders)

    @mute_logger("odoo.http", "odoo.models")
    def test_parent_and_provider_are_refused(self):
        for user in (self.parent, self.provider):
            self.login(user)
            for model in ("ib.care.team.member", "ib.care.team"):
                for method, args, kwargs in (
                    ("search_read", [], {"fields": ["name"]}),
                    (
                        "read",
                        [
                            self.team_a.member_ids.ids[:1]
                            if model.endswith("member")
                            else self.team_a.ids,
                            ["name"],
                        ],
                        {},
                    ),
                    (
                        "web_read_group",
                        [],
                        {
                            "domain": [],
                            "groupby": ["company_id"],
                            "aggregates": ["__count"],
                        },
                    ),
                    ("export_data", [self.team_a.ids, ["name"]], {}),
                ):
                    self._refused(
                        self._answer(model, method, args, kwargs),
                        f"{user.login} {model}.{method}",
                    )
            for fields in (["case_holder_id"], ["ib_care_hours"], ["ib_in_care"]):
                self._refused(
                    self._answer("ib.pupil", "read", [self.pupil_5a.ids, fields]),
                    f"{user.login} reads {fields}",
                )
            self._refused(
                self._answer(
                    "ib.pupil",
                    "search_read",
                    [],
                    {"domain": [("case_holder_id", "!=", False)], "fields": ["name"]},
                )
            )


@tagged("post_install", "-at_install")
class TestCareTeamAccessOrm(IbCareTeamCommon):
    def test_teacher_cannot_manage_the_team(self):
        Team = self.as_user(self.rt, "ib.care.team")
        self.assertEqual(Team.search([]), self.team_a, "a member reads their team")
        with self.assertRaises(AccessError):
            Team.browse(self.team_a.id).name = "Renamed"
        with self.assertRaises(AccessError):
            self.as_user(self.teacher_5, "ib.care.team").browse(self.team_a.id).read(
                ["name"]
            )
