"""Linters as OCA runs them for 19.0: ruff (ruff.toml), pylint-odoo (.pylintrc) and the
OCA module/po checks (oca-odoo-pre-commit-hooks). Each test prints the tool's output
when it fails."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def _tool(name):
    """The tool next to the running python (the venv), else from PATH."""
    here = Path(sys.executable).parent
    found = shutil.which(name, path=str(here)) or shutil.which(name)
    if not found:
        pytest.fail(f"{name} is not installed: run `make setup` (requirements-dev.txt)")
    return found


def _run(cmd, cwd):
    env = dict(os.environ, NO_COLOR="1", PYTHONWARNINGS="ignore")
    res = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
    output = (res.stdout + res.stderr).strip()
    return res.returncode, output


def test_ruff(repo_root, addons_dir):
    targets = [str(addons_dir), str(repo_root / "tests"), str(repo_root / "scripts")]
    cmd = [
        _tool("ruff"),
        "check",
        "--no-cache",
        "--config",
        str(repo_root / "ruff.toml"),
        *targets,
    ]
    rc, output = _run(cmd, repo_root)
    assert rc == 0, f"$ {' '.join(cmd)}\n{output}"


def test_pylint_odoo(repo_root, addon_paths):
    if not addon_paths:
        pytest.skip("no ib_* addons")
    cmd = [
        _tool("pylint"),
        f"--rcfile={repo_root / '.pylintrc'}",
        *[str(p) for p in addon_paths],
    ]
    rc, output = _run(cmd, repo_root)
    assert rc == 0, f"$ {' '.join(cmd)}\n{output}"


def test_oca_checks_odoo_module(repo_root, addon_paths):
    if not addon_paths:
        pytest.skip("no ib_* addons")
    cmd = [_tool("oca-checks-odoo-module"), *[str(p) for p in addon_paths]]
    rc, output = _run(cmd, repo_root)
    assert rc == 0, f"$ {' '.join(cmd)}\n{output}"


def test_oca_checks_po(repo_root, addon_paths):
    po_files = sorted(
        str(f) for p in addon_paths for f in (p / "i18n").glob("*.po*") if f.is_file()
    )
    if not po_files:
        pytest.skip("no .po/.pot files (test_static_translations reports it)")
    # po-pretty-format is disabled as in the OCA template's pre-commit config
    cmd = [_tool("oca-checks-po"), "--disable=po-pretty-format", *po_files]
    rc, output = _run(cmd, repo_root)
    assert rc == 0, f"$ {' '.join(cmd)}\n{output}"
