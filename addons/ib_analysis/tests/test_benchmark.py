"""Analysis benchmark: a school board's five years of results.

Not part of the standard run. Run it with:

    odoo-bin -d DB -i ib_analysis --test-tags ib_benchmark/ib_analysis \
        --stop-after-init --log-level=test

(or ``make bench-suite``) and read the lines starting with "ib_benchmark:" in the log.
The test asserts the number of queries (the same for one school and for the board),
never a duration.
"""

import logging
import os
import time

from dateutil.relativedelta import relativedelta

from odoo.fields import Command
from odoo.tests import tagged

from .common import IbAnalysisCommon

_logger = logging.getLogger(__name__)

# IB_BENCH_ANALYSIS_PUPILS_PER_GRADE sets the scale: 60 gives 3,600 results a school
# (five years, groups 3-8, two moments); 600 gives 36,000.
PUPILS_PER_GRADE = int(os.environ.get("IB_BENCH_ANALYSIS_PUPILS_PER_GRADE", "60"))
GRADES = range(3, 9)
YEARS = 5


@tagged("ib_benchmark", "post_install", "-at_install", "-standard")
class TestAnalysisBenchmark(IbAnalysisCommon):
    @classmethod
    def _school_data(cls, school, current):
        """Five school years of a school with groups 3-8, PUPILS_PER_GRADE pupils
        a grade moving up each year, and maths results in the middle and at the
        end of every year."""
        Year = cls.env["ib.school.year"]
        years = current
        for ago in range(1, YEARS):
            start = current.date_start - relativedelta(years=ago)
            found = Year.search(
                [("company_id", "=", school.id), ("date_start", "=", start)]
            )
            years |= found or cls._create_year(school, start)
        groups = {}
        for year in years:
            for number in GRADES:
                groups[(year, number)] = cls.env["ib.group"].create(
                    {
                        "name": f"Bench {number} {year.name}",
                        "school_year_id": year.id,
                        "company_id": school.id,
                        "grade_ids": [
                            Command.set(cls.env.ref(f"ib_core.grade_{number}").ids)
                        ],
                    }
                )
        ordered = years.sorted("date_start")
        pupil_vals = []
        for cohort in range(3, 9 + YEARS):
            for index in range(PUPILS_PER_GRADE):
                memberships = [
                    Command.create({"group_id": groups[(year, number)].id})
                    for offset, year in enumerate(ordered)
                    if (number := cohort - YEARS + 1 + offset) in GRADES
                ]
                if memberships:
                    pupil_vals.append(
                        {
                            "first_name": f"B{cohort}-{index}",
                            "last_name": school.ib_brin_code,
                            "pupil_number": (
                                f"{school.ib_brin_code}{cohort:02d}{index:03d}"
                            ),
                            "company_id": school.id,
                            "membership_ids": memberships,
                        }
                    )
        pupils = cls.env["ib.pupil"].create(pupil_vals)
        result_vals = []
        for membership in pupils.membership_ids:
            for moment, score in (("middle", 200), ("end", 210)):
                result_vals.append(
                    {
                        "pupil_id": membership.pupil_id.id,
                        "assessment_id": cls.maths.id,
                        "school_year_id": membership.school_year_id.id,
                        "moment": moment,
                        "score": score + membership.pupil_id.id % 40,
                    }
                )
        cls.env["ib.assessment.result"].with_context(ib_defer_refresh=True).create(
            result_vals
        )
        cls.env.flush_all()
        # as autovacuum does on a live database: the planner's statistics
        cls.env.cr.execute(
            "ANALYZE ib_assessment_result, ib_pupil, ib_group_membership, ib_group"
        )
        return len(result_vals)

    def _measure(self, label, func):
        self.env.invalidate_all()
        queries = self.env.cr.sql_log_count
        started = time.perf_counter()
        func()
        elapsed = time.perf_counter() - started
        queries = self.env.cr.sql_log_count - queries
        _logger.info("ib_benchmark: %s: %d queries, %.3f s", label, queries, elapsed)
        return queries

    def _run_all(self, report):
        Result = self.as_user(self.director, "ib.analysis.result")
        Growth = self.as_user(self.director, "ib.analysis.growth")
        calls = {
            "pivot results": lambda: Result.formatted_read_grouping_sets(
                [("years_ago", "<", 5)],
                [["domain", "grade_id"], ["school_year_id", "moment"], []],
                ["at_norm_pct:avg", "__count"],
            ),
            "schools side by side": lambda: Result.formatted_read_group(
                [], ["company_id", "school_year_id"], ["at_norm_pct:avg", "__count"]
            ),
            "growth per group": lambda: Growth.formatted_read_group(
                [("span", "=", "next")], ["group_id"], ["growth_met_pct:avg", "__count"]
            ),
            "care report": lambda: report._ib_report_sections(),
        }

        for func in calls.values():
            func()  # warm the caches
        for name in sorted(m for m in dir(report) if m.startswith("_ib_section_")):
            self._measure(f"care report {name[12:]}", getattr(report, name))
        return {label: self._measure(label, func) for label, func in calls.items()}

    def test_board_scale(self):
        report = self.as_user(self.coordinator_a, "ib.care.report").create(
            {"company_id": self.school_a.id, "school_year_id": self.year_a.id}
        )
        started = time.perf_counter()
        count_a = self._school_data(self.school_a, self.year_a)
        _logger.info(
            "ib_benchmark: one school: %d results in %.1f s",
            count_a,
            time.perf_counter() - started,
        )
        one_school = self._run_all(report.with_user(self.director))
        count_b = self._school_data(self.school_b, self.year_b)
        rows = self.env["ib.analysis.result"].search_count([])
        _logger.info(
            "ib_benchmark: board: %d results of the two schools, %d rows in the view",
            count_a + count_b,
            rows,
        )
        board = self._run_all(report.with_user(self.director))
        self.assertEqual(board, one_school, "query counts constant in the data")
