"""The test runner's verdicts on Odoo logs (scripts/run_tests.py + checklog-odoo.cfg).

The runner is what CI trusts: these tests feed it small Odoo logs and check the figures
and the verdict it gives, without Odoo or a database.
"""

import importlib.util
import json
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location(
    "run_tests", REPO / "scripts/run_tests.py"
)
run_tests = importlib.util.module_from_spec(spec)
spec.loader.exec_module(run_tests)

STAMP = "2026-12-06 13:11:09,806 9"
PASSING = f"""{STAMP} INFO db odoo.modules.loading: Loading module ib_core (1/2)
{STAMP} INFO db odoo.addons.ib_core.tests.test_x: skipped TestX.test_z : no chromium
{STAMP} INFO db odoo.tests.suite: skipped setUpClass (ib_core.tests.TestY)
{STAMP} INFO db odoo.tests.result: 0 failed, 0 error(s) of 12 tests when loading x
"""
FAILING = f"""{STAMP} ERROR db odoo.addons.ib_core.tests.test_x: FAIL: TestX.test_y
Traceback (most recent call last):
AssertionError: 1 != 2
{STAMP} ERROR db odoo.modules.loading: Module ib_core: 1 failures, 0 errors of 12 tests
{STAMP} ERROR db odoo.tests.result: 1 failed, 0 error(s) of 12 tests when loading x
"""
OUR_WARNING = f"{STAMP} WARNING db odoo.models: ib.pupil: field without string\n"
CORE_WARNING = f"{STAMP} WARNING db odoo.models: res.partner: core says so\n"


class Args:
    k = db = None
    jobs = 1
    keep_db = False


def verdict(tmp_path, text, gate=False):
    ctx = run_tests.Context(Args())
    shutil.rmtree(ctx.tmpdir)  # the runner's own temporary folder: not needed here
    ctx.tmpdir = tmp_path
    run = run_tests.OdooRun(ctx, "run", "db", [], "odoo.log", gate=gate)
    run.log.write_text(text)
    run.rc = 0 if "1 failed" not in text else 1
    run._read_log()
    run._checklog()
    totals = run_tests.Totals()
    run.count(totals)
    return totals


def test_a_clean_log_gives_the_figures_of_odoo(tmp_path):
    totals = verdict(tmp_path, PASSING)
    # 12 run, one of them skipped in its method; one class skipped in setUpClass
    assert (totals.passed, totals.failed, totals.skipped) == (11, 0, 2)
    assert totals.notes == []


def test_a_failing_test_counts_once_not_again_as_a_log_error(tmp_path):
    totals = verdict(tmp_path, FAILING)
    assert (totals.passed, totals.failed) == (11, 1)
    assert totals.notes == []


def test_a_warning_in_the_log_fails_the_run(tmp_path):
    totals = verdict(tmp_path, PASSING + CORE_WARNING)
    assert totals.failed == 1
    assert totals.notes == ["run: checklog-odoo refused the log"]


def test_the_gate_refuses_only_records_that_name_the_suite(tmp_path):
    assert verdict(tmp_path, PASSING + CORE_WARNING, gate=True).failed == 0
    assert verdict(tmp_path, PASSING + OUR_WARNING, gate=True).failed == 1


def test_a_run_without_test_result_or_tests_fails(tmp_path):
    no_result = f"{STAMP} INFO db odoo.modules.loading: Loading module ib_core\n"
    assert verdict(tmp_path, no_result).failed == 1
    none_ran = PASSING.replace("of 12 tests", "of 0 tests").replace("skipped", "x")
    assert verdict(tmp_path, none_ran).failed == 1


def test_the_template_holds_every_odoo_app_the_addons_need():
    addons_dir = REPO / "addons"
    core = run_tests.core_dependencies(
        addons_dir, run_tests.discover_addons(addons_dir)
    )
    assert {"mail", "portal", "contacts", "calendar"} <= set(core)
    assert not [name for name in core if name.startswith("ib_")]


def test_each_exclusion_of_the_gate_names_a_test_and_a_reason():
    specs = run_tests.read_exclusions()
    assert specs, "the exclusion list is empty: remove the gate's negative tags instead"
    assert all(spec.startswith("/") and ":" in spec for spec in specs)


def test_the_closing_line():
    assert run_tests.closing_line(3, 0, 0) == "3 passed, 0 failed"
    assert run_tests.closing_line(3, 1, 2) == "3 passed, 1 failed, 2 skipped"


UNINSTALLED = f"{STAMP} INFO db odoo.modules.loading: Modules loaded.\n"


def uninstall_verdict(tmp_path, checks, log=UNINSTALLED):
    ctx = run_tests.Context(Args())
    shutil.rmtree(ctx.tmpdir)
    ctx.tmpdir = tmp_path
    life = run_tests.Lifecycle(ctx, "x alone", "db", ["ib_x"])
    life.odoo.log.write_text(log)
    life.odoo.rc = 0
    life.odoo._checklog()
    if checks is not None:
        life.verdict.write_text(json.dumps(checks))
    life.checks = json.loads(life.verdict.read_text()) if checks is not None else []
    totals = run_tests.Totals()
    life.count(totals)
    return totals


def test_an_uninstall_counts_one_check_per_addon_removed(tmp_path):
    checks = [
        {"name": "uninstall ib_x", "ok": True, "detail": ""},
        {"name": "uninstall ib_y", "ok": False, "detail": "records left: x ×1"},
    ]
    totals = uninstall_verdict(tmp_path, checks)
    assert (totals.passed, totals.failed) == (1, 1)


def test_an_uninstall_with_an_error_in_its_log_or_no_verdict_fails(tmp_path):
    ok = [{"name": "uninstall ib_x", "ok": True, "detail": ""}]
    bad_query = f"{STAMP} ERROR db odoo.sql_db: bad query: DELETE FROM x\n"
    totals = uninstall_verdict(tmp_path, ok, UNINSTALLED + bad_query)
    assert (totals.passed, totals.failed) == (1, 1)
    (tmp_path / "none").mkdir()
    assert uninstall_verdict(tmp_path / "none", None).failed == 1
