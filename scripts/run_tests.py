#!/usr/bin/env python3
"""Test entry point of the IB suite (run with .venv/bin/python, or python3 in Docker).

Tiers:

* static: pytest on ``tests/`` without a database (``-m "not odoo"``);
* integration: a throw-away database ``ib_test_<pid>`` in which every ``ib_*`` addon
  is installed with demo data and its Odoo tests run (``--test-tags /ib_x,...``),
  followed by pytest on ``tests/`` (all tiers) against that database;
* the gate of issue 25: Odoo's own tests of the core apps the suite extends
  (calendar, portal, mail, contacts) in a second throw-away database
  ``<db>_core`` with every ib_* addon installed without demo data
  (scripts/odoo_own_tests.py runs them post-install against the complete registry;
  a failure counts unless scripts/odoo_own_tests_exclusions.txt names the test as
  failing on bare Odoo too).

The last line printed is always ``N passed, N failed`` (plus ``, N skipped`` when
N > 0); the exit status is 1 exactly when N failed > 0.  Checks that are not tests
(install failed, no tests ran, warnings of our addons in the Odoo log, pytest could
not run) count as one failed each.  Without Odoo the integration tier counts as
skipped, never as passed.

Environment:
  ODOO_PATH        Odoo 19 source (default /opt/odoo19); core addons: $ODOO_PATH/addons
  ODOO_BIN         an Odoo executable to use instead of "python $ODOO_PATH/odoo-bin"
                   (e.g. /usr/bin/odoo in the official Docker image)
  IB_ODOO_PYTHON   python that runs odoo-bin (default: the python running this script)
  IB_ADDONS_DIR    directory holding the ib_* addons (default <repo>/addons)
  PGHOST/PGPORT/PGUSER/PGPASSWORD  database connection (libpq; default local socket)
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_ODOO_PATH = "/opt/odoo19"

# "2026-01-01 10:00:00,123 4242 WARNING dbname odoo.some.logger: message"
RECORD_RE = re.compile(
    r"^(?P<time>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+) (?P<pid>\d+) (?P<level>\S+) "
    r"(?P<db>\S+) (?P<logger>[^\s:]+): ?(?P<msg>.*)$"
)
RESULT_RE = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests")
LOADING_RE = re.compile(r"^Loading module (\S+) \(")
LOADED_RE = re.compile(r"^Module (\S+) loaded in ")
TEST_SUMMARY_RE = re.compile(
    r"^(Module \S+: \d+ failures, \d+ errors of \d+ tests"
    r"|At least one test failed when loading the modules)"
)
IB_MENTION_RE = re.compile(r"\bib_[a-z0-9_]+|\bib\.[a-z][a-z0-9_.]*")
PROBLEM_LEVELS = ("WARNING", "ERROR", "CRITICAL")


def say(msg=""):
    print(msg, flush=True)


# --------------------------------------------------------------------------- helpers
def odoo_command(odoo_path, python):
    """Return the argv prefix that starts Odoo, or None when there is no Odoo."""
    odoo_bin = os.environ.get("ODOO_BIN")
    if odoo_bin:
        found = shutil.which(odoo_bin)
        return [found] if found else None
    script = Path(odoo_path) / "odoo-bin"
    if script.is_file():
        return [python, str(script)]
    return None


def discover_addons(addons_dir):
    if not addons_dir.is_dir():
        return []
    return sorted(
        p.name
        for p in addons_dir.iterdir()
        if p.name.startswith("ib_") and (p / "__manifest__.py").is_file()
    )


def stop(proc):
    """Terminate a child process (on Ctrl-C / SIGTERM), then kill it if it lingers."""
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _on_sigterm(signum, frame):
    # turn SIGTERM (CI timeout, docker stop) into SystemExit so that the `finally`
    # blocks stop Odoo/pytest and drop the test database
    raise SystemExit(128 + signum)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_exists(name):
    try:
        out = subprocess.run(
            [
                "psql",
                "-d",
                "postgres",
                "-tAc",
                "SELECT 1 FROM pg_database WHERE datname = :'n'",
                "-v",
                f"n={name}",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError:
        return False
    return out.stdout.strip() == "1"


def drop_database(name):
    for cmd in (
        ["dropdb", "--if-exists", "--force", name],
        ["dropdb", "--if-exists", name],
    ):
        try:
            res = subprocess.run(cmd, capture_output=True, text=True, check=False)
        except FileNotFoundError:
            break
        if res.returncode == 0:
            say(f"[run_tests] dropped database {name}")
            return True
    try:
        res = subprocess.run(
            ["psql", "-d", "postgres", "-c", f'DROP DATABASE IF EXISTS "{name}"'],
            capture_output=True,
            text=True,
            check=False,
        )
        if res.returncode == 0:
            say(f"[run_tests] dropped database {name}")
            return True
        say(
            f"[run_tests] WARNING: could not drop database {name}: {res.stderr.strip()}"
        )
    except FileNotFoundError:
        say(f"[run_tests] WARNING: neither dropdb nor psql found; database {name} left")
    return False


# ------------------------------------------------------------------------ log parsing
class Record:
    """One log record: its first line parsed, continuation lines kept."""

    def __init__(self, level, logger, msg, line, module):
        self.level = level
        self.logger = logger
        self.msg = msg
        self.lines = [line]
        self.module = module  # the module being loaded when it was logged

    @property
    def text(self):
        return "\n".join([self.msg] + self.lines[1:])


class OdooLogAnalyzer:
    """Groups the Odoo log into records and classifies them.

    A WARNING/ERROR/CRITICAL record concerns our addons when
      * its logger is ``odoo.addons.ib_*``, or
      * its text (message + continuation lines, e.g. a py.warnings traceback or a
        "View error context") mentions an ib_ addon, an ib_ file or an ``ib.*`` model,
      * or it is logged while one of our addons is being loaded (between
        "Loading module ib_x" and "Module ib_x loaded"), which catches warnings that
        name nothing, e.g. "Model attribute '_sql_constraints' is no longer supported".
    The database name (``ib_test_...``) is blanked out before matching.
    ERROR/CRITICAL records fail the run wherever they come from; WARNINGs only when
    they concern our addons (others are listed as a note).
    """

    def __init__(self, addons, dbname):
        self.addons = set(addons)
        self.dbname = dbname
        self.records = []
        self.current_module = None
        self.result = None  # (failed, errors, total)
        self.skipped = 0
        self.skipped_outside_run = 0

    def feed(self, line):
        """Feed one raw log line; return the record it starts, None for a
        continuation line (traceback, multi-line message) of the previous one."""
        m = RECORD_RE.match(line)
        if not m:
            if self.records:
                self.records[-1].lines.append(line)
            return None
        level, logger, msg = m["level"], m["logger"], m["msg"]
        if logger == "odoo.modules.loading":
            lm = LOADING_RE.match(msg)
            if lm:
                self.current_module = lm[1]
            elif LOADED_RE.match(msg):
                self.current_module = None
        rec = Record(level, logger, msg, line, self.current_module)
        self.records.append(rec)
        if rec.logger == "odoo.tests.result":
            rm = RESULT_RE.search(rec.msg)
            if rm:
                self.result = tuple(int(x) for x in rm.groups())
        if (
            rec.level == "INFO"
            and rec.logger.startswith(("odoo.addons.", "odoo.tests.suite"))
            and rec.msg.startswith("skipped ")
        ):
            # a test skipped in its method is also in "of T tests"; a class skipped
            # in setUpClass (logger odoo.tests.suite: "skipped setUpClass (...)") is
            # not, and counts here as one skipped test
            if rec.msg.startswith(("skipped setUpClass", "skipped setUpModule")):
                self.skipped_outside_run += 1
            else:
                self.skipped += 1
        return rec

    def _ours(self, rec):
        if rec.logger.startswith("odoo.addons.ib_"):
            return True
        text = rec.text
        if self.dbname:
            text = text.replace(self.dbname, "<db>")
        if IB_MENTION_RE.search(text):
            return True
        return bool(
            rec.module and (rec.module in self.addons or rec.module.startswith("ib_"))
        )

    def is_test_report(self, rec):
        """FAIL:/ERROR: reports of a test and Odoo's per-module test summaries:
        counted by the test figures, not as log warnings."""
        if rec.logger.startswith("odoo.addons.") and rec.msg.startswith(
            ("FAIL:", "ERROR:")
        ):
            return True
        return rec.logger == "odoo.modules.loading" and bool(
            TEST_SUMMARY_RE.match(rec.msg)
        )

    def problems(self):
        """WARNING+ records concerning our addons, other than test failure reports."""
        return [
            r
            for r in self.records
            if r.level in PROBLEM_LEVELS
            and self._ours(r)
            and not self.is_test_report(r)
            and r.logger != "odoo.tests.result"
        ]

    def test_reports(self):
        return [
            r
            for r in self.records
            if r.level in PROBLEM_LEVELS and self.is_test_report(r)
        ]

    def other_errors(self):
        """ERROR/CRITICAL records not attributed to our addons (still a failure)."""
        return [
            r
            for r in self.records
            if r.level in ("ERROR", "CRITICAL")
            and not self._ours(r)
            and not self.is_test_report(r)
            and r.logger != "odoo.tests.result"
        ]

    def other_warnings(self):
        return [
            r
            for r in self.records
            if r.level == "WARNING"
            and not self._ours(r)
            and r.logger != "odoo.tests.result"
        ]


def compact(rec, addons):
    """One short stdout line for the interesting records, None for the rest."""
    msg = rec.msg.rstrip()
    msg = msg if len(msg) <= 160 else msg[:157] + "..."
    if rec.level in PROBLEM_LEVELS:
        return f"  {rec.level} {rec.logger}: {msg}"
    if rec.logger == "odoo.modules.loading":
        lm = LOADING_RE.match(rec.msg) or LOADED_RE.match(rec.msg)
        if (
            (lm and lm[1] in addons)
            or rec.msg.startswith(("Initializing database", "Modules loaded"))
            or re.match(r"^loading \d+ modules", rec.msg)
        ):
            return f"  {msg}"
        return None
    if rec.logger.startswith("odoo.addons.ib_") and ".tests" in rec.logger:
        if rec.msg.startswith("Starting "):
            return f"    test {rec.msg[len('Starting ') :].rstrip(' .')}"
        if rec.msg.startswith("skipped "):
            return f"    {msg}"
    if rec.logger in ("odoo.tests.result", "odoo.tests.suite") and (
        rec.logger == "odoo.tests.result" or msg.startswith("skipped ")
    ):
        return f"  {msg}"
    return None


def print_records(title, records, max_lines=60, context=False):
    if not records:
        return
    say(f"\n[run_tests] {title} ({len(records)}):")
    for rec in records:
        if context and rec.module:
            say(f"  (logged while Odoo was loading module {rec.module})")
        lines = rec.lines
        if len(lines) > max_lines:
            lines = (
                lines[:5]
                + [f"    ... ({len(lines) - max_lines} lines) ..."]
                + lines[-(max_lines - 5) :]
            )
        for line in lines:
            say("  | " + line)


# ---------------------------------------------------------------------- Odoo tier
def run_odoo(cmd_prefix, odoo_path, addons_dir, addons, db, data_dir, log_path):
    core = Path(odoo_path) / "addons"
    addons_path = f"{core},{addons_dir}" if core.is_dir() else str(addons_dir)
    port = free_port()
    cmd = cmd_prefix + [
        f"--addons-path={addons_path}",
        "-d",
        db,
        "-i",
        ",".join(addons),
        "--with-demo",
        "--stop-after-init",
        "--test-tags",
        ",".join(f"/{a}" for a in addons),
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        "--log-level=info",
        f"--data-dir={data_dir}",
        "--max-cron-threads=0",
    ]
    say(f"[run_tests] $ {' '.join(cmd)}")
    say(f"[run_tests] full Odoo log: {log_path}")
    analyzer = OdooLogAnalyzer(addons, db)
    addon_set = set(addons)
    start = time.monotonic()
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
            bufsize=1,
        )
        try:
            for raw in proc.stdout:
                log.write(raw)
                line = raw.rstrip("\n")
                rec = analyzer.feed(line)
                if rec is not None:
                    out = compact(rec, addon_set)
                    if out:
                        say(out)
            rc = proc.wait()
        except BaseException:
            stop(proc)
            raise
    duration = time.monotonic() - start
    return rc, analyzer, duration, addons_path


def odoo_tier(cmd_prefix, odoo_path, addons_dir, addons, db, data_dir, log_path):
    """Returns dict(passed, failed, skipped, problems) for the Odoo part."""
    rc, an, duration, addons_path = run_odoo(
        cmd_prefix, odoo_path, addons_dir, addons, db, data_dir, log_path
    )
    res = {
        "passed": 0,
        "failed": 0,
        "skipped": 0,
        "notes": [],
        "addons_path": addons_path,
        "installed": bool(an.result) and rc != 255,
    }
    say(f"[run_tests] Odoo install + tests took {duration:.0f}s (exit status {rc})")
    if an.result:
        failed, errors, total = an.result
        skipped = an.skipped + an.skipped_outside_run
        res["passed"] = max(0, total - failed - errors - an.skipped)
        res["failed"] = failed + errors
        res["skipped"] = skipped
        say(
            f"[run_tests] Odoo tests: {total} run, {res['passed']} passed, "
            f"{failed} failed, {errors} error(s), {skipped} skipped"
        )
        if total == 0:
            res["failed"] += 1
            res["notes"].append("no tests ran (the test tags matched no test)")
    else:
        res["failed"] += 1
        res["notes"].append("Odoo did not report test results (install failed?)")
    if rc != 0:
        if not res["failed"]:
            res["failed"] += 1
        res["notes"].append(
            f"Odoo exited with status {rc}"
            + (" (install failed)" if rc in (255, -1) else "")
        )

    print_records("test failures and errors", an.test_reports())
    problems = an.problems()
    if problems:
        print_records(
            "warnings/errors in the Odoo log concerning our addons",
            problems,
            context=True,
        )
        res["failed"] += 1
        res["notes"].append(
            f"{len(problems)} warning/error record(s) concerning ib_ addons"
        )
    others = an.other_errors()
    if others:
        # ERROR/CRITICAL from anywhere fails the run: a clean install logs none
        print_records("other errors in the Odoo log", others, max_lines=40)
        res["notes"].append(f"{len(others)} other ERROR/CRITICAL record(s) in the log")
        if res["installed"]:
            res["failed"] += 1
    if not res["installed"]:
        tail = (
            Path(log_path)
            .read_text(encoding="utf-8", errors="replace")
            .splitlines()[-40:]
        )
        say("\n[run_tests] tail of the Odoo log:")
        for line in tail:
            say("  | " + line)
    other_w = an.other_warnings()
    if other_w:
        say(f"[run_tests] note: {len(other_w)} core warning(s) (not failing), e.g.:")
        for rec in other_w[:5]:
            say(f"  | {rec.logger}: {rec.msg[:160]}")
    return res


# ------------------------------------------------------- Odoo's own tests (the gate)
CORE_TEST_MODULES = ("calendar", "portal", "mail", "contacts")
EXCLUSIONS_FILE = REPO / "scripts" / "odoo_own_tests_exclusions.txt"
# "FAIL: TestClass.test_method", "ERROR: Subtest TestClass.test_method (x=1)",
# "ERROR: setUpClass (odoo.addons.mail.tests.test_x.TestClass)"
TEST_REPORT_RE = re.compile(
    r"^(?:FAIL|ERROR): (?:Subtest )?(?:(?P<cls>\w+)\.(?P<method>\w+)"
    r"|\w+ \((?:odoo\.addons\.)?[\w.]*?\.(?P<cls2>\w+)\))"
)
TEST_LOGGER_RE = re.compile(r"^odoo\.addons\.(?P<module>\w+)\.tests\b")


def read_exclusions(path=EXCLUSIONS_FILE):
    """``{"/module:Class.method": reason}`` from the exclusion list: one test a
    line, in Odoo's tag syntax, the reason after ``#`` (required)."""
    result = {}
    if not path.is_file():
        return result
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        spec, _sep, reason = line.partition("#")
        spec, reason = spec.strip(), reason.strip()
        if not re.match(r"^/\w+:\w+(\.\w+)?$", spec) or not reason:
            raise ValueError(
                f"{path.name}:{number}: expected '/module:Class.method  # reason'"
            )
        result[spec] = reason
    return result


def failed_test_specs(analyzer):
    """The failed/errored tests of a run, as ``/module:Class.method`` (or
    ``/module:Class`` for a class that failed in setUpClass)."""
    specs = set()
    for rec in analyzer.test_reports():
        m = TEST_REPORT_RE.match(rec.msg)
        lm = TEST_LOGGER_RE.match(rec.logger)
        if not m:
            continue
        module = lm["module"] if lm else "?"
        if m["cls"]:
            specs.add(f"/{module}:{m['cls']}.{m['method']}")
        else:
            specs.add(f"/{module}:{m['cls2']}")
    return specs


def core_tests_command(python, odoo_path, addons_path, db, modules, data_dir, port):
    exclusions = read_exclusions()
    tags = [f"/{m}" for m in modules] + [f"-{spec}" for spec in sorted(exclusions)]
    return [
        python,
        str(REPO / "scripts" / "odoo_own_tests.py"),
        f"--addons-path={addons_path}",
        "-d",
        db,
        "--stop-after-init",
        "--test-tags",
        ",".join(tags),
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        "--log-level=info",
        f"--data-dir={data_dir}",
        "--max-cron-threads=0",
    ]


def core_tests(cmd_prefix, python, odoo_path, addons_path, addons, db, tmpdir, keep_db):
    """The gate: a second throw-away database with every ib_* addon (and the core
    apps whose tests run) installed *without* demo data — a school's Odoo has none,
    and Odoo's own tests must not depend on the suite's demo pupils and parents —
    then Odoo's own tests on it. The exclusion list was measured on a bare Odoo
    database installed the same way."""
    if database_exists(db):
        return {"failed": 1, "notes": [f"database {db} already exists"]}
    data_dir = tmpdir / "data-core"
    log_path = tmpdir / "odoo-own-tests-install.log"
    cmd = cmd_prefix + [
        f"--addons-path={addons_path}",
        "-d",
        db,
        "-i",
        ",".join([*CORE_TEST_MODULES, *addons]),
        "--stop-after-init",
        "--http-interface=127.0.0.1",
        f"--http-port={free_port()}",
        "--log-level=warn",
        f"--data-dir={data_dir}",
        "--max-cron-threads=0",
    ]
    say(f"\n[run_tests] database for Odoo's own tests (no demo data): {db}")
    say(f"[run_tests] $ {' '.join(cmd)}")
    start = time.monotonic()
    try:
        with open(log_path, "w", encoding="utf-8") as log:
            rc = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT).returncode
        say(
            f"[run_tests] install for Odoo's own tests took "
            f"{time.monotonic() - start:.0f}s (exit status {rc})"
        )
        if rc != 0:
            return {
                "failed": 1,
                "notes": [f"install for Odoo's own tests failed (see {log_path})"],
            }
        return core_tests_tier(
            python,
            odoo_path,
            addons_path,
            addons,
            db,
            data_dir,
            tmpdir / "odoo-own-tests.log",
        )
    finally:
        if keep_db:
            say(f"[run_tests] --keep-db: database {db} kept")
        else:
            drop_database(db)
            shutil.rmtree(data_dir, ignore_errors=True)


def core_tests_tier(
    python,
    odoo_path,
    addons_path,
    addons,
    db,
    data_dir,
    log_path,
    modules=CORE_TEST_MODULES,
):
    """Odoo's own tests of ``modules`` on the database ``db`` (every ib_* addon
    installed), all of them post-install; the tests named in the exclusion list
    (failing on bare Odoo too) are left out by negative tags."""
    env = dict(os.environ, ODOO_PATH=odoo_path)
    try:
        cmd = core_tests_command(
            python, odoo_path, addons_path, db, modules, data_dir, free_port()
        )
    except ValueError as exc:
        return {"failed": 1, "notes": [str(exc)]}
    say(f"\n[run_tests] Odoo's own tests of {', '.join(modules)} with the suite")
    say(f"[run_tests] $ {' '.join(cmd)}")
    say(f"[run_tests] full log: {log_path}")
    analyzer = OdooLogAnalyzer(addons, db)
    start = time.monotonic()
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
            bufsize=1,
            env=env,
        )
        try:
            for raw in proc.stdout:
                log.write(raw)
                rec = analyzer.feed(raw.rstrip("\n"))
                if rec is not None and analyzer.is_test_report(rec):
                    say(f"  {rec.level} {rec.logger}: {rec.msg[:160]}")
            rc = proc.wait()
        except BaseException:
            stop(proc)
            raise
    duration = time.monotonic() - start
    res = {"passed": 0, "failed": 0, "skipped": 0, "notes": []}
    if not analyzer.result:
        res["failed"] = 1
        res["notes"].append("Odoo's own tests: no result (see the log)")
        return res
    failed, errors, total = analyzer.result
    res["passed"] = max(0, total - failed - errors - analyzer.skipped)
    res["failed"] = failed + errors
    res["skipped"] = analyzer.skipped + analyzer.skipped_outside_run
    say(
        f"[run_tests] Odoo's own tests with the suite took {duration:.0f}s: {total} "
        f"run, {res['passed']} passed, {failed} failed, {errors} error(s), "
        f"{res['skipped']} skipped (exit status {rc})"
    )
    if total == 0:
        res["failed"] += 1
        res["notes"].append("Odoo's own tests: no tests ran")
    specs = failed_test_specs(analyzer)
    if specs:
        say("[run_tests] Odoo's own tests failing with the suite (not excluded):")
        for spec in sorted(specs):
            say(f"  - {spec}")
        res["notes"].append(
            f"{len(specs)} of Odoo's own tests fail with the suite: "
            + ", ".join(sorted(specs))
        )
    elif res["failed"]:
        res["notes"].append("Odoo's own tests failed (see the log)")
    problems = analyzer.problems()
    if problems:
        print_records(
            "warnings/errors concerning our addons during Odoo's own tests", problems
        )
        res["failed"] += 1
        res["notes"].append(
            f"{len(problems)} warning/error record(s) concerning ib_ addons during "
            "Odoo's own tests"
        )
    return res


# ---------------------------------------------------------------------- pytest tier
def parse_junit(path):
    tree = ET.parse(path)
    root = tree.getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    total = failures = errors = skipped = 0
    for s in suites:
        total += int(s.get("tests", 0))
        failures += int(s.get("failures", 0))
        errors += int(s.get("errors", 0))
        skipped += int(s.get("skipped", 0))
    return total, failures, errors, skipped


def run_pytest(args, env, tmpdir, marker=None):
    junit = Path(tmpdir) / "pytest-junit.xml"
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        str(REPO / "tests"),
        "-q",
        "-rfEs",
        f"--junitxml={junit}",
        "-p",
        "no:cacheprovider",
    ]
    if marker:
        cmd += ["-m", marker]
    if args.k:
        cmd += ["-k", args.k]
    say(f"[run_tests] $ {' '.join(cmd)}")
    start = time.monotonic()
    proc = subprocess.Popen(
        cmd,
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    )
    try:
        for line in proc.stdout:
            sys.stdout.write(line)
            sys.stdout.flush()
        rc = proc.wait()
    except BaseException:
        stop(proc)
        raise
    say(f"[run_tests] pytest took {time.monotonic() - start:.0f}s (exit status {rc})")
    res = {
        "passed": 0,
        "failed": 0,
        "skipped": 0,
        "notes": [],
    }
    if junit.is_file():
        total, failures, errors, skipped = parse_junit(junit)
        res["passed"] = total - failures - errors - skipped
        res["failed"] = failures + errors
        res["skipped"] = skipped
    if rc not in (0, 1, 5) or (rc == 1 and not res["failed"]):
        # 2 interrupted, 3 internal error, 4 usage error: count as a failure
        res["failed"] += 1
        res["notes"].append(f"pytest exited with status {rc}")
    return res


# ---------------------------------------------------------------------------- main
def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--keep-db", action="store_true", help="do not drop the test database"
    )
    p.add_argument(
        "--db", help="name of the throw-away database (default ib_test_<pid>)"
    )
    p.add_argument(
        "--static-only", action="store_true", help="run only the static tier"
    )
    p.add_argument(
        "--addons",
        action="append",
        help="subset of ib_ addons to install and test (comma-separated)",
    )
    p.add_argument("-k", help="pytest -k expression (passed through)")
    p.add_argument(
        "--core-tests",
        choices=("auto", "yes", "no"),
        default="auto",
        help="run Odoo's own tests of calendar, portal, mail and contacts on the "
        "test database (auto: when every ib_* addon is under test)",
    )
    return p.parse_args(argv)


def closing_line(passed, failed, skipped):
    line = f"{passed} passed, {failed} failed"
    if skipped:
        line += f", {skipped} skipped"
    return line


class Totals:
    def __init__(self):
        self.passed = self.failed = self.skipped = 0
        self.notes = []
        self.keep_tmp = False

    def add(self, res):
        self.passed += res.get("passed", 0)
        self.failed += res.get("failed", 0)
        self.skipped += res.get("skipped", 0)
        self.notes.extend(res.get("notes", []))


def select_addons(args, addons_dir):
    """The addons to test, or None (after printing why) when --addons is wrong."""
    all_addons = discover_addons(addons_dir)
    if not args.addons:
        return all_addons
    wanted = [a.strip() for item in args.addons for a in item.split(",") if a.strip()]
    unknown = sorted(set(wanted) - set(all_addons))
    if unknown:
        say(f"[run_tests] unknown addon(s) under {addons_dir}: {', '.join(unknown)}")
        return None
    return wanted


def count_live_tests(args, env):
    """Number of tests marked odoo (matching -k): skipped by the static tier."""
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        str(REPO / "tests"),
        "--collect-only",
        "-q",
        "-m",
        "odoo",
        "-p",
        "no:cacheprovider",
    ]
    if args.k:
        cmd += ["-k", args.k]
    res = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True)
    return sum(1 for line in res.stdout.splitlines() if "::" in line)


def static_tier(args, env, tmpdir, totals, odoo_suite=True):
    """pytest without the live tests; they (and the Odoo suite) count as skipped."""
    totals.add(run_pytest(args, env, tmpdir, marker="not odoo"))
    totals.skipped += count_live_tests(args, env) + (1 if odoo_suite else 0)


def integration(args, env, tmpdir, totals, cmd_prefix, addons, addons_dir):
    db = args.db or f"ib_test_{os.getpid()}"
    run_core_tests = args.core_tests == "yes" or (
        args.core_tests == "auto" and set(addons) == set(discover_addons(addons_dir))
    )
    if args.db and database_exists(db):
        say(
            f"[run_tests] database {db} already exists; choose another --db or drop "
            "it first (the runner only tests fresh databases)"
        )
        totals.add({"failed": 1, "notes": [f"database {db} already exists"]})
        return
    data_dir = tmpdir / "data"
    say(f"[run_tests] addons under test: {', '.join(addons)} (from {addons_dir})")
    say(f"[run_tests] throw-away database: {db}")
    try:
        res = odoo_tier(
            cmd_prefix,
            env["ODOO_PATH"],
            addons_dir,
            addons,
            db,
            data_dir,
            tmpdir / "odoo-test.log",
        )
        totals.add(res)
        env["IB_TEST_DB"] = db
        env["IB_ADDONS_PATH"] = res["addons_path"]
        env["IB_ODOO_DATA_DIR"] = str(data_dir)
        if res["installed"]:
            totals.add(run_pytest(args, env, tmpdir))
            if run_core_tests:
                totals.add(
                    core_tests(
                        cmd_prefix,
                        env["IB_ODOO_PYTHON"],
                        env["ODOO_PATH"],
                        res["addons_path"],
                        addons,
                        f"{db}_core",
                        tmpdir,
                        args.keep_db,
                    )
                )
        else:
            say(
                "[run_tests] the install failed: pytest runs the static tier only, "
                "the live tests count as skipped"
            )
            env.pop("IB_TEST_DB")
            static_tier(args, env, tmpdir, totals, odoo_suite=False)
    finally:
        if args.keep_db:
            say(f"[run_tests] --keep-db: database {db} kept (data dir {data_dir})")
            totals.keep_tmp = True
        else:
            drop_database(db)
            shutil.rmtree(data_dir, ignore_errors=True)


def main(argv=None):
    signal.signal(signal.SIGTERM, _on_sigterm)
    args = parse_args(argv)
    odoo_path = os.environ.get("ODOO_PATH") or DEFAULT_ODOO_PATH
    python = os.environ.get("IB_ODOO_PYTHON") or sys.executable
    addons_dir = Path(os.environ.get("IB_ADDONS_DIR") or REPO / "addons").resolve()
    addons = select_addons(args, addons_dir)
    if addons is None:
        say(closing_line(0, 1, 0))
        return 1

    cmd_prefix = None if args.static_only else odoo_command(odoo_path, python)
    env = dict(os.environ)
    env.pop("IB_TEST_DB", None)
    env.update(
        {
            "ODOO_PATH": odoo_path,
            "IB_ODOO_PYTHON": python,
            "IB_ADDONS_DIR": str(addons_dir),
            "IB_ADDONS": ",".join(addons),
        }
    )
    totals = Totals()
    tmpdir = Path(tempfile.mkdtemp(prefix="ibsuite-tests-"))

    if cmd_prefix is None:
        if args.static_only:
            say("[run_tests] --static-only: the integration tier is skipped")
        else:
            where = (
                f"ODOO_BIN={os.environ['ODOO_BIN']}"
                if os.environ.get("ODOO_BIN")
                else f"{odoo_path} ({odoo_path}/odoo-bin not found)"
            )
            say(
                f"No Odoo 19 at {where}: running the static tier only; the "
                "integration tier counts as skipped."
            )
        static_tier(args, env, tmpdir, totals)
    elif not addons:
        say(f"[run_tests] no ib_* addons found under {addons_dir}")
        totals.add({"failed": 1, "notes": ["no ib_* addons to test"]})
        static_tier(args, env, tmpdir, totals, odoo_suite=False)
    else:
        integration(args, env, tmpdir, totals, cmd_prefix, addons, addons_dir)

    if totals.notes:
        say("\n[run_tests] problems:")
        for note in totals.notes:
            say(f"  - {note}")
    if totals.failed or totals.keep_tmp:
        say(f"[run_tests] logs kept in {tmpdir}")
    else:
        shutil.rmtree(tmpdir, ignore_errors=True)
    say(closing_line(totals.passed, totals.failed, totals.skipped))
    return 1 if totals.failed else 0


if __name__ == "__main__":
    sys.exit(main())
