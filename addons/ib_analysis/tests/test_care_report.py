import io
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import IbAnalysisCommon


@tagged("post_install", "-at_install")
class TestCareReport(IbAnalysisCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.context_today(cls.env["ib.support.request"])
        cls.requests = cls.env["ib.support.request"].create(
            [
                {
                    "pupil_id": cls.pupils[key].id,
                    "care_domain": "maths",
                    "question": "<p>Rekenen stagneert</p>",
                    "requester_id": cls.teacher_5.id,
                }
                for key in ("P2", "P3", "P4")
            ]
        )
        # answered after 2, 4 and 6 days
        for request, days in zip(cls.requests, (2, 4, 6), strict=True):
            request.date_answered = request.create_date.date() + timedelta(days)
        cls.today = today

    def _report(self, user=None, **vals):
        Report = self.as_user(user or self.coordinator_a, "ib.care.report")
        return Report.create(
            dict(
                {
                    "company_id": self.school_a.id,
                    "school_year_id": self.year_a.id,
                    "period": "year",
                },
                **vals,
            )
        )

    def _section(self, report, key):
        return next(s for s in report._ib_report_sections() if s["key"] == key)

    def test_period_dates(self):
        first = self._report(period="first")
        second = self._report(period="second")
        year = self.year_a
        self.assertEqual(first.date_from, year.date_start)
        self.assertEqual(first.date_to.strftime("%m-%d"), "01-31")
        self.assertEqual(second.date_from, first.date_to + timedelta(1))
        self.assertEqual(second.date_to, year.date_end)

    def test_results_section_exact_and_suppressed(self):
        report = self._report(suppress_small_numbers=False)
        rows = self._section(report, "results")["rows"]
        # maths this year: 5 of 8 at the norm; last year 9 of 16;
        # expected growth since the previous test: 4 of 8
        self.assertEqual(rows, [["Maths", 8, 62.5, 56.2, 50.0]])
        report.suppress_small_numbers = True
        self.assertEqual(
            self._section(report, "results")["rows"], [["Maths", 8, 62.5, 56.2, 50.0]]
        )

    def test_support_requests_small_numbers(self):
        open_report = self._report(suppress_small_numbers=False)
        rows = self._section(open_report, "support_requests")["rows"]
        self.assertEqual(rows, [["Maths", 3, 3, 4.0], ["Total", 3, 3, 4.0]])
        report = self._report()
        rows = self._section(report, "support_requests")["rows"]
        self.assertEqual(
            rows, [["Maths", "< 5", "< 5", "< 5"], ["Total", "< 5", "< 5", "< 5"]]
        )
        html = report.report_html
        self.assertIn("&lt; 5", html)
        self.assertIn("fewer than five pupils", html)

    def test_reference_levels_section(self):
        report = self._report()
        section = self._section(report, "reference_levels")
        self.assertIn(self.years_ago[1].name, section["columns"][1])
        self.assertEqual(
            section["rows"],
            [
                # 4 pupils that year: hidden; the three-year shares of 10 pupils shown
                ["Reading", "< 5", 90.0, 85.0, "OK", 60.0, 55.0, "OK"],
                ["Language", "< 5", 90.0, 85.0, "OK", 50.0, 55.0, "Below"],
                ["Maths", "< 5", 80.0, 85.0, "Below", 20.0, 55.0, "Below"],
                [
                    "Reading, Language and Maths",
                    12,
                    86.7,
                    85.0,
                    "OK",
                    43.3,
                    55.0,
                    "Below",
                ],
            ],
        )
        self.assertIn("text-danger", report.report_html)

    def test_signals_section(self):
        # a new pupil whose first result this year is at the lowest level
        newcomer = self._pupil("Lotte", "Smit", self.group_5)
        self.env["ib.assessment.result"].create(
            {
                "pupil_id": newcomer.id,
                "assessment_id": self.maths.id,
                "school_year_id": self.year_a.id,
                "moment": "middle",
                "score": 150,
            }
        )
        report = self._report(suppress_small_numbers=False)
        rows = self._section(report, "signals")["rows"]
        # P4 is at the lowest level from its first result (last year): its series
        # was signalled then, M5 is no new signal
        self.assertEqual(
            rows,
            [
                ["Level dropped", 0, 0],
                ["Lowest level at first result", 1, 0],
                ["Lowest level again", 0, 0],
            ],
        )

    def test_board_user_report_of_each_school(self):
        # the director reads the coordinator's reports of both schools
        report_a = self._report()
        report_b = self.as_user(self.coordinator_b, "ib.care.report").create(
            {
                "company_id": self.school_b.id,
                "school_year_id": self.year_b.id,
                "suppress_small_numbers": False,
            }
        )
        Report = self.as_user(self.director, "ib.care.report")
        self.assertEqual(Report.search([]), report_a | report_b)
        rows = self._section(report_b.with_user(self.director), "results")["rows"]
        self.assertEqual(rows, [["Maths", 1, 100.0, "-", "-"]])
        # a director may not create one
        with self.assertRaises(AccessError):
            Report.create(
                {"company_id": self.school_a.id, "school_year_id": self.year_a.id}
            )
        # the coordinator of school B never sees school A's report
        self.assertFalse(
            self.as_user(self.coordinator_b, "ib.care.report").search(
                [("id", "=", report_a.id)]
            )
        )

    def test_pdf_and_xlsx(self):
        import openpyxl  # pylint: disable=import-outside-toplevel

        report = self._report()
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(self.coordinator_a)
            ._render_qweb_html("ib_analysis.ib_care_report_action_pdf", report.ids)
        )
        html = html.decode()
        self.assertIn(report.name, html)
        self.assertIn("&lt; 5", html)
        self.assertIn("Test School A", html)  # the letterhead
        # user text goes in as text, never as a formula
        self.school_a.name = '=HYPERLINK("http://evil")'
        report.invalidate_recordset(["name"])
        workbook = openpyxl.load_workbook(io.BytesIO(report._ib_xlsx()))
        sheet = workbook.active
        self.assertEqual(sheet["A1"].data_type, "s")
        self.assertTrue(sheet["A1"].value.startswith("Care report =HYPERLINK"))
        values = [
            c.value for row in sheet.iter_rows() for c in row if c.value is not None
        ]
        self.assertIn("< 5", values)
        self.assertIn(62.5, values)
        action = report.action_export_xlsx()
        self.assertTrue(action["url"].startswith("/web/content/"))

    def test_cron_posts_the_report_for_the_directors(self):
        # the day after the first half of the current school year
        first_end = self._report(period="first").date_to
        with patch(
            "odoo.fields.Date.context_today", return_value=first_end + timedelta(1)
        ):
            reports = self.env["ib.care.report"]._cron_ib_period_reports()
            again = self.env["ib.care.report"]._cron_ib_period_reports()
        mine = reports.filtered(lambda r: r.company_id == self.school_a)
        self.assertEqual(len(mine), 1)
        self.assertEqual(mine.period, "first")
        self.assertTrue(mine.suppress_small_numbers)
        self.assertFalse(again.filtered(lambda r: r.company_id == self.school_a))
        message = mine.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertEqual(len(message), 1)
        self.assertIn(self.director.partner_id, message.partner_ids)
        self.assertNotIn(self.teacher_5.partner_id, message.partner_ids)
        self.assertEqual(len(message.attachment_ids), 1)
