"""The board-scale benchmark (scripts/bench_board.py, issue 17) is opt-in: `make
bench` and `make bench-board` run it, `make test` does not. Its help runs without
Odoo, and the board it generates has the issue's sizes at scale 1."""

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

from dateutil.relativedelta import relativedelta

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "scripts" / "bench_board.py"


def _module():
    spec = importlib.util.spec_from_file_location("bench_board", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_help_runs_without_odoo():
    out = subprocess.run(
        [sys.executable, str(SCRIPT), "--help"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    for option in ("--scale", "--repeat", "--modes", "--keep-db", "--import-rows"):
        assert option in out.stdout


def test_board_sizes():
    module = _module()
    assert module.sizes(1) == {
        "schools": 50,
        "pupils": 12000,
        "leavers": 2000,
        "results": 310000,
        "notes": 50000,
        "plans": 5000,
    }
    small = module.sizes(0.01)
    assert small["schools"] == 2  # the overview compares 2 schools with all
    assert small["pupils"] == 120


def test_generated_scores_raise_some_signals():
    """About 3% of this year's rows drop to the lowest level (the import raises
    signals, as a real file does), the others are at level II."""
    module = _module()
    lowest = 0
    rows = 0
    for n in range(1000):
        for index in range(len(module.TESTS)):
            grade = 5
            score = module.score_of(n, index, grade, "middle")
            rows += 1
            lowest += score < module.cutoffs(grade, "middle")[3]
    assert 0.02 < lowest / rows < 0.06


def test_make_bench_runs_it_and_make_test_does_not():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    targets = dict(
        re.findall(r"^([\w-]+):[^\n]*\n((?:\t[^\n]*\n)*)", makefile, flags=re.M)
    )
    assert "bench_board.py" in targets["bench"]
    assert "bench_board.py" in targets["bench-board"]
    assert "bench_board" not in targets["test"]


def test_roster_rounds_lie_in_the_current_school_year():
    """The yearly roster plans three rounds of three weeks inside the school year
    the generated groups belong to (1 August, one year less 17 days)."""
    module = _module()
    start = module.year_starts()[0]
    end = start + relativedelta(years=1, days=-17)
    rounds = module.roster_rounds()
    assert len(rounds) == 3
    for first, last in rounds:
        assert start <= first <= last <= end
        assert (last - first).days + 1 == module.ROSTER_DAYS
    assert all(a[1] < b[0] for a, b in zip(rounds, rounds[1:], strict=False))
