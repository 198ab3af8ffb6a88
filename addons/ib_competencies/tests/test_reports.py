import base64
import io
from datetime import timedelta

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import IbCompetenciesCommon


@tagged("post_install", "-at_install")
class TestPortfolioReport(IbCompetenciesCommon):
    """The PDF portfolio for the annual review: framework scores with last year's,
    the plan, trainings with hours, and the task hours."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls._env_as(cls.coordinator_a)
        cls._assessment(cls.coordinator_a, cls.year_a_previous, {"C7": 2}, env=env)
        cls._assessment(cls.coordinator_a, cls.year_a, {"C7": 3}, env=env)
        cls.plan = env["ib.development.plan"].create(
            {
                "school_year_id": cls.year_a.id,
                "goal_ids": [(0, 0, {"name": "Coach three teachers with video"})],
            }
        )
        env["ib.training"].create(
            {
                "name": "Course on video feedback",
                "date_start": cls.year_a.date_start + timedelta(days=20),
                "hours": 24,
                "state": "done",
            }
        )
        profile = env["ib.task.profile"].create({"school_year_id": cls.year_a.id})
        profile.action_load_tasks()

    def _render(self, user):
        report = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(allowed_company_ids=user.company_ids.ids)
        )
        html, _kind = report._render_qweb_html(
            "ib_competencies.action_report_portfolio", self.plan.ids
        )
        return html.decode()

    def test_portfolio_content(self):
        html = self._render(self.coordinator_a)
        self.assertIn("Professional Portfolio", html)
        self.assertIn("Coach three teachers with video", html)
        self.assertIn("Course on video feedback", html)
        self.assertIn(">24.0<", html)
        self.assertIn("Gives useful feedback", html)
        self.assertIn("Coordinating care", html)
        self.assertIn("790", html)
        self.assertEqual(html.count('class="o_ib_radar_series"'), 2)

    def test_portfolio_readers(self):
        self.assertIn("Course on video feedback", self._render(self.director))
        for user in (self.teacher_5, self.coordinator_a2, self.coordinator_b):
            with self.assertRaises(AccessError, msg=user.login):
                self._render(user)


@tagged("post_install", "-at_install")
class TestClassVisitExport(IbCompetenciesCommon):
    """The XLSX of class-visit scores per look-for over a school year."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.visit_5 = cls._visit(cls.teacher_5, cls.group_5, focus="instruction")
        cls.visit_6 = cls._visit(
            cls.teacher_6, cls.group_6, days=9, focus="instruction"
        )
        cls.goal = cls.env.ref("ib_competencies.look_for_goal")
        for visit, score in ((cls.visit_5, "2"), (cls.visit_6, "4")):
            visit.score_ids.filtered(lambda s: s.look_for_id == cls.goal).score = score

    def _export(self, user):
        wizard = self.as_user(user, "ib.class.visit.export").create(
            {"school_year_id": self.year_a.id, "company_id": self.school_a.id}
        )
        action = wizard.action_export()
        self.assertIn(
            f"/web/content/ib.class.visit.export/{wizard.id}/file_data", action["url"]
        )
        return openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.file_data)))

    def test_scores_per_look_for(self):
        book = self._export(self.coordinator_a)
        self.assertEqual(book.sheetnames, ["Visits", "Per look-for"])
        visits = book["Visits"]
        header = [c.value for c in visits[1]]
        self.assertEqual(header[:5], ["Date", "Teacher", "Group", "Focus", "Visitor"])
        self.assertIn(self.goal.name, header)
        col = header.index(self.goal.name)
        rows = {row[1].value: row for row in visits.iter_rows(min_row=2)}
        self.assertEqual(rows[self.teacher_5.name][col].value, 2)
        self.assertEqual(rows[self.teacher_6.name][col].value, 4)
        self.assertEqual(rows[self.teacher_5.name][3].value, "Instruction")
        summary = book["Per look-for"]
        line = next(
            r for r in summary.iter_rows(min_row=2) if r[0].value == self.goal.name
        )
        self.assertEqual([c.value for c in line[1:5]], [2, 3, 2, 4])

    def test_who_may_export(self):
        self.assertEqual(self._export(self.director)["Visits"].max_row, 3)
        with self.assertRaises(AccessError):
            self.as_user(self.teacher_5, "ib.class.visit.export").create(
                {"school_year_id": self.year_a.id}
            )
        wizard = self.as_user(self.coordinator_a, "ib.class.visit.export").create(
            {"school_year_id": self.year_a_previous.id, "company_id": self.school_a.id}
        )
        with self.assertRaises(UserError):
            wizard.action_export()
