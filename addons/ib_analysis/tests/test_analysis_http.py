import json
import re
from urllib.parse import quote

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import IbAnalysisCommon


@tagged("post_install", "-at_install")
class TestAnalysisRpc(IbAnalysisCommon, HttpCase):
    """The analysis over /web/dataset/call_kw as the web client calls it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.parent = cls._portal_parent("t_parent_rpc", cls.pupil_5a)

    def _report_url(self, report, converter="html", context=None):
        url = f"/report/{converter}/ib_analysis.report_ib_care_report/{report.id}"
        if context:
            url += "?context=" + quote(json.dumps(context))
        return url

    @mute_logger("odoo.http")
    def test_care_report_route(self):
        """/report/... runs as the user: the care report reaches the director and
        the coordinator of its school, never a teacher, another school's
        coordinator (also with a forged company context) or a parent."""
        report = self.env["ib.care.report"].create(
            {
                "company_id": self.school_a.id,
                "school_year_id": self.year_a.id,
                "suppress_small_numbers": False,
            }
        )
        # maths at the norm this year, with a decimal point or comma (Dutch)
        figures = re.compile(r"62[.,]5")
        self.login(self.coordinator_a)
        response = self.url_open(self._report_url(report))
        self.assertEqual(response.status_code, 200)
        self.assertRegex(response.text, figures)
        self.login(self.director)
        self.assertEqual(self.url_open(self._report_url(report)).status_code, 200)
        forged = {"allowed_company_ids": [self.school_b.id, self.school_a.id]}
        for user in (self.teacher_5, self.coordinator_b, self.parent):
            self.login(user)
            for context in (None, forged):
                response = self.url_open(self._report_url(report, context=context))
                self.assertNotEqual(response.status_code, 200, user.login)
                self.assertNotRegex(response.text, figures)

    @mute_logger("odoo.http")
    def test_teacher_over_rpc(self):
        self.login(self.teacher_5)
        answer = self.call_kw_answer(
            "ib.analysis.result",
            "web_read_group",
            [],
            {"domain": [], "groupby": ["pupil_id"], "aggregates": ["__count"]},
        )
        names = {g["pupil_id"][1] for g in answer["result"]["groups"]}
        self.assertEqual(names, {self.pupils[k].name for k in self.SCORES_P})
        answer = self.call_kw_answer(
            "ib.analysis.result",
            "search_read",
            [],
            {"domain": [("pupil_id", "=", self.pupils["Q1"].id)], "fields": ["score"]},
        )
        self.assertEqual(answer["result"], [])
        answer = self.call_kw_answer(
            "ib.analysis.reference.summary", "search_read", [], {"fields": ["pct_1f"]}
        )
        self.assertIn("error", answer)

    @mute_logger("odoo.http")
    def test_parent_over_rpc(self):
        self.login(self.parent)
        for model, method, kwargs in (
            ("ib.analysis.result", "search_read", {"fields": ["score"]}),
            (
                "ib.analysis.result",
                "web_read_group",
                {"domain": [], "groupby": ["pupil_id"], "aggregates": ["__count"]},
            ),
            ("ib.analysis.growth", "search_read", {"fields": ["growth"]}),
            ("ib.analysis.chart", "search_read", {"fields": ["value"]}),
            ("ib.analysis.reference", "search_read", {"fields": ["reference_level"]}),
            ("ib.care.report", "search_read", {"fields": ["name"]}),
        ):
            answer = self.call_kw_answer(model, method, [], kwargs)
            self.assertIn("error", answer, model)
            self.assertNotIn(self.pupil_5a.name, json.dumps(answer))
        ids = (
            self.env["ib.analysis.result"]
            .search([("pupil_id", "=", self.pupil_5a.id)])
            .ids
        )
        answer = self.call_kw_answer(
            "ib.analysis.result", "export_data", [ids, ["pupil_id", "score"]]
        )
        self.assertIn("error", answer)

    def test_coordinator_over_rpc(self):
        self.login(self.coordinator_a)
        answer = self.call_kw_answer(
            "ib.analysis.result",
            "formatted_read_group",
            [],
            {
                "domain": [
                    ("assessment_id", "=", self.maths.id),
                    ("years_ago", "=", 0),
                ],
                "groupby": ["group_id"],
                "aggregates": ["at_norm_pct:avg", "__count"],
            },
        )
        figures = {
            g["group_id"][0]: (round(g["at_norm_pct:avg"], 2), g["__count"])
            for g in answer["result"]
        }
        self.assertEqual(
            figures, {self.group_5.id: (60.0, 5), self.group_6.id: (66.67, 3)}
        )
