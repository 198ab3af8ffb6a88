"""Static check: no ib_* addon names what it does not depend on.

An addon may only name the models, fields and XML ids of the ib_* addons in its
dependency closure (its manifest's ``depends``, recursively). A feature that needs two
addons lives in an auto-installing bridge addon that depends on both (e.g.
``ib_referrals_meetings``); an "is it installed?" check (``"ib.x" in self.env``) in a
base addon is exactly the hidden coupling this test forbids.

No database: the manifests give the graph; each addon's Python (``_name``,
``_inherit``, ``fields.X(...)``) and XML (``<record id=...>``, ``<template id=...>``)
give what it defines; then every addon's ``.py``, ``.xml`` and ``.csv`` files are read
for references:

* a model: a Python string constant (not a docstring) or an XML attribute value/text
  equal to an ``ib.*`` model name, and ``model_ib_x`` ids in access CSVs;
* an XML id or import: ``ib_other.something`` in Python strings, imports
  (``odoo.addons.ib_other``), XML attributes/texts (``ref=``, ``inherit_id``,
  ``t-call``, ``groups=``, ``%(ib_other.x)d``) and CSV cells;
* a field: a field that an addon outside the closure adds to a model the addon can
  see (e.g. ``ib_care_plans`` adding ``plan_ids`` to ``ib.pupil``), named as a Python
  attribute or string (also inside dotted paths like ``"pupil_id.plan_ids"``), in
  a view of that model, or in a QWeb expression (``t-out``, ``t-if``...).

Comments and docstrings are not references. Non-ib models (res.partner...) are
not checked: Odoo itself resolves those through the manifests.
"""

import ast
import csv
import re
from pathlib import Path

from lxml import etree

REPO_ROOT = Path(__file__).resolve().parent.parent
MODEL_RE = re.compile(r"^ib\.[a-z0-9_]+(\.[a-z0-9_]+)*$")
XMLID_RE = re.compile(r"\b(ib_[a-z0-9_]+)\.([A-Za-z0-9_]+)")
IDENT_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
FIELD_CALL_RE = re.compile(r"^fields\.[A-Z][A-Za-z0-9]*$")
QWEB_EXPR_ATTRS = re.compile(
    r"^t-(out|esc|raw|if|elif|foreach|set|value|att-.*|attf-.*|field|options)$"
)
VIEW_EXPR_ATTRS = {
    "invisible",
    "readonly",
    "required",
    "column_invisible",
    "domain",
    "context",
}
# (file relative to addons/, name): references made on purpose, with the reason.
ALLOWED = {
    # The registry-wide privacy policy test of ib_core checks every installed
    # suite model; it lists the models whose record rules depend on the user,
    # and a model that is not installed is simply absent from the registry.
    ("ib_core/tests/test_privacy_policy.py", "ib.care.plan"),
    ("ib_core/tests/test_privacy_policy.py", "ib.referral"),
}


def _manifest(addon_dir):
    return ast.literal_eval((addon_dir / "__manifest__.py").read_text(encoding="utf-8"))


def _files(addon_dir, suffixes):
    for path in sorted(addon_dir.rglob("*")):
        if (
            path.is_file()
            and path.suffix in suffixes
            and "__pycache__" not in path.parts
        ):
            yield path


def _parse_xml(path):
    parser = etree.XMLParser(remove_comments=True, resolve_entities=False)
    return etree.parse(str(path), parser)


def _const_str(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, (ast.List, ast.Tuple)):
        return [
            e.value
            for e in node.elts
            if isinstance(e, ast.Constant) and isinstance(e.value, str)
        ]
    return []


def _docstring_nodes(tree):
    """The Constant nodes that are docstrings (module, class, function)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(
            node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
        ):
            body = node.body
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
            ):
                found.add(id(body[0].value))
    return found


class Addon:
    def __init__(self, path):
        self.path = path
        self.name = path.name
        self.depends = list(_manifest(path).get("depends", []))
        self.models = (
            set()
        )  # ib models this addon creates (_name without same _inherit)
        self.fields = {}  # model -> field names this addon declares on it
        self.xmlids = set()
        self._scan_python()
        self._scan_xml()

    def _scan_python(self):
        for path in _files(self.path, {".py"}):
            if "tests" in path.relative_to(self.path).parts:
                continue  # stand-ins in tests define nothing
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for cls in ast.walk(tree):
                if not isinstance(cls, ast.ClassDef):
                    continue
                name, inherit = None, []
                for stmt in cls.body:
                    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
                        target = stmt.targets[0]
                        if isinstance(target, ast.Name) and target.id == "_name":
                            values = _const_str(stmt.value)
                            name = values[0] if values else None
                        elif isinstance(target, ast.Name) and target.id == "_inherit":
                            inherit = _const_str(stmt.value)
                if name and name not in inherit:
                    self.models.add(name)
                model = name or (inherit[0] if len(inherit) == 1 else None)
                if not model:
                    continue
                for stmt in cls.body:
                    if (
                        isinstance(stmt, ast.Assign)
                        and len(stmt.targets) == 1
                        and isinstance(stmt.targets[0], ast.Name)
                        and isinstance(stmt.value, ast.Call)
                        and FIELD_CALL_RE.match(ast.unparse(stmt.value.func))
                    ):
                        self.fields.setdefault(model, set()).add(stmt.targets[0].id)

    def _scan_xml(self):
        for path in _files(self.path, {".xml"}):
            for node in _parse_xml(path).iter():
                if not isinstance(node.tag, str):
                    continue
                xmlid = node.get("id")
                if xmlid and node.tag in (
                    "record",
                    "template",
                    "menuitem",
                    "report",
                    "act_window",
                ):
                    self.xmlids.add(xmlid if "." in xmlid else f"{self.name}.{xmlid}")


class Graph:
    def __init__(self, addons_dir):
        self.addons = {
            p.name: Addon(p)
            for p in sorted(Path(addons_dir).iterdir())
            if p.name.startswith("ib_") and (p / "__manifest__.py").is_file()
        }
        self.model_owner = {}
        for addon in self.addons.values():
            for model in addon.models:
                self.model_owner[model] = addon.name

    def closure(self, name):
        """The addon and every ib_* addon it depends on, recursively."""
        seen, todo = set(), [name]
        while todo:
            current = todo.pop()
            if current in seen or current not in self.addons:
                continue
            seen.add(current)
            todo.extend(self.addons[current].depends)
        return seen

    def foreign_fields(self, name, closure):
        """{field name: (model, owner addon)} for fields that addons outside the
        closure add to models visible inside it, and that no addon inside the
        closure declares (on any model: a name shared with a visible field is not
        a reliable sign of the foreign one)."""
        visible_models = {
            m for m, owner in self.model_owner.items() if owner in closure
        }
        own_names = set()
        for other in closure:
            for names in self.addons[other].fields.values():
                own_names |= names
        result = {}
        for other, addon in self.addons.items():
            if other in closure:
                continue
            for model, names in addon.fields.items():
                if model.startswith("ib.") and model not in visible_models:
                    continue  # a foreign model: naming it is caught already
                for field in names - own_names:
                    result.setdefault(field, (model, other))
        return result


class Checker:
    def __init__(self, graph, addon):
        self.graph = graph
        self.addon = addon
        self.closure = graph.closure(addon.name)
        self.foreign_fields = graph.foreign_fields(addon.name, self.closure)
        self.problems = []

    def _where(self, path, line):
        rel = path.relative_to(self.addon.path.parent)
        return f"{rel}:{line}" if line else str(rel)

    def _report(self, path, line, what, name):
        if (str(path.relative_to(self.addon.path.parent)), name) in ALLOWED:
            return
        self.problems.append(f"{self._where(path, line)}: {what}")

    def check_model(self, value, path, line):
        value = value.strip()
        if not MODEL_RE.match(value):
            return
        owner = self.graph.model_owner.get(value)
        if owner and owner not in self.closure:
            self._report(
                path, line, f"model {value!r} of {owner}, not a dependency", value
            )

    def check_xmlids(self, text, path, line):
        for match in XMLID_RE.finditer(text):
            module = match.group(1)
            if module in self.graph.addons and module not in self.closure:
                self._report(
                    path,
                    line,
                    f"{match.group(0)!r}: {module} is not a dependency",
                    match.group(0),
                )

    def check_field_name(self, name, path, line):
        if name in self.foreign_fields:
            model, owner = self.foreign_fields[name]
            self._report(
                path, line, f"field {model}.{name} of {owner}, not a dependency", name
            )

    def check_string(self, value, path, line, fields=True):
        self.check_model(value, path, line)
        self.check_xmlids(value, path, line)
        if fields and re.fullmatch(r"[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*", value):
            for part in value.split("."):
                self.check_field_name(part, path, line)

    def check_expression(self, text, path, line):
        for ident in IDENT_RE.findall(text):
            self.check_field_name(ident, path, line)

    def check_python(self, path):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = _docstring_nodes(tree)
        for node in ast.walk(tree):
            line = getattr(node, "lineno", None)
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if id(node) not in docstrings:
                    self.check_string(node.value, path, line)
            elif isinstance(node, ast.Attribute):
                self.check_field_name(node.attr, path, line)
            elif isinstance(node, ast.ImportFrom) and node.module:
                self.check_xmlids(node.module, path, line)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    self.check_xmlids(alias.name, path, line)
            elif isinstance(node, ast.keyword) and node.arg:
                self.check_field_name(node.arg, path, line)

    def check_xml(self, path):
        tree = _parse_xml(path)
        for node in tree.iter():
            if not isinstance(node.tag, str):
                continue
            line = node.sourceline
            for attr, value in node.attrib.items():
                self.check_model(value, path, line)
                self.check_xmlids(value, path, line)
                if QWEB_EXPR_ATTRS.match(attr) or attr in VIEW_EXPR_ATTRS:
                    self.check_expression(value, path, line)
            if node.text and node.text.strip():
                self.check_model(node.text, path, line)
                self.check_xmlids(node.text, path, line)
        # fields named in views, against the view's model
        for record in tree.iter("record"):
            if record.get("model") != "ir.ui.view":
                continue
            model_field = record.find("field[@name='model']")
            arch = record.find("field[@name='arch']")
            if model_field is None or arch is None or not model_field.text:
                continue
            model = model_field.text.strip()
            for node in arch.iter("field"):
                name = node.get("name")
                if (
                    name in self.foreign_fields
                    and self.foreign_fields[name][0] == model
                ):
                    self.check_field_name(name, path, node.sourceline)

    def check_csv(self, path):
        with path.open(encoding="utf-8", newline="") as handle:
            for lineno, row in enumerate(csv.reader(handle), start=1):
                for cell in row:
                    self.check_xmlids(cell, path, lineno)
                    match = re.fullmatch(
                        r"(?:[a-z0-9_]+\.)?model_(ib_[a-z0-9_]+)", cell
                    )
                    if not match:
                        continue
                    for model in self.graph.model_owner:
                        if model.replace(".", "_") == match.group(1):
                            self.check_model(model, path, lineno)

    def run(self):
        for path in _files(self.addon.path, {".py"}):
            if path.name != "__manifest__.py":
                self.check_python(path)
        for path in _files(self.addon.path, {".xml"}):
            self.check_xml(path)
        for path in _files(self.addon.path, {".csv"}):
            self.check_csv(path)
        return self.problems


def find_couplings(addons_dir):
    graph = Graph(addons_dir)
    problems = []
    for addon in graph.addons.values():
        problems.extend(Checker(graph, addon).run())
    return problems


def test_no_reference_outside_the_dependency_closure(addons_dir):
    problems = find_couplings(addons_dir)
    assert not problems, (
        "Addons name models, fields or XML ids of ib_* addons they do not depend on; "
        "move the piece into a bridge addon that depends on both:\n  "
        + "\n  ".join(problems)
    )


def test_the_check_finds_each_kind_of_reference(tmp_path):
    """A small tree: ib_b depends on ib_base only, and names the model, an XML id
    and a field that ib_a (not a dependency) adds to ib_base's model."""

    def write(rel, text):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    for name, depends in (
        ("ib_base", []),
        ("ib_a", ["ib_base"]),
        ("ib_b", ["ib_base"]),
    ):
        write(f"{name}/__manifest__.py", repr({"name": name, "depends": depends}))
    write(
        "ib_base/models/thing.py",
        'class Thing:\n    _name = "ib.thing"\n    code = fields.Char()\n',
    )
    write(
        "ib_a/models/a.py",
        'class A:\n    _name = "ib.a"\n\n'
        'class Thing:\n    _inherit = "ib.thing"\n'
        "    a_extra_ids = fields.One2many()\n",
    )
    write(
        "ib_a/views/a.xml",
        '<odoo><record id="a_view" model="ir.ui.view"><field name="model">ib.a'
        "</field></record></odoo>",
    )
    write(
        "ib_b/models/b.py",
        'def f(self):\n    """Docstrings may say "ib.a" and ib_a.a_view."""\n'
        '    # a comment: "ib.a"\n'
        '    return self.env["ib.a"], self.env["ib.thing"].a_extra_ids, self.code\n',
    )
    write(
        "ib_b/views/b.xml",
        '<odoo><!-- ib_a.a_view --><record id="b" model="ir.ui.view">'
        '<field name="model">ib.thing</field><field name="inherit_id" '
        'ref="ib_a.a_view"/><field name="arch" type="xml"><field name="a_extra_ids"/>'
        "</field></record></odoo>",
    )
    problems = find_couplings(tmp_path)
    assert len(problems) == 4, problems
    assert any("b.py:4: model 'ib.a'" in p for p in problems)
    assert any("b.py:4: field ib.thing.a_extra_ids" in p for p in problems)
    assert any("'ib_a.a_view'" in p for p in problems)
    assert any("b.xml:1: field ib.thing.a_extra_ids" in p for p in problems)
