from odoo.tests import tagged

from .common import SafetyCommon

SAFE = "Ik voel me veilig op school"


@tagged("post_install", "-at_install")
class TestSafetyCareReport(SafetyCommon):
    """The section "Social safety" of the care report: this year's monitor next
    to last year's, small numbers hidden as on the monitor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey.write(
            {
                "line_ids": [
                    cls._line_vals(cls.q_safe, cls.group_6, 24, 21),
                    cls._line_vals(cls.q_safe, cls.group_7a, 4, 1),
                    cls._line_vals(cls.q_safe, cls.group_8, 26, 24),
                ]
            }
        )

    def _section(self, user=None, **vals):
        report = self.as_user(user or self.coordinator_a, "ib.care.report").create(
            dict(
                {"company_id": self.school_a.id, "school_year_id": self.year_a.id},
                **vals,
            )
        )
        sections = report._ib_report_sections()
        self.assertEqual(sections[-1]["key"], "social_safety")
        return sections[-1], report

    def test_only_a_done_monitor_is_reported(self):
        section, _report = self._section()
        self.assertEqual(section["rows"], [])
        self.assertEqual(section["title"], "Social safety")

    def test_this_year_next_to_last_year_small_numbers_hidden(self):
        self.survey.action_done()
        section, report = self._section()
        self.assertEqual(
            section["rows"],
            [
                # 46 of 54; last year 42 of 50
                [SAFE, "Whole school", 54, 85.2, 84.0],
                # hidden with grade 7, else 54 - 26 would tell grade 7
                [SAFE, "Grade 6", "x", "x", 75.0],
                [SAFE, "Grade 7", "< 5", "< 5", "-"],
                [SAFE, "Grade 8", 26, 92.3, 90.0],
            ],
        )
        html = report.report_html
        self.assertIn("Social safety", html)
        self.assertIn("&lt; 5", html)
        self.assertNotIn("87.5", html)
        self.assertNotIn("25.0", html)

    def test_care_team_reads_every_number(self):
        self.survey.action_done()
        section, _report = self._section(suppress_small_numbers=False)
        self.assertEqual(
            section["rows"][1:3],
            [[SAFE, "Grade 6", 24, 87.5, 75.0], [SAFE, "Grade 7", 4, 25.0, "-"]],
        )

    def test_director_reads_the_section(self):
        self.survey.action_done()
        _section, report = self._section()
        section = report.with_user(self.director)._ib_report_sections()[-1]
        self.assertEqual(section["rows"][0], [SAFE, "Whole school", 54, 85.2, 84.0])

    def test_other_school_in_the_report(self):
        # school B's monitor is never in school A's report, nor A's in B's
        self.survey_b.action_done()
        section, _report = self._section()
        self.assertEqual(section["rows"], [])
        section, _report = self._section(
            user=self.coordinator_b,
            company_id=self.school_b.id,
            school_year_id=self.year_b.id,
        )
        self.assertEqual(
            section["rows"],
            [[SAFE, "Whole school", 12, 83.3, "-"], [SAFE, "Grade 8", 12, 83.3, "-"]],
        )

    def _queries(self, report):
        self.env.invalidate_all()
        # the report's own fields, read by every section
        report.read(["company_id", "school_year_id", "suppress_small_numbers"])
        report.school_year_id.read(["date_start"])
        before = self.env.cr.sql_log_count
        report._ib_section_social_safety()
        return self.env.cr.sql_log_count - before

    def test_query_count_constant(self):
        _section, report = self._section()
        self.env.flush_all()
        self._queries(report)
        # no monitor done: one search (counted in ib_analysis' test_performance)
        self.assertEqual(self._queries(report), 1)
        self._lines((self.q_bullied, self.group_6, 20, 18))
        self.survey.action_done()
        self.env.flush_all()
        self._queries(report)  # warm the record rules of the monitor's models
        with_data = self._queries(report)
        self.survey.action_draft()
        self._lines(
            (self.q_safe, self.group_7b, 20, 18),
            (self.q_bullied, self.group_7a, 20, 18),
            (self.q_bullied, self.group_7b, 20, 18),
            (self.q_bullied, self.group_8, 20, 18),
        )
        self.survey.action_done()
        self.env.flush_all()
        self.assertEqual(self._queries(report), with_data)
