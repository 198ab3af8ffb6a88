from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import IbLearningLinesCommon

PROGRESS_FIELDS = ["pupil_id", "goal_id", "date_reached", "confirmed_by_id", "note"]
FORECAST_FIELDS = [
    "forecast_value",
    "forecast_level",
    "forecast_course",
    "forecast_text",
    "forecast_chart",
    "learning_position",
]


class LearningLinesAccessCommon(IbLearningLinesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._score_results()
        cls._table("score", cls.SCORE_TABLE, company=cls.school_a)
        cls.opp.learning_line_ids = [Command.set(cls.line.ids)]
        cls.opp.share_with_parents = True
        cls.progress_5a = cls._progress(cls.pupil_5a, cls.goals[0], note="Telt vlot")
        cls.progress_6a = cls._progress(cls.pupil_6a, cls.goals[0])
        cls.progress_b = cls._progress(cls.pupil_b, cls.line_b.goal_ids)
        cls.parent = cls._portal_parent("t_parent_ll", cls.pupil_5a)
        cls.provider = cls._portal_user("t_provider_ll", name="Logopedie Klank")


@tagged("post_install", "-at_install")
class TestLearningLinesRpc(LearningLinesAccessCommon, HttpCase):
    """Over /web/dataset/call_kw as the web client calls it: the school's staff
    reach what the OPP's and the results' rules allow; another school, a
    parent, a provider and an employee without a care role are refused."""

    def _answer(self, model, method, args, kwargs=None):
        return self.call_kw_answer(model, method, args, kwargs)

    def _ids(self, answer):
        self.assertIn("result", answer, answer.get("error"))
        return {row["id"] for row in answer["result"]}

    def _refused(self, answer, msg=None):
        self.assertIn("error", answer, msg)
        self.assertNotIn("result", answer, msg)

    def _group_ids(self, model, groupby):
        answer = self._answer(
            model,
            "web_read_group",
            [],
            {"domain": [], "groupby": [groupby], "aggregates": ["__count"]},
        )
        self.assertIn("result", answer, answer.get("error"))
        return {
            group[groupby] and group[groupby][0] for group in answer["result"]["groups"]
        }

    def _read_routes(self, model, record, fields):
        """(method, args, kwargs) of every read route for ``record``."""
        return (
            ("read", [record.ids, fields], {}),
            ("web_read", [record.ids], {"specification": dict.fromkeys(fields, {})}),
            ("export_data", [record.ids, fields], {}),
        )

    @mute_logger("odoo.http")
    def test_staff_of_the_school(self):
        self.login(self.coordinator_a)
        answer = self._answer(
            "ib.learning.progress",
            "search_read",
            [],
            {"domain": [], "fields": PROGRESS_FIELDS},
        )
        self.assertEqual(
            self._ids(answer), set((self.progress_5a | self.progress_6a).ids)
        )
        answer = self._answer("ib.care.plan", "read", [self.opp.ids, FORECAST_FIELDS])
        self.assertEqual(answer["result"][0]["forecast_level"], "vmbo_gt")
        self.login(self.teacher_5)
        answer = self._answer(
            "ib.learning.progress",
            "search_read",
            [],
            {"domain": [], "fields": PROGRESS_FIELDS},
        )
        self.assertEqual(self._ids(answer), set(self.progress_5a.ids))
        self.assertEqual(
            self._group_ids("ib.learning.progress", "pupil_id"), {self.pupil_5a.id}
        )
        answer = self._answer("ib.care.plan", "read", [self.opp.ids, FORECAST_FIELDS])
        row = answer["result"][0]
        self.assertEqual(row["forecast_course"], "on_course")
        self.assertIn("on course", row["forecast_text"])
        self.assertIn("1 of 10", row["learning_position"])

    @mute_logger("odoo.http", "odoo.models")
    def test_other_group_and_other_school_are_refused(self):
        for user, progress, plan in (
            (self.teacher_6, self.progress_5a, self.opp),
            (self.coordinator_b, self.progress_5a, self.opp),
            (self.coordinator_a, self.progress_b, self.opp_b),
        ):
            self.login(user)
            for method, args, kwargs in self._read_routes(
                "ib.learning.progress", progress, PROGRESS_FIELDS
            ):
                self._refused(
                    self._answer("ib.learning.progress", method, args, kwargs),
                    f"{user.login} progress.{method}",
                )
            for method, args, kwargs in self._read_routes(
                "ib.care.plan", plan, FORECAST_FIELDS
            ):
                self._refused(
                    self._answer("ib.care.plan", method, args, kwargs),
                    f"{user.login} plan.{method}",
                )
            answer = self._answer(
                "ib.learning.progress",
                "search_read",
                [],
                {"domain": [("id", "=", progress.id)], "fields": PROGRESS_FIELDS},
            )
            self.assertEqual(self._ids(answer), set(), user.login)
            self.assertNotIn(
                progress.pupil_id.id,
                self._group_ids("ib.learning.progress", "pupil_id"),
                user.login,
            )
        # the catalogue of another school
        self.login(self.coordinator_b)
        self._refused(
            self._answer("ib.learning.line", "read", [self.line.ids, ["name"]])
        )
        threshold = self.env["ib.exit.level.threshold"].search(
            [("company_id", "=", self.school_a.id)], limit=1
        )
        self._refused(
            self._answer(
                "ib.exit.level.threshold", "read", [threshold.ids, ["min_value"]]
            )
        )

    @mute_logger("odoo.http", "odoo.models")
    def test_parent_provider_and_employee_are_refused(self):
        threshold = self.env["ib.exit.level.threshold"].search([], limit=1)
        for user in (self.parent, self.provider, self.employee):
            self.login(user)
            for model, record, fields in (
                ("ib.learning.progress", self.progress_5a, PROGRESS_FIELDS),
                ("ib.learning.line", self.line, ["name", "goal_ids"]),
                ("ib.learning.goal", self.goals[:1], ["name"]),
                ("ib.exit.level.threshold", threshold, ["min_value"]),
                ("ib.care.plan", self.opp, FORECAST_FIELDS),
            ):
                for method, args, kwargs in (
                    *self._read_routes(model, record, fields),
                    ("search_read", [], {"domain": [], "fields": fields[:1]}),
                    (
                        "web_read_group",
                        [],
                        {"domain": [], "groupby": ["id"], "aggregates": ["__count"]},
                    ),
                ):
                    self._refused(
                        self._answer(model, method, args, kwargs),
                        f"{user.login} {model}.{method}",
                    )
            # the pupil's own progress and position through the pupil
            self._refused(
                self._answer(
                    "ib.pupil",
                    "read",
                    [self.pupil_5a.ids, ["learning_progress_ids", "learning_position"]],
                ),
                user.login,
            )

    @mute_logger("odoo.http")
    def test_parents_portal_page_shows_no_forecast(self):
        """The OPP shared with the parents: their page prints its own
        whitelist, without the forecast, the chart or the learning lines."""
        plan = self._records_as(self.coordinator_a, self.opp)
        self.assertTrue(plan.forecast_ready)
        self.login(self.parent)
        self.assertPage(
            f"/my/plans/{self.opp.id}",
            contains=[self.opp.name],
            lacks=[
                "o_ib_forecast_chart",
                "o_ib_learning_position",
                "Forecast for",
                "189",
                "Rekenen",
            ],
        )


class TestLearningLinesWrites(LearningLinesAccessCommon):
    """Create and write as the user: nothing lands out of their reach."""

    def test_teacher_cannot_move_progress_to_another_group(self):
        progress = self._records_as(self.teacher_5, self.progress_5a)
        self.assertMoveRefused(progress, {"pupil_id": self.pupil_6a.id})
        self.assertEqual(self.progress_5a.pupil_id, self.pupil_5a)
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self._records_as(self.teacher_5, self.env["ib.learning.progress"]).create(
                {
                    "pupil_id": self.pupil_6a.id,
                    "line_id": self.line.id,
                    "goal_id": self.goals[1].id,
                }
            )

    def test_no_progress_for_a_pupil_of_another_school(self):
        Progress = self._records_as(
            self.coordinator_a, self.env["ib.learning.progress"]
        )
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            Progress.create(
                {
                    "pupil_id": self.pupil_b.id,
                    "line_id": self.line.id,
                    "goal_id": self.goals[1].id,
                }
            )
        self.assertMoveRefused(
            self._records_as(self.coordinator_a, self.progress_5a),
            {"pupil_id": self.pupil_b.id},
        )
        # nor onto a line of another school
        self.assertMoveRefused(
            self._records_as(self.coordinator_a, self.progress_5a),
            {"line_id": self.line_b.id, "goal_id": self.line_b.goal_ids.id},
        )
        self.assertEqual(self.progress_5a.pupil_id, self.pupil_5a)
        self.assertEqual(self.progress_5a.line_id, self.line)

    def test_director_reads_only(self):
        progress = self._records_as(self.director, self.progress_5a)
        self.assertEqual(progress.note, "Telt vlot")
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            progress.note = "Anders"

    def test_progress_is_never_deleted_in_daily_use(self):
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self._records_as(self.coordinator_a, self.progress_5a).unlink()

    def test_who_changes_the_catalogue(self):
        # teachers read lines and tables, they do not change them
        line = self._records_as(self.teacher_5, self.line)
        self.assertEqual(line.goal_count, 10)
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            line.name = "Anders"
        # the coordinator changes the school's line, not a shared one or school B's
        self._records_as(self.coordinator_a, self.line).name = "Rekenen A"
        shared = self.env["ib.learning.line"].create(
            {"name": "Gedeeld", "domain": "spelling", "company_id": False}
        )
        self.assertEqual(self._records_as(self.coordinator_a, shared).name, "Gedeeld")
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self._records_as(self.coordinator_a, shared).name = "Anders"
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self._records_as(self.coordinator_a, self.line_b).name = "Anders"
        # the manager changes the shared line
        self._records_as(self.manager, shared).name = "Gedeeld bestuur"
        self.assertEqual(shared.name, "Gedeeld bestuur")
