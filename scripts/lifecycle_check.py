#!/usr/bin/env python3
"""Uninstall ib_* addons from an installed database the way Apps does, and check that
nothing of theirs is left behind.

Usage (odoo-bin's options, plus where to write the verdict):

    python scripts/lifecycle_check.py --addons-path=... -d DB --logfile=F \
        --ib-uninstall=ib_meetings --ib-result=/tmp/verdict.json

The addons named by ``--ib-uninstall`` are uninstalled with
``ir.module.module.button_immediate_uninstall`` (the Apps button: Odoo removes the
addons that depend on them too, deletes their data and drops their tables).  Then, for
every ib_* addon that was installed before and is not any more, one check each:

* the addon's state is "uninstalled";
* no external id of the addon is left (``ir_model_data``): a record Odoo could not
  delete (a foreign key that restricts, an ``@api.ondelete`` that refuses at uninstall)
  keeps its external id, so a left-over id is a left-over record;
* the tables of the addon's models are gone, and so are the columns of the fields it
  added to other models (``res_company.ib_…``, ``calendar_event.ib_…``).

The verdict is a JSON list ``[{"name": ..., "ok": bool, "detail": ...}]`` in the file of
``--ib-result``.  Warnings and errors logged on the way are judged by checklog-odoo on
the log file, like every other Odoo run of ``scripts/run_tests.py``.
"""

import json
import os
import sys

odoo_path = os.environ.get("ODOO_PATH", "/opt/odoo19")
if odoo_path not in sys.path:
    sys.path.insert(0, odoo_path)

import odoo.service.server  # noqa: E402
from odoo import SUPERUSER_ID, api  # noqa: E402
from odoo.modules.registry import Registry  # noqa: E402
from odoo.tools import config  # noqa: E402


def _take(argv, name):
    """The value of ``--name=value`` in argv (removed from it)."""
    for arg in list(argv):
        if arg.startswith(f"--{name}="):
            argv.remove(arg)
            return arg.split("=", 1)[1]
    sys.exit(f"lifecycle_check.py: --{name}=... is required")


def installed_ib(cr):
    cr.execute(
        "SELECT name FROM ir_module_module WHERE name LIKE 'ib\\_%%' "
        "AND state = 'installed' ORDER BY name"
    )
    return [name for (name,) in cr.fetchall()]


def own_tables(env, addon):
    """The tables of the models the addon defines (and no other installed addon)."""
    tables = []
    for model in env["ir.model"].search([]):
        modules = set((model.modules or "").replace(" ", "").split(","))
        if modules == {addon} and model.model in env:
            records = env[model.model]
            if not records._abstract and records._auto:
                tables.append(records._table)
    return tables


def own_columns(env, addon):
    """The columns of the stored fields that the addon adds to other addons' models."""
    env.cr.execute(
        "SELECT f.model, f.name FROM ir_model_fields f "
        "JOIN ir_model_data d ON d.model = 'ir.model.fields' AND d.res_id = f.id "
        "WHERE d.module = %s AND f.store",
        [addon],
    )
    columns = []
    for model, name in env.cr.fetchall():
        records = env.get(model)
        field = records._fields.get(name) if records is not None else None
        if field is not None and field.column_type and records._auto:
            columns.append((model, records._table, name))
    return columns


def main(argv):
    argv = list(argv)
    uninstall = [a for a in _take(argv, "ib-uninstall").split(",") if a]
    result_file = _take(argv, "ib-result")
    config.parse_config(argv, setup_logging=True)
    db = config["db_name"][0]
    odoo.service.server.load_server_wide_modules()

    with Registry(db).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        before = installed_ib(cr)
        tables = {addon: own_tables(env, addon) for addon in before}
        columns = {addon: own_columns(env, addon) for addon in before}
        modules = env["ir.module.module"].search([("name", "in", uninstall)])
        missing = sorted(set(uninstall) - set(modules.mapped("name")))
        if missing:
            sys.exit(f"lifecycle_check.py: unknown addon(s) {missing}")
        modules.button_immediate_uninstall()

    checks = []
    with Registry(db).cursor() as cr:
        gone = sorted(set(before) - set(installed_ib(cr)))
        for addon in sorted(set(before)):
            if addon not in gone and addon not in uninstall:
                continue
            problems = []
            cr.execute("SELECT state FROM ir_module_module WHERE name = %s", [addon])
            (state,) = cr.fetchone()
            if state != "uninstalled":
                problems.append(f"state {state!r}")
            cr.execute(
                "SELECT model, count(*) FROM ir_model_data WHERE module = %s "
                "GROUP BY model ORDER BY model",
                [addon],
            )
            left = cr.fetchall()
            if left:
                problems.append(
                    "records left: " + ", ".join(f"{m} ×{n}" for m, n in left)
                )
            for table in tables.get(addon, []):
                cr.execute("SELECT to_regclass(%s)", [table])
                if cr.fetchone()[0]:
                    problems.append(f"table {table} not dropped")
            for model, table, column in columns.get(addon, []):
                # a field another installed addon also declares (or Odoo's "id")
                # stays, with its ir.model.fields record
                cr.execute(
                    "SELECT 1 FROM information_schema.columns "
                    "WHERE table_name = %s AND column_name = %s AND NOT EXISTS "
                    "(SELECT 1 FROM ir_model_fields WHERE model = %s AND name = %s)",
                    [table, column, model, column],
                )
                if cr.fetchone():
                    problems.append(f"column {table}.{column} not dropped")
            checks.append(
                {
                    "name": f"uninstall {addon}",
                    "ok": not problems,
                    "detail": "; ".join(problems),
                }
            )
    with open(result_file, "w", encoding="utf-8") as f:
        json.dump(checks, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
