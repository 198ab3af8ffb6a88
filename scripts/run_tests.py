#!/usr/bin/env python3
"""Test entry point of the IB suite (`make test`, `.ci/run`).

Odoo's own runner does the work (``odoo-bin -i ... --test-tags ...``), checklog-odoo
judges each Odoo log (``checklog-odoo.cfg`` lists the records it may ignore, each with
its reason), pytest runs ``tests/``.  This script only orders the runs and adds up
their figures.  The runs, in order:

1. static    pytest ``tests/`` without a database (``-m "not odoo"``);
2. alone     every ``addons/ib_*`` (bridges included) installed alone with its
             dependencies in its own database, running its own tests
             (``-i ib_x --test-tags /ib_x``): proves that each addon stands on what its
             manifest declares; then the addon is uninstalled there as Apps does
             (``scripts/lifecycle_check.py``: a clean log, no external id, table or
             column of it left);
3. together  every addon in one database with demo data, all their tests, then pytest
             ``tests/`` (all of it) against that database (``IB_TEST_DB``); then every
             addon is upgraded (``-u``) and ib_core is uninstalled, which takes every
             addon with it (one check per addon, as above);
4. gate      Odoo's own tests of calendar, portal, mail and contacts, post-install,
             with every ib_* addon installed and no demo data
             (``scripts/odoo_own_tests.py``); a test named in
             ``scripts/odoo_own_tests_exclusions.txt`` fails on bare Odoo too and is
             left out by a negative tag.

The Odoo dependencies (mail, portal, contacts, calendar, ...) are installed once in a
template database that runs 2 and 3 copy (``createdb -T``), which saves one core
install per run.  The last line printed is always ``N passed, N failed`` (plus
``, N skipped``); the exit status is 1 exactly when N failed > 0.  A check that is not
a test (an install that failed, a run in which no test ran, a log with records
checklog-odoo does not accept, pytest that could not run) counts as one failed.
Without Odoo only the static run runs and the rest counts as skipped, never as passed.

Environment:
  ODOO_PATH        Odoo 19 source (default /opt/odoo19); core addons: $ODOO_PATH/addons
  ODOO_BIN         an Odoo executable to use instead of "python $ODOO_PATH/odoo-bin"
  IB_ODOO_PYTHON   python that runs odoo-bin (default: the python running this script)
  IB_ADDONS_DIR    directory holding the ib_* addons (default <repo>/addons)
  PGHOST/PGPORT/PGUSER/PGPASSWORD  database connection (libpq; default local socket)
"""

import argparse
import ast
import json
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
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHECKLOG_CFG = REPO / "checklog-odoo.cfg"
EXCLUSIONS_FILE = REPO / "scripts" / "odoo_own_tests_exclusions.txt"
CORE_TEST_MODULES = ("calendar", "portal", "mail", "contacts")
TIERS = ("static", "alone", "together", "gate")

RESULT_RE = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests")
RECORD_RE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>\w+) \S+ (?P<logger>\S+): "
    r"(?P<msg>.*)$"
)
# Records that the test figures already count: a test's FAIL/ERROR report and Odoo's
# summaries of them.  checklog-odoo must not count them a second time.
TEST_REPORT_IGNORES = (
    r" odoo\.addons\.\w+\.tests\.[\w.]+: (FAIL|ERROR): ",
    r" odoo\.tests\.[\w.]+: (FAIL|ERROR): ",
    r" odoo\.modules\.loading: (Module \S+: \d+ failures|At least one test failed)",
    r" odoo\.tests\.result: \d+ failed, \d+ error\(s\) of \d+ tests",
)
# In the gate, Odoo's own tests log warnings and errors of their own on purpose; only
# the records that name an ib_ addon, file or model are the suite's business.
NOT_OURS_IGNORE = r"\A(?![\s\S]*\bib[_.][a-z])"


def say(msg=""):
    print(msg, flush=True)


def closing_line(passed, failed, skipped):
    line = f"{passed} passed, {failed} failed"
    return line + (f", {skipped} skipped" if skipped else "")


class Totals:
    def __init__(self):
        self.passed = self.failed = self.skipped = 0
        self.notes = []

    def add(self, passed=0, failed=0, skipped=0, note=None):
        self.passed += passed
        self.failed += failed
        self.skipped += skipped
        if note:
            self.notes.append(note)


def _on_sigterm(signum, frame):
    # CI timeout / docker stop: unwind through the `finally` blocks (drop databases)
    raise SystemExit(128 + signum)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def drop_database(name, data_dir):
    subprocess.run(["dropdb", "--if-exists", "--force", name], capture_output=True)
    shutil.rmtree(data_dir / "filestore" / name, ignore_errors=True)


def copy_database(template, name, data_dir):
    res = subprocess.run(["createdb", "-T", template, name], capture_output=True)
    if res.returncode:
        return res.stderr.decode(errors="replace").strip()
    src = data_dir / "filestore" / template
    if src.is_dir():
        shutil.copytree(src, data_dir / "filestore" / name)
    return None


# ------------------------------------------------------------------------ addons
def manifest(addons_dir, addon):
    return ast.literal_eval((addons_dir / addon / "__manifest__.py").read_text())


def discover_addons(addons_dir):
    return sorted(
        p.parent.name for p in addons_dir.glob("ib_*/__manifest__.py") if p.is_file()
    )


def core_dependencies(addons_dir, addons):
    """The Odoo addons (not ib_*) that ``addons`` depend on, directly or not."""
    core, seen, todo = set(), set(), list(addons)
    while todo:
        addon = todo.pop()
        if addon in seen:
            continue
        seen.add(addon)
        for dep in manifest(addons_dir, addon).get("depends", []):
            (todo.append if dep.startswith("ib_") else core.add)(dep)
    return sorted(core)


# ------------------------------------------------------------------------ one Odoo run
class OdooRun:
    """One ``odoo-bin`` process on one database, its log judged by checklog-odoo."""

    def __init__(self, ctx, label, db, args, log_name, gate=False, script=None):
        self.ctx, self.label, self.db, self.gate = ctx, label, db, gate
        self.log = ctx.tmpdir / log_name
        prefix = [ctx.python, str(script)] if script else ctx.odoo_cmd
        self.cmd = prefix + [
            f"--addons-path={ctx.addons_path}",
            f"--data-dir={ctx.data_dir}",
            f"--logfile={self.log}",
            "--log-level=info",
            "--stop-after-init",
            "--max-cron-threads=0",
            "--http-interface=127.0.0.1",
            f"--http-port={free_port()}",
            "-d",
            db,
            *args,
        ]
        self.rc = None
        self.result = None  # (failed, errors, run)
        self.skipped = 0  # skipped tests counted in "of N tests"
        self.skipped_classes = 0  # classes skipped in setUpClass: not in N
        self.reports = []
        self.checklog = ""
        self.checklog_ok = True
        self.seconds = 0.0

    def run(self):
        start = time.monotonic()
        env = dict(os.environ, ODOO_PATH=str(self.ctx.odoo_path))
        self.rc = subprocess.run(
            self.cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
        ).returncode
        self.seconds = time.monotonic() - start
        self._read_log()
        self._checklog()
        return self

    def _read_log(self):
        text = (
            self.log.read_text(encoding="utf-8", errors="replace")
            if self.log.is_file()
            else ""
        )
        for line in text.splitlines():
            m = RECORD_RE.match(line)
            if not m:
                continue
            msg, logger = m["msg"], m["logger"]
            r = RESULT_RE.search(msg)
            if r and "when loading" in msg:
                self.result = tuple(int(x) for x in r.groups())
            elif m["level"] == "INFO" and msg.startswith("skipped setUp"):
                # a class skipped in setUpClass never ran and is not in "of N
                # tests": it counts as one skipped test
                self.skipped_classes += 1
            elif m["level"] == "INFO" and msg.startswith("skipped "):
                self.skipped += 1
            elif m["level"] == "ERROR" and msg.startswith(("FAIL: ", "ERROR: ")):
                self.reports.append(f"{logger}: {msg}")

    def _checklog(self):
        ignores = list(TEST_REPORT_IGNORES) + ([NOT_OURS_IGNORE] if self.gate else [])
        cmd = [self.ctx.checklog, "--no-echo", "-c", str(CHECKLOG_CFG)]
        for regex in ignores:
            cmd += ["--ignore", regex]
        log = self.log
        if self.gate and self.log.is_file():
            # the database name may hold "ib_" (--db): not a mention of the suite
            log = self.log.with_suffix(".checked.log")
            text = self.log.read_text(encoding="utf-8", errors="replace")
            log.write_text(text.replace(self.db, "<db>"), encoding="utf-8")
        res = subprocess.run(
            [*cmd, str(log)], capture_output=True, text=True, check=False
        )
        self.checklog_ok = res.returncode == 0
        # only the records that failed the check (the ignored ones are known)
        out = res.stdout + res.stderr
        cut = out.find("errors that caused failure")
        self.checklog = out[cut:] if cut >= 0 else out

    def count(self, totals, expect_tests=True):
        """Add this run's figures to ``totals`` and print them."""
        if self.result:
            failed, errors, run = self.result
            skipped = self.skipped + self.skipped_classes
            passed = max(0, run - failed - errors - self.skipped)
            totals.add(passed, failed + errors, skipped)
            say(
                f"[run_tests] {self.label}: {run} tests, {passed} passed, {failed} "
                f"failed, {errors} error(s), {skipped} skipped ({self.seconds:.0f}s)"
            )
        elif expect_tests:
            totals.add(failed=1, note=f"{self.label}: Odoo reported no test result")
        for report in self.reports:
            say(f"  {report[:200]}")
        if self.result and self.result[2] == 0 and expect_tests:
            totals.add(failed=1, note=f"{self.label}: no test ran")
        if self.rc != 0 and not (self.result and sum(self.result[:2])):
            totals.add(failed=1, note=f"{self.label}: odoo-bin exited with {self.rc}")
        if not self.checklog_ok:
            totals.add(failed=1, note=f"{self.label}: checklog-odoo refused the log")
            say(f"[run_tests] {self.label}: checklog-odoo refused {self.log}:")
            say("\n".join(f"  | {line}" for line in self.checklog.splitlines()[:80]))
        return self


# ------------------------------------------------------------------------ tiers
class Context:
    def __init__(self, args):
        self.args = args
        self.odoo_path = Path(os.environ.get("ODOO_PATH") or "/opt/odoo19")
        self.python = os.environ.get("IB_ODOO_PYTHON") or sys.executable
        self.addons_dir = Path(
            os.environ.get("IB_ADDONS_DIR") or REPO / "addons"
        ).resolve()
        self.addons_path = f"{self.odoo_path / 'addons'},{self.addons_dir}"
        odoo_bin = os.environ.get("ODOO_BIN")
        if odoo_bin:
            found = shutil.which(odoo_bin)
            self.odoo_cmd = [found] if found else None
        elif (self.odoo_path / "odoo-bin").is_file():
            self.odoo_cmd = [self.python, str(self.odoo_path / "odoo-bin")]
        else:
            self.odoo_cmd = None
        self.checklog = shutil.which("checklog-odoo", path=Path(sys.executable).parent)
        self.checklog = self.checklog or shutil.which("checklog-odoo")
        self.tmpdir = Path(tempfile.mkdtemp(prefix="ibsuite-tests-"))
        self.data_dir = self.tmpdir / "data"
        self.prefix = args.db or f"ibtest_{os.getpid()}"
        self.databases = []

    def db(self, suffix):
        name = f"{self.prefix}_{suffix}"
        self.databases.append(name)
        return name


def run_pytest(ctx, env, totals, marker=None):
    junit = ctx.tmpdir / f"pytest-{marker or 'all'}.xml".replace(" ", "-")
    cmd = [sys.executable, "-m", "pytest", str(REPO / "tests"), "-q", "-rfEs"]
    cmd += [f"--junitxml={junit}", "-p", "no:cacheprovider"]
    cmd += ["-m", marker] if marker else []
    cmd += ["-k", ctx.args.k] if ctx.args.k else []
    say(f"[run_tests] $ {' '.join(cmd)}")
    rc = subprocess.run(cmd, cwd=REPO, env=env).returncode
    if junit.is_file():
        root = ET.parse(junit).getroot()
        suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
        get = lambda key: sum(int(s.get(key, 0)) for s in suites)  # noqa: E731
        bad, skipped = get("failures") + get("errors"), get("skipped")
        totals.add(get("tests") - bad - skipped, bad, skipped)
        if rc == 1 and bad:
            return
    if rc not in (0, 5):
        totals.add(failed=1, note=f"pytest exited with status {rc}")


def count_live_tests(ctx):
    cmd = [sys.executable, "-m", "pytest", str(REPO / "tests"), "--collect-only"]
    cmd += ["-q", "-m", "odoo", "-p", "no:cacheprovider"]
    cmd += ["-k", ctx.args.k] if ctx.args.k else []
    out = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True).stdout
    return sum(1 for line in out.splitlines() if "::" in line)


def make_template(ctx, addons, totals):
    """A database with the Odoo addons that ``addons`` need, for the runs to copy."""
    core = core_dependencies(ctx.addons_dir, addons)
    db = ctx.db("template")
    say(f"[run_tests] template database {db}: {', '.join(core)} (with demo data)")
    run = OdooRun(ctx, "template", db, ["-i", ",".join(core), "--with-demo"], "t.log")
    run.run().count(totals, expect_tests=False)
    return db if run.rc == 0 and run.checklog_ok else None


def tier_alone(ctx, template, addons, totals):
    """Each addon alone with its dependencies, its own tests (at_install + post)."""
    runs = []
    for addon in addons:
        db = ctx.db(addon.removeprefix("ib_"))
        error = copy_database(template, db, ctx.data_dir)
        if error:
            totals.add(
                failed=1, note=f"{addon} alone: cannot copy the template: {error}"
            )
            continue
        args = ["-i", addon, "--test-tags", f"/{addon}"]
        runs.append(OdooRun(ctx, f"{addon} alone", db, args, f"alone-{addon}.log"))
    say(f"[run_tests] each addon alone: {len(runs)} runs, {ctx.args.jobs} at a time")

    def tests_then_uninstall(run):
        run.run()
        addon = run.label.split()[0]
        life = None
        if run.rc == 0 or (run.result and sum(run.result[:2])):
            life = Lifecycle(ctx, f"{addon} alone", run.db, [addon]).run()
        return run, life

    with ThreadPoolExecutor(max_workers=ctx.args.jobs) as pool:
        for run, life in pool.map(tests_then_uninstall, runs):
            run.count(totals)
            if life:
                life.count(totals)
            if not ctx.args.keep_db:
                drop_database(run.db, ctx.data_dir)


def tier_together(ctx, template, addons, totals, env):
    db = ctx.db("all")
    error = copy_database(template, db, ctx.data_dir)
    if error:
        totals.add(failed=1, note=f"all together: cannot copy the template: {error}")
        return None
    tags = ",".join(f"/{a}" for a in addons)
    say(f"[run_tests] every addon together in {db}: {', '.join(addons)}")
    run = OdooRun(
        ctx,
        "together",
        db,
        ["-i", ",".join(addons), "--test-tags", tags],
        "together.log",
    )
    run.run().count(totals)
    if run.rc == 255 or not run.result:
        return None
    env.update(
        IB_TEST_DB=db,
        IB_ADDONS_PATH=ctx.addons_path,
        IB_ODOO_DATA_DIR=str(ctx.data_dir),
    )
    run_pytest(ctx, env, totals)
    # the life cycle on the database every test used: upgrade every addon, then
    # uninstall the suite as Apps does (ib_core and, with it, every addon on it)
    upgrade = OdooRun(ctx, "upgrade", db, ["-u", ",".join(addons)], "upgrade.log")
    upgrade.run().count(totals, expect_tests=False)
    if upgrade.rc == 0 and upgrade.checklog_ok:
        totals.add(passed=1)
        say(f"[run_tests] upgrade: clean ({upgrade.seconds:.0f}s)")
        roots = [
            a
            for a in addons
            if not any(
                d.startswith("ib_") for d in manifest(ctx.addons_dir, a)["depends"]
            )
        ]
        Lifecycle(ctx, "all together", db, roots).run().count(totals)
    return db


class Lifecycle:
    """Uninstall ``addons`` from ``db`` (scripts/lifecycle_check.py): one check per
    ib_* addon that goes (state, left-over external ids, tables), plus its log."""

    SCRIPT = REPO / "scripts" / "lifecycle_check.py"

    def __init__(self, ctx, label, db, addons):
        self.label = f"uninstall ({label})"
        tag = label.replace(" ", "-")
        self.verdict = ctx.tmpdir / f"uninstall-{tag}.json"
        args = [f"--ib-uninstall={','.join(addons)}", f"--ib-result={self.verdict}"]
        self.odoo = OdooRun(
            ctx, self.label, db, args, f"uninstall-{tag}.log", script=self.SCRIPT
        )
        self.checks = []

    def run(self):
        self.odoo.run()
        if self.verdict.is_file():
            self.checks = json.loads(self.verdict.read_text(encoding="utf-8"))
        return self

    def count(self, totals):
        self.odoo.count(totals, expect_tests=False)
        if not self.checks:
            totals.add(failed=1, note=f"{self.label}: no verdict ({self.odoo.log})")
            return
        bad = [c for c in self.checks if not c["ok"]]
        totals.add(passed=len(self.checks) - len(bad), failed=len(bad))
        say(
            f"[run_tests] {self.label}: {len(self.checks)} addons removed, "
            f"{len(bad)} with left-overs ({self.odoo.seconds:.0f}s)"
        )
        for check in bad:
            say(f"  {check['name']}: {check['detail']}")


def read_exclusions():
    """``["/module:Class.method", ...]`` of the exclusion list: one test a line in
    Odoo's tag syntax, the reason (required) after ``#``."""
    specs = []
    for number, raw in enumerate(EXCLUSIONS_FILE.read_text().splitlines(), 1):
        spec, _sep, reason = raw.partition("#")
        spec = spec.strip()
        if not spec and not raw.strip().startswith("#") and raw.strip():
            raise ValueError(f"{EXCLUSIONS_FILE.name}:{number}: no test before '#'")
        if spec and (not re.match(r"^/\w+:\w+(\.\w+)?$", spec) or not reason.strip()):
            raise ValueError(
                f"{EXCLUSIONS_FILE.name}:{number}: "
                "expected '/module:Class.method  # why'"
            )
        if spec:
            specs.append(spec)
    return specs


def tier_gate(ctx, addons, totals):
    db = ctx.db("core")
    install = ["-i", ",".join([*CORE_TEST_MODULES, *addons])]
    say(f"[run_tests] Odoo's own tests of {', '.join(CORE_TEST_MODULES)} in {db}")
    run = OdooRun(ctx, "gate install", db, install, "gate-install.log")
    run.run().count(totals, expect_tests=False)
    if run.rc != 0:
        return
    try:
        tags = [f"/{m}" for m in CORE_TEST_MODULES] + [
            f"-{s}" for s in read_exclusions()
        ]
    except ValueError as exc:
        totals.add(failed=1, note=str(exc))
        return
    script = REPO / "scripts" / "odoo_own_tests.py"
    run = OdooRun(
        ctx,
        "Odoo's own tests with the suite",
        db,
        ["--test-tags", ",".join(tags)],
        "gate.log",
        gate=True,
        script=script,
    )
    run.run().count(totals)


# ------------------------------------------------------------------------ main
def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--keep-db", action="store_true", help="keep the databases")
    p.add_argument("--db", help="prefix of the throw-away databases")
    p.add_argument(
        "--addons",
        action="append",
        help="ib_ addons to test (comma-separated; default: all)",
    )
    p.add_argument(
        "--tiers",
        default=",".join(TIERS),
        help=f"runs to do, comma-separated (default: {','.join(TIERS)})",
    )
    p.add_argument("--jobs", type=int, default=2, help="'alone' runs at a time")
    p.add_argument("-k", help="pytest -k expression (passed through)")
    p.add_argument("--static-only", action="store_true", help="same as --tiers static")
    return p.parse_args(argv)


def main(argv=None):
    signal.signal(signal.SIGTERM, _on_sigterm)
    args = parse_args(argv)
    tiers = (
        ["static"] if args.static_only else [t.strip() for t in args.tiers.split(",")]
    )
    ctx = Context(args)
    totals = Totals()
    all_addons = discover_addons(ctx.addons_dir)
    wanted = [a.strip() for item in args.addons or [] for a in item.split(",")]
    addons = [a for a in wanted if a] or all_addons
    unknown = sorted(set(addons) - set(all_addons)) + sorted(set(tiers) - set(TIERS))
    env = dict(
        os.environ,
        ODOO_PATH=str(ctx.odoo_path),
        IB_ODOO_PYTHON=ctx.python,
        IB_ADDONS_DIR=str(ctx.addons_dir),
        IB_ADDONS=",".join(addons),
    )
    env.pop("IB_TEST_DB", None)
    try:
        if unknown or not addons:
            totals.add(
                failed=1, note=f"unknown addon or tier: {unknown or 'no addons'}"
            )
        elif ctx.odoo_cmd is None or ctx.checklog is None:
            what = (
                "checklog-odoo (make setup)"
                if ctx.odoo_cmd
                else f"Odoo at {ctx.odoo_path}"
            )
            say(
                f"[run_tests] no {what}: only the static run; "
                "the rest counts as skipped"
            )
            run_pytest(ctx, env, totals, marker="not odoo")
            totals.skipped += count_live_tests(ctx) + len(addons) + 2
        else:
            if "static" in tiers:
                run_pytest(ctx, env, totals, marker="not odoo")
            template = None
            if {"alone", "together"} & set(tiers):
                template = make_template(ctx, addons, totals)
                if template is None:
                    totals.add(failed=1, note="the template database could not be made")
            if template and "alone" in tiers:
                tier_alone(ctx, template, addons, totals)
            if template and "together" in tiers:
                tier_together(ctx, template, addons, totals, env)
            if "gate" in tiers:
                if set(addons) == set(all_addons):
                    tier_gate(ctx, addons, totals)
                else:
                    say("[run_tests] gate: only with every addon under test (skipped)")
    finally:
        if args.keep_db:
            say(
                f"[run_tests] --keep-db: {', '.join(ctx.databases)} "
                f"(data {ctx.data_dir})"
            )
        else:
            for db in ctx.databases:
                drop_database(db, ctx.data_dir)
    for note in totals.notes:
        say(f"[run_tests] problem: {note}")
    if totals.failed or args.keep_db:
        say(f"[run_tests] logs in {ctx.tmpdir}")
    else:
        shutil.rmtree(ctx.tmpdir, ignore_errors=True)
    say(closing_line(totals.passed, totals.failed, totals.skipped))
    return 1 if totals.failed else 0


if __name__ == "__main__":
    sys.exit(main())
