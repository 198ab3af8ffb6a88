"""Static check: every addon that defines models empties them when it is uninstalled.

Odoo deletes an addon's records by external id before it drops the addon's tables; a
row without external id that restricts the deletion of what it points to (a result
its test, a support level its school) would keep Odoo from removing the addon's data
(see ``ib_core.hooks.empty_own_tables`` and the uninstall checks of
``scripts/run_tests.py``). An addon with models of its own declares an
``uninstall_hook`` that calls ``empty_own_tables`` with its own name.
"""

import ast
import re
from pathlib import Path

ADDONS = Path(__file__).resolve().parent.parent / "addons"
NEW_MODEL = re.compile(r"^\s+_name = ", re.M)


def _addons_with_models():
    for manifest in sorted(ADDONS.glob("ib_*/__manifest__.py")):
        addon = manifest.parent
        if any(
            NEW_MODEL.search(p.read_text(encoding="utf-8"))
            for p in addon.glob("**/*.py")
            if "tests" not in p.parts
        ):
            yield addon


def test_every_addon_with_models_empties_them_on_uninstall():
    missing = []
    for addon in _addons_with_models():
        values = ast.literal_eval((addon / "__manifest__.py").read_text())
        hooks = addon / "hooks.py"
        text = hooks.read_text(encoding="utf-8") if hooks.is_file() else ""
        if values.get("uninstall_hook") != "uninstall_hook" or (
            f'empty_own_tables(env, "{addon.name}")' not in text
        ):
            missing.append(addon.name)
    assert missing == []


def test_the_suite_has_addons_with_models():
    assert "ib_core" in {a.name for a in _addons_with_models()}
