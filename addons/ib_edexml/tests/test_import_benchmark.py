"""The import of a large school board location set, timed (opt-in):

    odoo-bin -d DB -i ib_edexml --test-tags ib_benchmark/ib_edexml --stop-after-init

(or ``make bench-suite``) and read the lines starting with "ib_benchmark:" in the log.
"""

import logging
import time
from unittest.mock import patch

from odoo.tests import tagged

from .common import IbEdexmlCommon

_logger = logging.getLogger(__name__)

PUPILS = 12_000
GROUPS = 500
TEACHERS = 600


def generate(year, brin):
    """A generated EDEXML 2.1 file: GROUPS groups (grade 1-8 round robin),
    PUPILS pupils spread over them, TEACHERS teachers with one or two groups."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<EDEX>\n<school>'
        f"<schooljaar>{year}</schooljaar><brincode>{brin}</brincode>"
        "<xsdversie>2.1</xsdversie></school>\n<groepen>\n"
    ]
    for g in range(GROUPS):
        parts.append(
            f'<groep key="g{g}"><naam>Groep {g % 8 + 1}-{g}</naam>'
            f"<jaargroep>{g % 8 + 1}</jaargroep></groep>\n"
        )
    parts.append("</groepen>\n<leerlingen>\n")
    for p in range(PUPILS):
        g = p % GROUPS
        parts.append(
            f'<leerling key="p{p}" eckid="eck-{p}">'
            f"<achternaam>Achternaam{p}</achternaam>"
            f"<voorvoegsel>van</voorvoegsel><roepnaam>Kind{p}</roepnaam>"
            f"<geboortedatum>{2014 + g % 8}-0{p % 9 + 1}-1{p % 9}</geboortedatum>"
            f"<geslacht>{1 + p % 2}</geslacht><jaargroep>{g % 8 + 1}</jaargroep>"
            f'<groep key="g{g}"/><instroomdatum>2022-08-2{p % 9}</instroomdatum>'
            "</leerling>\n"
        )
    parts.append("</leerlingen>\n<leerkrachten>\n")
    for t in range(TEACHERS):
        groups = {t % GROUPS, (t * 7) % GROUPS}
        refs = "".join(f'<groep key="g{g}"/>' for g in sorted(groups))
        parts.append(
            f'<leerkracht key="t{t}"><achternaam>Leraar{t}</achternaam>'
            f"<roepnaam>Juf{t}</roepnaam>"
            f"<emailadres>bench.leraar{t}@bench.example.com</emailadres>"
            f"<rol>LRK</rol><groepen>{refs}</groepen></leerkracht>\n"
        )
    parts.append("</leerkrachten>\n</EDEX>\n")
    return "".join(parts).encode()


@tagged("ib_benchmark", "post_install", "-at_install", "-standard")
class TestEdexmlImportBenchmark(IbEdexmlCommon):
    """Preview, apply and an unchanged re-import of 12,000 pupils, 500 groups and
    600 teachers: durations and query counts are logged (goals: preview < 10 s,
    apply < 30 s, re-import < 10 s); the query count of the preview and of the
    unchanged re-import must not grow with the number of pupils."""

    def measure(self, label, function):
        self.env.flush_all()
        self.env.invalidate_all()
        queries = self.cr.sql_log_count
        started, cpu = time.perf_counter(), time.process_time()
        result = function()
        self.env.flush_all()
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu
        count = self.cr.sql_log_count - queries
        # The CPU time of the Odoo process (not the database's) says more than
        # the wall-clock time on a shared, busy machine.
        _logger.info(
            "ib_benchmark: edexml %s: %.2f s (Odoo process CPU %.2f s), %s queries "
            "(%.1f per 1,000 pupils)",
            label,
            seconds,
            cpu,
            count,
            count / (PUPILS / 1000),
        )
        return result, count

    def test_benchmark(self):
        """Preview, apply and unchanged re-import in the current transaction
        (as the service is called from code)."""
        data = generate(self.year_name, self.school_a.ib_brin_code)
        _logger.info("ib_benchmark: edexml file of %.1f MB", len(data) / 1024 / 1024)
        service, school = self.service()
        plan, preview_queries = self.measure(
            "preview", lambda: service._ib_plan(school, data)
        )
        self.assertEqual(len(plan["pupils_new"]), PUPILS)
        log, apply_queries = self.measure(
            "apply", lambda: service._ib_apply(plan, filename="bench.xml")
        )
        self.assertEqual(log.pupil_new_count, PUPILS)
        self.assertEqual(log.group_new_count, GROUPS)
        self.assertEqual(log.teacher_new_count, TEACHERS)
        log, reimport_queries = self.measure(
            "unchanged re-import (preview + apply)",
            lambda: service._ib_apply(
                service._ib_plan(school, data), filename="bench.xml"
            ),
        )
        self.assertEqual(log.pupil_unchanged_count, PUPILS)
        self.assertEqual(log.pupil_changed_count + log.pupil_new_count, 0)
        # A fixed number of queries, not one per pupil, group or teacher.
        self.assertLess(preview_queries, 100)
        self.assertLess(reimport_queries, 200)
        # The apply: batches of pupils, and about two queries per new teacher
        # user that Odoo makes itself (joining the company channel); 7,842
        # when each user's avatar was written one by one.
        self.assertLess(apply_queries, 2 * TEACHERS + 200)

    def test_benchmark_background(self):
        """The same file as the wizard imports it: queued, then run by the job
        (plan and apply) with a commit after each step, here a flush."""
        data = generate(self.year_name, self.school_a.ib_brin_code)
        service, school = self.service()
        Log = self.env["ib.edexml.import.log"]
        log = service._ib_queue(school, data, filename="bench.xml")
        with patch.object(
            type(Log), "_ib_commit", lambda _log, _done, _remaining: None
        ):
            self.measure("background job (plan + apply)", Log._cron_run_imports)
        self.assertEqual(log.state, "done")
        self.assertEqual(
            (log.pupil_new_count, log.group_new_count, log.teacher_new_count),
            (PUPILS, GROUPS, TEACHERS),
        )
