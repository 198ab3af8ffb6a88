"""Board-scale import benchmark: N new results through the import service, side by
side with Odoo's own import of N contacts (``base_import``) in the same run (twice:
before and after, the faster of the two gives the ratio).

Opt-in (tags ``ib_benchmark``, ``-standard``; never part of ``make test``)::

    IB_BENCH_IMPORT_ROWS=50000 odoo-bin -d DB -i ib_care_plans \\
        --test-tags ib_benchmark/ib_care_plans:TestImportScaleBenchmark \\
        --stop-after-init --log-level=test

or ``make bench-suite``. Read the log lines starting with "ib_benchmark:".

Environment:

- ``IB_BENCH_IMPORT_ROWS``: rows of the file (default 50,000, the import's maximum);
- ``IB_BENCH_IMPORT_SCHOOLS``: schools of the board (default 10);
- ``IB_BENCH_IMPORT_PROFILE``: a file name prefix: write cProfile statistics of each
  step to ``<prefix>.new``, ``.unchanged``, ``.wizard`` and ``.contacts0`` /
  ``.contacts<N>`` (Odoo's import, run before and after the suite's; read them
  with ``python -m pstats``).

The board is built through the suite's own models, in batches: schools with a
BRIN code and a signal recipient each, this year's and last year's school years,
a group per grade 3 to 8, pupils with their membership, four tests shared by the
board with cut-offs, and last year's end result of every pupil and test (with
its level). The file then brings this year's middle results: about 3% of them
drop two bands or are the lowest level again, so the import raises signals.

The test asserts what the import did (rows, signals, one digest activity per
recipient, no e-mail per signal, an unchanged file writes nothing), never a
duration: the machine decides those. The durations, rows per second, queries,
activities and e-mails are logged.
"""

import cProfile
import logging
import os
import time
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.fields import Command
from odoo.tests import TransactionCase, tagged

_logger = logging.getLogger(__name__)

ROWS = int(os.environ.get("IB_BENCH_IMPORT_ROWS") or 50000)
SCHOOLS = int(os.environ.get("IB_BENCH_IMPORT_SCHOOLS") or 10)
PROFILE = os.environ.get("IB_BENCH_IMPORT_PROFILE")
TESTS = (
    ("Rekenen-Wiskunde", "BRW", "maths"),
    ("Begrijpend Lezen", "BBL", "reading_comprehension"),
    ("Spelling", "BSP", "spelling"),
    ("DMT", "BDMT", "technical_reading"),
)
GRADES = range(3, 9)
HEADER = ["BRIN", "Leerlingnummer", "Toets", "Toetsmoment", "Vaardigheidsscore"]
CREATE_BATCH = 5000


def cutoffs(grade, moment):
    """Lowest score of levels I to IV for a grade and moment."""
    base = 100 + 10 * grade + (5 if moment == "end" else 0)
    return base + 40, base + 30, base + 20, base + 10


@tagged("ib_benchmark", "post_install", "-at_install", "-standard")
class TestImportScaleBenchmark(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(
                cls.env.context,
                no_reset_password=True,
                tracking_disable=True,
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
            )
        )
        started = time.perf_counter()
        cls._build_board()
        _logger.info(
            "ib_benchmark: import board: %s schools, %s pupils, %s results of last "
            "year built in %.1f s",
            SCHOOLS,
            len(cls.pupils),
            cls.previous_count,
            time.perf_counter() - started,
        )

    @classmethod
    def _build_board(cls):
        env = cls.env
        cls.schools = env["res.company"].create(
            [
                {"name": f"Bench Import School {i:02d}", "ib_brin_code": f"96{i:02d}"}
                for i in range(SCHOOLS)
            ]
        )
        today = date.today()
        start = date(today.year if today.month >= 8 else today.year - 1, 8, 1)
        Year = env["ib.school.year"]
        year_vals = [
            {
                "date_start": begin,
                "date_end": begin + relativedelta(years=1, days=-17),
                "company_id": school.id,
            }
            for school in cls.schools
            for begin in (start, start - relativedelta(years=1))
        ]
        years = Year.create(year_vals)
        cls.year = years[0]
        current = years[0::2]
        previous = years[1::2]
        Users = env["res.users"]
        coordinator = env.ref("ib_core.group_ib_coordinator")
        cls.recipients = Users.create(
            [
                {
                    "name": f"Bench Coordinator {i:02d}",
                    "login": f"bench_import_ib_{i:02d}",
                    "email": f"bench_import_ib_{i:02d}@example.com",
                    "company_id": school.id,
                    "company_ids": [Command.set(school.ids)],
                    "group_ids": [Command.set(coordinator.ids)],
                }
                for i, school in enumerate(cls.schools)
            ]
        )
        for school, user in zip(cls.schools, cls.recipients, strict=True):
            school.ib_signal_user_id = user
        cls.board_user = Users.create(
            {
                "name": "Bench Board Coordinator",
                "login": "bench_import_board",
                "email": "bench_import_board@example.com",
                "company_id": cls.schools[0].id,
                "company_ids": [Command.set(cls.schools.ids)],
                "group_ids": [Command.set(coordinator.ids)],
            }
        )
        grades = {g: env.ref(f"ib_core.grade_{g}") for g in GRADES}
        groups = env["ib.group"].create(
            [
                {
                    "name": f"Bench {grade}",
                    "school_year_id": year.id,
                    "company_id": year.company_id.id,
                    "grade_ids": [Command.set(grades[grade].ids)],
                }
                for year in current
                for grade in GRADES
            ]
        )
        groups_by_school = {}
        for group in groups:
            groups_by_school.setdefault(group.company_id.id, []).append(group)
        cls.tests = env["ib.assessment"].create(
            [
                {
                    "name": f"Bench {name}",
                    "code": code,
                    "domain": domain,
                    "company_id": False,
                    "score_min": 0,
                    "score_max": 500,
                    "grade_ids": [Command.set([g.id for g in grades.values()])],
                    "norm_ids": [
                        Command.create(
                            dict(
                                zip(
                                    (
                                        "min_level_1",
                                        "min_level_2",
                                        "min_level_3",
                                        "min_level_4",
                                    ),
                                    cutoffs(number, moment),
                                    strict=True,
                                ),
                                grade_id=grade.id,
                                moment=moment,
                            )
                        )
                        for number, grade in grades.items()
                        for moment in ("middle", "end")
                    ],
                }
                for name, code, domain in TESTS
            ]
        )
        count = -(-ROWS // len(TESTS))
        pupil_vals = []
        for n in range(count):
            school = cls.schools[n % SCHOOLS]
            group = groups_by_school[school.id][(n // SCHOOLS) % len(GRADES)]
            pupil_vals.append(
                {
                    "first_name": f"Leerling{n}",
                    "last_name": "Bench",
                    "pupil_number": f"I{n:06d}",
                    "date_of_birth": date(2014, 1, 1) + relativedelta(days=n % 1500),
                    "company_id": school.id,
                    "membership_ids": [Command.create({"group_id": group.id})],
                }
            )
        Pupil = env["ib.pupil"]
        cls.pupils = Pupil
        for index in range(0, len(pupil_vals), CREATE_BATCH):
            cls.pupils |= Pupil.create(pupil_vals[index : index + CREATE_BATCH])
        previous_by_school = {y.company_id.id: y for y in previous}
        cls.pupil_grade = {
            pupil.id: grades_number
            for pupil, grades_number in zip(
                cls.pupils,
                (GRADES[(n // SCHOOLS) % len(GRADES)] for n in range(count)),
                strict=True,
            )
        }
        # Last year's end results, with their level (as an export gives it):
        # every 50th pupil was at the lowest level, the others at level II.
        Result = env["ib.assessment.result"]
        result_vals = []
        for n, pupil in enumerate(cls.pupils):
            for test in cls.tests:
                result_vals.append(
                    {
                        "pupil_id": pupil.id,
                        "assessment_id": test.id,
                        "school_year_id": previous_by_school[pupil.company_id.id].id,
                        "moment": "end",
                        "level": 5 if n % 50 == 0 else 2,
                    }
                )
        result_vals = result_vals[:ROWS]
        # the import's own batch create (``create`` is ten times slower)
        Result._ib_create_batch(result_vals)
        cls.previous_count = len(result_vals)
        env.flush_all()
        # The board starts without signals and their activities.
        cls.env["mail.activity"].search(
            [("user_id", "in", cls.recipients.ids)]
        ).unlink()

    # ------------------------------------------------------------------ files
    def _rows(self):
        """This year's middle results: about 3% drop from II to V (a signal),
        the pupils who were at the lowest level stay there (a signal)."""
        rows = []
        for n, pupil in enumerate(self.pupils):
            grade = self.pupil_grade[pupil.id]
            _first, second, _third, fourth = cutoffs(grade, "middle")
            for index, test in enumerate(self.tests):
                if len(rows) == ROWS:
                    return rows
                lowest = n % 50 == 0 or (n * 7 + index * 13) % 100 < 3
                score = fourth - 5 if lowest else second + (n + index) % 10
                rows.append(
                    [
                        pupil.company_id.ib_brin_code,
                        pupil.pupil_number,
                        test.code,
                        f"M{grade}",
                        str(score),
                    ]
                )
        return rows

    @staticmethod
    def _csv(header, rows, delimiter=";"):
        lines = [delimiter.join(header)]
        lines.extend(delimiter.join(str(c) for c in row) for row in rows)
        return ("\r\n".join(lines) + "\r\n").encode()

    # --------------------------------------------------------------- measuring
    def _max_ids(self):
        self.env.flush_all()
        cr = self.env.cr
        found = {}
        for table in ("mail_activity", "mail_mail", "mail_message"):
            cr.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
            found[table] = cr.fetchone()[0]
        return found

    def _created_since(self, before):
        self.env.flush_all()
        cr = self.env.cr
        found = {}
        for table, max_id in before.items():
            cr.execute(
                f"SELECT COUNT(*) FROM {table} WHERE id > %s",  # noqa: S608
                (max_id,),
            )
            found[table] = cr.fetchone()[0]
        return found

    def _timed(self, function, label):
        """(result, seconds, queries) of ``function()``, flushed."""
        self.env.flush_all()
        self.env.invalidate_all()
        queries = self.env.cr.sql_log_count
        started = time.perf_counter()
        if PROFILE:
            profiler = cProfile.Profile()
            result = profiler.runcall(function)
            self.env.flush_all()
            profiler.dump_stats(f"{PROFILE}.{label}")
        else:
            result = function()
            self.env.flush_all()
        return (
            result,
            time.perf_counter() - started,
            self.env.cr.sql_log_count - queries,
        )

    def _import(self, content, label):
        service = (
            self.env["ib.assessment.import.service"]
            .with_user(self.board_user)
            .with_context(allowed_company_ids=self.schools.ids)
        )
        mapping = {
            "school": "BRIN",
            "pupil_number": "Leerlingnummer",
            "assessment": "Toets",
            "moment": "Toetsmoment",
            "score": "Vaardigheidsscore",
        }

        steps = []

        def run():
            started = time.perf_counter()
            table = service.parse(content, "board.csv", mapping)
            report = service.preview(table, self.year, companies=self.schools)
            steps.append(time.perf_counter() - started)
            service.apply(report)
            return report

        report, seconds, queries = self._timed(run, label)
        _logger.info(
            "ib_benchmark: %s: read and check the file %.2f s, write %.2f s",
            label,
            steps[0],
            seconds - steps[0],
        )
        return report, seconds, queries

    def _partner_import(self, shift=0):
        """Odoo's own import of ROWS contacts as the administrator, the way the
        web client's import runs it (base_import parses the CSV and calls
        ``load``)."""
        admin = self.env.ref("base.user_admin")
        rows = [
            [
                f"Bench Contact {n}",
                f"bench.contact.{n}@example.com",
                f"+31 20 {n:07d}",
                f"Dorpsstraat {n % 200 + 1}",
                "1234 AB",
                "Amsterdam",
                f"BC{n:06d}",
            ]
            for n in range(shift, shift + ROWS)
        ]
        header = ["name", "email", "phone", "street", "zip", "city", "ref"]
        content = self._csv(header, rows, delimiter=",")
        env = self.env(user=admin, su=False)
        if "base_import.import" in env:
            wizard = env["base_import.import"].create(
                {
                    "res_model": "res.partner",
                    "file": content,
                    "file_type": "text/csv",
                    "file_name": "contacts.csv",
                }
            )
            options = {
                "quoting": '"',
                "separator": ",",
                "encoding": "utf-8",
                "has_headers": True,
            }

            def run():
                return wizard.execute_import(header, header, options)

            how = "base_import"
        else:

            def run():
                return env["res.partner"].load(header, rows)

            how = "load()"
        result, seconds, queries = self._timed(run, f"contacts{shift}")
        errors = [m for m in result.get("messages", []) if m.get("type") == "error"]
        self.assertFalse(errors, errors[:3])
        self.assertEqual(len(result["ids"]), ROWS)
        return how, seconds, queries

    def _log(self, label, rows, seconds, queries, created=None):
        created = created or {}
        _logger.info(
            "ib_benchmark: %s: %s rows in %.2f s = %.0f rows/s, %s queries%s",
            label,
            rows,
            seconds,
            rows / seconds,
            queries,
            (
                ", {mail_activity} activities, {mail_mail} e-mails, "
                "{mail_message} messages".format(**created)
                if created
                else ""
            ),
        )

    # ------------------------------------------------------------------- test
    def test_board_import_against_odoo_contact_import(self):
        rows = self._rows()
        self.assertEqual(len(rows), ROWS)
        content = self._csv(HEADER, rows)
        Result = self.env["ib.assessment.result"]
        domain = [("company_id", "in", self.schools.ids)]

        # Odoo's own import before and after the suite's: the machine is shared
        # and its load changes within a run; the ratio uses the faster of the two
        how, partner_first, partner_queries = self._partner_import()
        self._log(f"Odoo contact import ({how})", ROWS, partner_first, partner_queries)

        before = self._max_ids()
        report, seconds, queries = self._import(content, "new")
        created = self._created_since(before)
        self._log("results import (new rows)", ROWS, seconds, queries, created)
        self.assertFalse(report.errors, report.errors[:5])
        self.assertEqual(len(report.create), ROWS)
        self.assertEqual(Result.search_count(domain), self.previous_count + ROWS)
        signals = Result.search_count([*domain, ("signal", "!=", False)])
        _logger.info(
            "ib_benchmark: %s signals on %s pupils",
            signals,
            len(Result.search([*domain, ("signal", "!=", False)]).pupil_id),
        )
        self.assertTrue(signals)
        # what the wizard adds: linking the imported results for "View Results"
        new_results = Result.search([*domain, ("moment", "=", "middle")])
        wizard = (
            self.env["ib.assessment.import"]
            .with_user(self.board_user)
            .with_context(allowed_company_ids=self.schools.ids)
            .create({"company_id": False, "school_year_id": self.year.id})
        )
        _result, link_seconds, link_queries = self._timed(
            lambda: wizard.write({"imported_result_ids": new_results.ids}),
            "wizard",
        )
        _logger.info(
            "ib_benchmark: the wizard links the %s imported results in %.2f s, "
            "%s queries",
            len(new_results),
            link_seconds,
            link_queries,
        )
        # one digest activity per signal recipient, no e-mail per signal
        digest = self.env.ref("ib_care_plans.mail_activity_type_result_signal_digest")
        digests = self.env["mail.activity"].search(
            [
                ("activity_type_id", "=", digest.id),
                ("user_id", "in", self.recipients.ids),
            ]
        )
        self.assertEqual(digests.user_id, self.recipients)
        self.assertEqual(len(digests), len(self.recipients))
        self.assertEqual(created["mail_activity"], len(self.recipients))
        self.assertLessEqual(created["mail_mail"], len(self.recipients))
        import_seconds = seconds

        how, partner_seconds, partner_queries = self._partner_import(shift=ROWS)
        self._log(
            f"Odoo contact import ({how})", ROWS, partner_seconds, partner_queries
        )
        partner_seconds = min(partner_first, partner_seconds)
        _logger.info(
            "ib_benchmark: results import %.0f rows/s, Odoo contact import %.0f "
            "rows/s (the faster of two): %.2fx Odoo's speed",
            ROWS / import_seconds,
            ROWS / partner_seconds,
            partner_seconds / import_seconds,
        )

        before = self._max_ids()
        report, seconds, queries = self._import(content, "unchanged")
        created = self._created_since(before)
        self._log("results import again (unchanged)", ROWS, seconds, queries, created)
        self.assertEqual(report.unchanged, ROWS)
        self.assertEqual(created["mail_activity"], 0)
