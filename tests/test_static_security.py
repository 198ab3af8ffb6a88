"""Static security and Odoo 19 conformity checks on the ib_* addons.

See /docs: rules are default-allow (an access right without a record rule shows every
record), public attachments are world-readable, attachment_use re-serves stored PDFs,
and several pre-17 constructs are silently ignored by Odoo 19.
"""

import ast
import csv
import re
from pathlib import Path

from lxml import etree

TEXT_SUFFIXES = {".py", ".xml", ".csv", ".js", ".json"}
MANIFEST_DATA_DIRS = ("security", "views", "data", "report", "wizard")
PUBLIC_PATTERNS = [
    re.compile(r"\bpublic\s*=\s*True\b"),
    re.compile(r"""["']public["']\s*:\s*True\b"""),
    re.compile(
        r"""<field\s+name\s*=\s*["']public["']\s+eval\s*=\s*["']\s*(True|1)\s*["']"""
    ),
    re.compile(r"""<field\s+name\s*=\s*["']public["']\s*>\s*(True|1)\s*<"""),
]
TRUE_VALUES = {"true", "1"}


def _files(addon_paths, suffixes):
    for addon in addon_paths:
        for path in sorted(addon.rglob("*")):
            if (
                path.is_file()
                and path.suffix in suffixes
                and "__pycache__" not in path.parts
            ):
                yield addon, path


def _rel(path, addons_dir):
    try:
        return str(path.relative_to(addons_dir))
    except ValueError:
        return str(path)


def _parse_xml(path):
    parser = etree.XMLParser(remove_comments=True, resolve_entities=False)
    return etree.parse(str(path), parser)


def _xml_files(addon_paths):
    return list(_files(addon_paths, {".xml"}))


def _manifest(addon):
    return ast.literal_eval((addon / "__manifest__.py").read_text(encoding="utf-8"))


def _strip_module(xmlid):
    return xmlid.split(".", 1)[1] if "." in xmlid else xmlid


# ---------------------------------------------------------------------------- (a)
def test_no_public_attachments(addon_paths, addons_dir):
    """public=True makes an attachment readable by anyone, logged in or not."""
    hits = []
    for _addon, path in _files(addon_paths, TEXT_SUFFIXES):
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.lstrip().startswith("#"):
                continue
            if any(p.search(line) for p in PUBLIC_PATTERNS):
                hits.append(f"{_rel(path, addons_dir)}:{lineno}: {line.strip()}")
    assert not hits, "public attachments/records are forbidden:\n" + "\n".join(hits)


# ---------------------------------------------------------------------------- (b)
def _rule_models(addon_paths):
    """Technical xml names (model_ib_x) of models having at least one ir.rule."""
    models = set()
    for addon in addon_paths:
        for path in sorted((addon / "security").rglob("*.xml")):
            for rec in _parse_xml(path).iter("record"):
                if rec.get("model") != "ir.rule":
                    continue
                for field in rec.iter("field"):
                    if field.get("name") == "model_id" and field.get("ref"):
                        models.add(_strip_module(field.get("ref")))
    return models


def _access_rows(addon):
    path = addon / "security" / "ir.model.access.csv"
    if not path.is_file():
        return []
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _granted(row):
    return any(
        (row.get(k) or "").strip() in ("1", "True", "true")
        for k in ("perm_read", "perm_write", "perm_create", "perm_unlink")
    )


def test_teacher_and_portal_access_has_record_rules(addon_paths):
    """Rules are default-allow: a teacher/portal ACL without a rule shows everything."""
    rule_models = _rule_models(addon_paths)
    problems = []
    for addon in addon_paths:
        for row in _access_rows(addon):
            group = (row.get("group_id:id") or "").strip()
            model = _strip_module((row.get("model_id:id") or "").strip())
            if not model.startswith("model_ib_") or not _granted(row):
                continue
            if "teacher" in group or group in ("base.group_portal", "group_portal"):
                if model not in rule_models:
                    problems.append(
                        f"{addon.name}/security/ir.model.access.csv: {row.get('id')} "
                        f"grants {model} to {group}, but no ir.rule exists on {model}"
                    )
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------- (c)
def test_no_sql_constraints(addon_paths, addons_dir):
    """Odoo 19 ignores _sql_constraints: use models.Constraint / models.UniqueIndex."""
    hits = []
    for _addon, path in _files(addon_paths, {".py"}):
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if re.search(r"\b_sql_constraints\b", code):
                hits.append(f"{_rel(path, addons_dir)}:{lineno}: {line.strip()}")
    assert not hits, "\n".join(hits)


# ---------------------------------------------------------------------------- (d)
def test_no_pre17_view_syntax(addon_paths, addons_dir):
    """<tree> does not install in 19; attrs/states are ignored (use invisible=...)."""
    hits = []
    for _addon, path in _xml_files(addon_paths):
        tree = _parse_xml(path)
        for el in tree.iter():
            if not isinstance(el.tag, str):
                continue
            where = f"{_rel(path, addons_dir)}:{el.sourceline}"
            if el.tag == "tree":
                hits.append(f"{where}: <tree> (use <list>)")
            for attr in ("attrs", "states"):
                if attr in el.attrib:
                    hits.append(f"{where}: {attr}= on <{el.tag}>")
            if el.tag == "field" and el.get("name") == "view_mode":
                modes = (el.text or "").split(",")
                if "tree" in (m.strip() for m in modes):
                    hits.append(f"{where}: view_mode contains 'tree' (use 'list')")
    assert not hits, "\n".join(hits)


# ---------------------------------------------------------------------------- (e)
def test_no_attachment_use_on_reports(addon_paths, addons_dir):
    """attachment_use re-serves a stored PDF to whoever reaches the report route."""
    hits = []
    for _addon, path in _xml_files(addon_paths):
        for el in _parse_xml(path).iter():
            if not isinstance(el.tag, str):
                continue
            where = f"{_rel(path, addons_dir)}:{el.sourceline}"
            if (el.get("attachment_use") or "").strip().lower() in TRUE_VALUES:
                hits.append(where)
            if el.tag == "field" and el.get("name") == "attachment_use":
                value = (el.get("eval") or el.text or "").strip().lower()
                if value in TRUE_VALUES:
                    hits.append(where)
    assert not hits, "attachment_use must stay False:\n" + "\n".join(hits)


# ---------------------------------------------------------------------------- (f)
def _manifests(addon_paths, problems):
    for addon in addon_paths:
        try:
            yield addon, _manifest(addon)
        except (ValueError, SyntaxError) as exc:
            problems.append(
                f"{addon.name}: __manifest__.py is not a literal dict: {exc}"
            )


def _data_files(addon, subdirs):
    for sub in subdirs:
        for path in sorted((addon / sub).rglob("*")):
            if path.suffix in (".xml", ".csv") and path.is_file():
                yield str(path.relative_to(addon))


def test_manifest_keys(addon_paths):
    """license, author, version 19.0.x.y.z, and no 'description' (readme/ instead)."""
    problems = []
    for addon, manifest in _manifests(addon_paths, problems):
        name = addon.name
        for key in ("license", "author"):
            if not manifest.get(key):
                problems.append(f"{name}: manifest has no {key!r}")
        version = str(manifest.get("version", ""))
        if not re.fullmatch(r"19\.0\.\d+\.\d+\.\d+", version):
            problems.append(f"{name}: version {version!r} is not 19.0.x.y.z")
        if "description" in manifest:
            problems.append(f"{name}: manifest has a 'description' key (use readme/)")
    assert not problems, "\n".join(problems)


def test_manifest_lists_every_file(addon_paths):
    """Every data file is loaded (data or demo), demo files never as data."""
    problems = []
    for addon, manifest in _manifests(addon_paths, problems):
        name = addon.name
        data = [str(Path(f)) for f in manifest.get("data", [])]
        demo = [str(Path(f)) for f in manifest.get("demo", [])]
        for listed in data + demo:
            if not (addon / listed).is_file():
                problems.append(
                    f"{name}: manifest lists {listed}, which does not exist"
                )
        for rel in _data_files(addon, MANIFEST_DATA_DIRS):
            if rel not in data:
                problems.append(f"{name}: {rel} is not listed in the manifest 'data'")
        for rel in _data_files(addon, ["demo"]):
            if rel in data:
                problems.append(
                    f"{name}: demo file {rel} is in 'data' (would load in production)"
                )
            elif rel not in demo:
                problems.append(f"{name}: {rel} is not listed in the manifest 'demo'")
    assert not problems, "\n".join(problems)


def test_xml_files_parse(addon_paths, addons_dir):
    """Every XML file parses (a syntax error otherwise only shows at install)."""
    problems = []
    for _addon, path in _xml_files(addon_paths):
        try:
            _parse_xml(path)
        except etree.XMLSyntaxError as exc:
            problems.append(f"{_rel(path, addons_dir)}: {exc}")
    assert not problems, "\n".join(problems)
