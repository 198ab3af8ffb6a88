"""Static check: every dialog an addon opens from Python has a title.

A window action returned by a button (``{"type": "ir.actions.act_window", "target":
"new", ...}``) without a ``"name"`` opens a dialog titled "Odoo": the user does not see
what the window is for. No database needed: the addons' Python is read with ``ast``.
"""

import ast
from pathlib import Path

ADDONS = Path(__file__).resolve().parent.parent / "addons"


def _dialogs_without_title(root=ADDONS):
    for path in sorted(root.glob("ib_*/**/*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Dict):
                continue
            keys = {
                k.value: v
                for k, v in zip(node.keys, node.values, strict=True)
                if isinstance(k, ast.Constant)
            }
            target = keys.get("target")
            if (
                isinstance(target, ast.Constant)
                and target.value == "new"
                and "res_model" in keys
                and "name" not in keys
            ):
                yield f"{path.relative_to(root)}:{node.lineno}"


def test_every_dialog_opened_from_python_has_a_title():
    assert list(_dialogs_without_title()) == []


def test_the_check_finds_a_dialog_without_title(tmp_path):
    addon = tmp_path / "ib_x" / "wizard"
    addon.mkdir(parents=True)
    (addon / "w.py").write_text(
        'def f(self):\n    return {"type": "ir.actions.act_window",'
        ' "res_model": "x", "target": "new"}\n'
    )
    assert list(_dialogs_without_title(tmp_path)) == ["ib_x/wizard/w.py:2"]
