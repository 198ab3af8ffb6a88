from odoo.tests import tagged

from .common import IbAnalysisCommon


@tagged("post_install", "-at_install")
class TestAnalysisPerformance(IbAnalysisCommon):
    """The analysis costs the same number of queries whatever the data."""

    def _more_data(self, size):
        """``size`` more pupils in group 5 with a year of results each."""
        pupils = self.env["ib.pupil"].create(
            [
                {
                    "first_name": f"Extra{i}",
                    "last_name": "Leerling",
                    "pupil_number": f"X{size}{i:04d}",
                    "company_id": self.school_a.id,
                    "membership_ids": [
                        (0, 0, {"group_id": self.group_5.id}),
                        (0, 0, {"group_id": self.group_4_prev.id}),
                    ],
                }
                for i in range(size)
            ]
        )
        self.env["ib.assessment.result"].create(
            [
                {
                    "pupil_id": pupil.id,
                    "assessment_id": self.maths.id,
                    "school_year_id": year.id,
                    "moment": moment,
                    "score": score + i % 30,
                }
                for i, pupil in enumerate(pupils)
                for year, moment, score in (
                    (self.years_ago[1], "middle", 190),
                    (self.years_ago[1], "end", 200),
                    (self.years_ago[0], "middle", 210),
                )
            ]
        )
        self.env.flush_all()

    def _pivot(self, user):
        return self.as_user(user, "ib.analysis.result").formatted_read_grouping_sets(
            [("years_ago", "<", 5)],
            [["domain", "grade_id"], ["school_year_id", "moment"], []],
            ["at_norm_pct:avg", "__count"],
        )

    def _report_sections(self, report):
        report.invalidate_recordset()
        self.env.invalidate_all()
        return report._ib_report_sections()

    def _queries(self, func):
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        func()
        return self.env.cr.sql_log_count - before

    def test_query_counts_constant(self):
        report = self.as_user(self.coordinator_a, "ib.care.report").create(
            {"company_id": self.school_a.id, "school_year_id": self.year_a.id}
        )
        self.env.flush_all()
        users = (self.coordinator_a, self.director, self.teacher_5)
        # warm the registry caches (record rules, access rights) once
        for user in users:
            self._pivot(user)
        self._report_sections(report)
        pivot = {user: self._queries(lambda u=user: self._pivot(u)) for user in users}
        sections = self._queries(lambda: self._report_sections(report))
        for user in users:
            self.assertLessEqual(pivot[user], PIVOT_MAX_QUERIES, user.login)
        # the sections of this addon; bridges add a few searches each
        self.assertLessEqual(sections, REPORT_MAX_QUERIES)

        self._more_data(60)
        for user in users:
            self.env.invalidate_all()
            with self.assertQueryCount(pivot[user]):
                groups = self._pivot(user)
            self.assertTrue(groups[2])
        self.env.invalidate_all()
        with self.assertQueryCount(sections):
            found = self._report_sections(report)
        results = next(s for s in found if s["key"] == "results")
        self.assertEqual(results["rows"][0][1], 68)


# Measured: the pivot's grouping sets in one query, plus the names of the groups
# (school years, grades) and the user's companies; the report's sections in a
# fixed list of searches and read_groups.
PIVOT_MAX_QUERIES = 5
# 14 for the sections of this addon, 3 for those of ib_analysis_referrals, 1 for
# that of ib_social_safety (no monitor in this data).
REPORT_MAX_QUERIES = 18
