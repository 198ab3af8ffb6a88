#!/usr/bin/env python3
"""Generate the readmes of the ib_* addons, the way OCA repositories do.

For every ``addons/ib_*/`` with a ``__manifest__.py`` (found at run time):

* ``README.rst`` from the manifest (name, summary, version, license,
  development_status, depends, auto_install, external Python libraries, author,
  maintainers) and the fragments in ``readme/``, in this order: DESCRIPTION (no
  heading), CONTEXT, INSTALL, CONFIGURE, USAGE, ROADMAP, HISTORY, then Credits
  (authors, CONTRIBUTORS, CREDITS, maintainers). A fragment is Markdown (``.md``,
  converted to reStructuredText here: headings, paragraphs, bullet and numbered
  lists, nested lists, code blocks, ``**bold**``, ``*italic*``, ```code```,
  links) or reStructuredText (``.rst``, taken as it is);
* ``static/description/index.html``: that README rendered with docutils, which
  Odoo shows on the addon's page in Apps.

Each addon needs DESCRIPTION, USAGE, CONFIGURE or INSTALL, and CONTRIBUTORS. An
unknown fragment name, a Markdown construct outside the subset above, or any
docutils warning while rendering stops the run with the addon and the reason.

And the addon graph of the repository's ``README.md``, between the lines
``<!-- addon-graph:begin ... -->`` and ``<!-- addon-graph:end -->``: a Mermaid
graph of the ib_* addons and their ib_* dependencies (bridges marked) and a
table with what each addon depends on, what it adds (the manifest's summary) and
when a bridge installs itself.

Usage::

    scripts/gen_addon_readme.py            # write everything
    scripts/gen_addon_readme.py --check    # write nothing; exit 1 naming what is stale
    scripts/gen_addon_readme.py --graph    # only the README.md section
    scripts/gen_addon_readme.py --addon ib_core --addon ib_meetings  # only these

``make readme`` runs it; pre-commit runs it as a local hook with
``--fail-on-change`` (a file it rewrites fails the hook, as with every fixer);
``tests/test_static_readmes.py`` runs ``--check`` in ``make test``.
"""

import argparse
import ast
import difflib
import html
import io
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
ADDON_PREFIX = "ib_"
SCRIPT = "scripts/gen_addon_readme.py"

# ----------------------------------------------------------------- readme fragments
# stem -> section title; DESCRIPTION has none (it follows the title)
SECTIONS = [
    ("DESCRIPTION", None),
    ("CONTEXT", "Context"),
    ("INSTALL", "Installation"),
    ("CONFIGURE", "Configuration"),
    ("USAGE", "Usage"),
    ("ROADMAP", "Known issues / Roadmap"),
    ("HISTORY", "Changelog"),
]
CREDIT_FRAGMENTS = [("CONTRIBUTORS", "Contributors"), ("CREDITS", "Other credits")]
KNOWN_STEMS = [stem for stem, _title in SECTIONS + CREDIT_FRAGMENTS]
# each entry: one of these stems must be there
REQUIRED = [("DESCRIPTION",), ("USAGE",), ("CONFIGURE", "INSTALL"), ("CONTRIBUTORS",)]

LICENSES = {
    "AGPL-3": "https://www.gnu.org/licenses/agpl-3.0-standalone.html",
    "GPL-3": "https://www.gnu.org/licenses/gpl-3.0-standalone.html",
    "LGPL-3": "https://www.gnu.org/licenses/lgpl-3.0-standalone.html",
    "OPL-1": "https://www.odoo.com/documentation/master/legal/licenses.html",
}

# adornment of the section levels: 0 is the title (over- and underlined)
ADORNMENT = {0: "=", 1: "=", 2: "-", 3: "~", 4: "^", 5: '"'}

BANNER = [
    "..",
    "   This file is generated from the addon's readme/ fragments and",
    f"   __manifest__.py by {SCRIPT}; do not edit it: edit",
    "   readme/*.md and run `make readme`.",
]

GRAPH_BEGIN = (
    "<!-- addon-graph:begin: generated from the manifests by "
    f"{SCRIPT} --graph; do not edit -->"
)
GRAPH_END = "<!-- addon-graph:end -->"
GRAPH_BEGIN_RE = re.compile(r"^<!-- addon-graph:begin\b.*-->$", re.M)
GRAPH_END_RE = re.compile(r"^<!-- addon-graph:end -->$", re.M)


class GenerationError(Exception):
    """Something a person must fix in a fragment, a manifest or README.md."""


# ====================================================== Markdown -> reStructuredText
class MarkdownError(GenerationError):
    pass


BULLET_RE = re.compile(r"^( {0,3})([-*+])(?:( +)(.*))?$")
ORDERED_RE = re.compile(r"^( {0,3})(\d{1,9})([.)])(?:( +)(.*))?$")
FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)[^`]*$")
ATX_RE = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
SETEXT_RE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
HR_RE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
QUOTE_RE = re.compile(r"^ {0,3}>")
TABLE_RE = re.compile(r"^ {0,3}\|.*\|")


@dataclass
class Block:
    kind: str  # para, heading, code, list
    line: int  # line number in the fragment (1-based)
    text: str = ""  # para, heading: the Markdown text
    level: int = 0  # heading
    lines: list = field(default_factory=list)  # code
    ordered: bool = False  # list
    start: int = 1  # list
    items: list = field(default_factory=list)  # list: one list of blocks per item


def _item_match(line):
    """(kind, indent, marker width, spaces, content, number) of a list item line."""
    m = BULLET_RE.match(line)
    if m and not HR_RE.match(line):
        spaces = len(m.group(3) or " ")
        return (("bullet", m.group(2)), len(m.group(1)), 1, spaces, m.group(4), 1)
    m = ORDERED_RE.match(line)
    if m:
        width = len(m.group(2)) + 1
        spaces = len(m.group(4) or " ")
        number = int(m.group(2))
        return (
            ("ordered", m.group(3)),
            len(m.group(1)),
            width,
            spaces,
            m.group(5),
            number,
        )
    return None


def _starts_block(line, in_paragraph=False):
    """True when ``line`` starts a block other than a paragraph continuation."""
    if ATX_RE.match(line) or FENCE_RE.match(line) or HR_RE.match(line):
        return True
    if QUOTE_RE.match(line):
        return True
    item = _item_match(line)
    if item and in_paragraph:
        # in a paragraph, only a bullet or "1." with text starts a list (CommonMark)
        return bool(item[4]) and (item[0][0] == "bullet" or item[5] == 1)
    return bool(item)


def _indent_of(line):
    return len(line) - len(line.lstrip(" "))


class _Parser:
    """Block structure of a Markdown fragment (the subset the readmes use)."""

    def __init__(self, path):
        self.path = path

    def error(self, line, message):
        return MarkdownError(f"{self.path}:{line}: {message}")

    def parse(self, lines):
        """lines: [(line number, text)] -> [Block]"""
        blocks = []
        i = 0
        while i < len(lines):
            number, line = lines[i]
            if not line.strip():
                i += 1
            elif FENCE_RE.match(line):
                i = self._fenced_code(lines, i, blocks)
            elif line.startswith("    "):
                i = self._indented_code(lines, i, blocks)
            elif ATX_RE.match(line):
                m = ATX_RE.match(line)
                text = (m.group(2) or "").strip()
                blocks.append(
                    Block("heading", number, text=text, level=len(m.group(1)))
                )
                i += 1
            elif HR_RE.match(line):
                raise self.error(number, "horizontal rules are not supported")
            elif QUOTE_RE.match(line):
                raise self.error(number, "block quotes (>) are not supported")
            elif TABLE_RE.match(line):
                raise self.error(number, "tables are not supported")
            elif _item_match(line):
                i = self._list(lines, i, blocks)
            else:
                i = self._paragraph(lines, i, blocks)
        return blocks

    def _fenced_code(self, lines, i, blocks):
        number, line = lines[i]
        fence = FENCE_RE.match(line).group(1)
        indent = _indent_of(line)
        body = []
        i += 1
        while i < len(lines):
            text = lines[i][1]
            if re.fullmatch(re.escape(fence[0]) + f"{{{len(fence)},}}", text.strip()):
                blocks.append(Block("code", number, lines=body))
                return i + 1
            strip = min(indent, _indent_of(text))
            body.append(text[strip:])
            i += 1
        raise self.error(number, f"the code block opened with {fence} is not closed")

    def _indented_code(self, lines, i, blocks):
        number = lines[i][0]
        body = []
        while i < len(lines) and (
            lines[i][1].startswith("    ") or not lines[i][1].strip()
        ):
            body.append(lines[i][1][4:])
            i += 1
        while body and not body[-1].strip():
            body.pop()
        blocks.append(Block("code", number, lines=body))
        return i

    def _paragraph(self, lines, i, blocks):
        number = lines[i][0]
        text = []
        while i < len(lines):
            line = lines[i][1]
            if not line.strip():
                break
            if text and SETEXT_RE.match(line):
                level = 1 if line.strip()[0] == "=" else 2
                blocks.append(
                    Block("heading", number, text=" ".join(text), level=level)
                )
                return i + 1
            if text and _starts_block(line, in_paragraph=True):
                break
            text.append(line.strip())
            i += 1
        blocks.append(Block("para", number, text="\n".join(text)))
        return i

    def _list(self, lines, i, blocks):
        number = lines[i][0]
        kind = _item_match(lines[i][1])[0]
        first = _item_match(lines[i][1])[5]
        block = Block("list", number, ordered=kind[0] == "ordered", start=first)
        while i < len(lines):
            item = _item_match(lines[i][1])
            if not item or item[0] != kind:
                break
            _kind, indent, width, spaces, content, _n = item
            if spaces > 4:  # content that is indented code: not supported
                spaces = 1
            column = indent + width + spaces
            body, i = self._item_body(lines, i, column, content or "")
            block.items.append(self.parse(body))
        blocks.append(block)
        return i

    def _item_body(self, lines, i, column, content):
        body = [(lines[i][0], content)]
        i += 1
        blank = False
        while i < len(lines):
            number, line = lines[i]
            if not line.strip():
                body.append((number, ""))
                blank = True
            elif _indent_of(line) >= column:
                body.append((number, line[column:]))
                blank = False
            elif blank or _starts_block(line):
                break
            else:  # lazy continuation of the item's paragraph
                body.append((number, line.strip()))
            i += 1
        while body and not body[-1][1].strip():
            body.pop()
        return body, i


# ------------------------------------------------------------------ inline markup
INLINE_RE = re.compile(
    r"(?P<code>(?P<ticks>`+)(?P<codebody>.+?)(?<!`)(?P=ticks)(?!`))"
    r"|(?P<esc>\\[!-/:-@\[-`{-~])"
    r"|(?P<img>!\[[^\]]*\]\([^)]*\))"
    r"|(?P<link>\[(?P<ltext>[^\]]+)\]\((?P<lurl>[^()\s]+)(?:\s+\"[^\"]*\")?\))"
    r"|(?P<auto><(?P<aurl>(?:https?|mailto|ftp):[^>\s]+)>)"
    r"|(?P<sstrong>\*\*(?=\S)(?P<ssbody>.+?)(?<=\S)\*\*)"
    r"|(?P<ustrong>(?<!\w)__(?=\S)(?P<usbody>.+?)(?<=\S)__(?!\w))"
    r"|(?P<sem>\*(?=[^\s*])(?P<sebody>.+?)(?<=[^\s*])\*(?!\*))"
    r"|(?P<uem>(?<!\w)_(?=[^\s_])(?P<uebody>.+?)(?<=[^\s_])_(?!\w))",
    re.S,
)
# characters after which (before which) rst recognises inline markup
RST_BEFORE_OK = set(" \t\n-:/'\"<([{")
RST_AFTER_OK = set(" \t\n-.,:;!?\\/'\")]}>")


def rst_escape(text):
    """Plain text -> rst text that shows it unchanged."""
    text = text.replace("\\", "\\\\")
    text = re.sub(r"([*`|])", r"\\\1", text)
    return re.sub(r"_(?![A-Za-z0-9])", r"\\_", text)


def _emphasis_body(m):
    groups = ("ssbody", "usbody", "sebody", "uebody")
    return next(m.group(g) for g in groups if m.group(g))


def _plain(text):
    """The text of Markdown inline markup, without the markup."""
    out = []
    pos = 0
    for m in INLINE_RE.finditer(text):
        out.append(text[pos : m.start()])
        pos = m.end()
        if m.group("code"):
            out.append(m.group("codebody").strip())
        elif m.group("esc"):
            out.append(m.group("esc")[1])
        elif m.group("link"):
            out.append(_plain(m.group("ltext")))
        elif m.group("auto"):
            out.append(m.group("aurl"))
        elif m.group("img"):
            out.append(m.group("img"))
        else:
            out.append(_plain(_emphasis_body(m)))
    out.append(text[pos:])
    return "".join(out)


def _markup(m, where):
    """rst for one inline construct of INLINE_RE."""
    if m.group("code"):
        body = m.group("codebody")
        if body.startswith(" ") and body.endswith(" ") and body.strip():
            body = body[1:-1]
        if "``" in body or not body.strip() or body != body.strip():
            raise MarkdownError(f"{where}: code span `{body}` cannot be written in rst")
        return f"``{body}``"
    if m.group("img"):
        raise MarkdownError(f"{where}: images are not supported: {m.group('img')}")
    if m.group("link"):
        url = m.group("lurl")
        label = _plain(m.group("ltext")).replace("\n", " ")
        if url.endswith("_"):
            url = url[:-1] + "\\_"
        label = rst_escape(label).replace("<", "\\<")
        return f"`{label} <{url}>`__"
    if m.group("auto"):
        return m.group("aurl")
    body = _emphasis_body(m)
    if any(x.group("link") or x.group("code") for x in INLINE_RE.finditer(body)):
        # rst cannot nest inline markup: a link or code inside keeps its markup
        # and the emphasis around it is dropped
        return inline_to_rst(body, where)
    mark = "**" if m.group("sstrong") or m.group("ustrong") else "*"
    return mark + rst_escape(_plain(body)) + mark


def inline_to_rst(text, where="inline"):
    """Markdown inline text -> rst inline text."""
    pieces = []  # (is markup, rst)
    pos = 0
    for m in INLINE_RE.finditer(text):
        pieces.append((False, rst_escape(text[pos : m.start()])))
        pos = m.end()
        if m.group("esc"):
            pieces.append((False, rst_escape(m.group("esc")[1])))
        elif m.group("auto"):
            pieces.append((False, m.group("aurl")))
        else:
            pieces.append((True, _markup(m, where)))
    pieces.append((False, rst_escape(text[pos:])))
    out = ""
    after_markup = False
    for is_markup, rst in pieces:
        if not rst:
            continue
        if is_markup and out and out[-1] not in RST_BEFORE_OK:
            out += "\\ "
        elif after_markup and rst[0] not in RST_AFTER_OK:
            out += "\\ "
        out += rst
        after_markup = is_markup
    return out


# a text block starting like this would be read as a list, field, option,
# directive, comment, doctest or transition by rst: its first character is escaped
RST_BLOCK_START_RE = re.compile(
    r"^(?:[-+*\u2022\u2023\u2043](?:\s|$)"
    r"|\(?(?:\d+|[A-Za-z]|[ivxlcdm]+|[IVXLCDM]+|#)[.)](?:\s|$)"
    r"|:[^:\s][^:]*:(?:\s|$)"
    r"|--?\w|/\w"
    r"|\.\.(?:\s|$)"
    r"|>>>"
    r"|([!-/:-@\[-`{-~])\1{3,}\s*$)"
)


def _text_block(rst):
    """Guard the start and the end of an rst text block made from Markdown."""
    if RST_BLOCK_START_RE.match(rst) and not rst.startswith("\\"):
        rst = "\\" + rst
    if rst.endswith("::"):
        rst = rst[:-1] + "\\:"
    return rst


def _display_width(text):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def rst_heading(text, level):
    char = ADORNMENT[level]
    bar = char * max(len(text), _display_width(text))
    return [bar, text, bar] if level == 0 else [text, bar]


class _Writer:
    """Blocks of a Markdown fragment -> rst lines."""

    def __init__(self, path, base_level):
        self.path = path
        self.base_level = base_level
        self.ranks = {}

    def headings(self, blocks, out, in_list=False):
        for block in blocks:
            if block.kind == "heading" and in_list:
                raise MarkdownError(
                    f"{self.path}:{block.line}: no heading inside a list item"
                )
            if block.kind == "heading":
                out.append(block)
            for item in block.items:
                self.headings(item, out, in_list=True)
        return out

    def rank_headings(self, blocks):
        """Markdown heading levels -> consecutive rst section levels under base."""
        headings = self.headings(blocks, [])
        levels = sorted({h.level for h in headings})
        self.ranks = {level: rank for rank, level in enumerate(levels, start=1)}
        deepest = 0
        for h in headings:
            rank = self.ranks[h.level]
            if rank > deepest + 1:
                raise MarkdownError(
                    f"{self.path}:{h.line}: heading level skipped (a heading of level "
                    f"{h.level} without one of the level above it before)"
                )
            deepest = rank
            if self.base_level + rank not in ADORNMENT:
                raise MarkdownError(f"{self.path}:{h.line}: heading nested too deep")

    def write(self, blocks, indent=""):
        out = []
        previous = None
        for block in blocks:
            lines = self.block(block, indent)
            if not lines:
                continue
            if out:
                out.append("")
            if block.kind == "list" and previous == "list":
                out += [indent + "..", ""]  # keeps two lists apart in rst
            out += lines
            previous = block.kind
        return out

    def block(self, block, indent):
        where = f"{self.path}:{block.line}"
        if block.kind == "para":
            rst = _text_block(inline_to_rst(block.text, where))
            return [indent + line for line in rst.split("\n")]
        if block.kind == "heading":
            text = _text_block(inline_to_rst(block.text, where).replace("\n", " "))
            return rst_heading(text, self.base_level + self.ranks[block.level])
        if block.kind == "code":
            if not any(line.strip() for line in block.lines):
                return []
            code = [(indent + "    " + line).rstrip() for line in block.lines]
            return [indent + "::", ""] + code
        return self.list(block, indent)

    def list(self, block, indent):
        """A list; tight (no blank line between items) when every item is one
        paragraph, as rst needs a blank line around a nested block."""
        out = []
        tight = all(len(i) == 1 and i[0].kind == "para" for i in block.items)
        for n, item in enumerate(block.items):
            marker = f"{block.start + n}. " if block.ordered else "- "
            body = self.write(item, indent + " " * len(marker))
            if n and not tight:
                out.append("")
            if not body:
                out.append(indent + marker.rstrip())
                continue
            out.append(indent + marker + body[0][len(indent) + len(marker) :])
            out += body[1:]
        return out


def markdown_to_rst(text, base_level=1, path="<markdown>"):
    """Markdown (the subset of the readme fragments) -> rst lines.

    ``base_level``: the section level the fragment sits in; its headings become
    sections one level deeper (0: the document title, as for DESCRIPTION)."""
    lines = list(enumerate(text.expandtabs(4).splitlines(), start=1))
    blocks = _Parser(path).parse(lines)
    writer = _Writer(path, base_level)
    writer.rank_headings(blocks)
    return writer.write(blocks)


# ======================================================================== addons
@dataclass
class Addon:
    name: str
    path: Path
    manifest: dict

    @property
    def depends(self):
        return list(self.manifest.get("depends") or [])

    @property
    def suite_depends(self):
        return [d for d in self.depends if d.startswith(ADDON_PREFIX)]

    @property
    def odoo_depends(self):
        return [d for d in self.depends if not d.startswith(ADDON_PREFIX)]

    @property
    def auto_install(self):
        """The addons whose presence installs this one, or [] when it is not auto."""
        value = self.manifest.get("auto_install")
        if value is True:
            return self.depends
        return list(value or [])

    @property
    def is_bridge(self):
        return bool(self.manifest.get("auto_install"))


def discover(repo_root):
    addons_dir = repo_root / "addons"
    found = []
    for path in sorted(addons_dir.glob(f"{ADDON_PREFIX}*/__manifest__.py")):
        try:
            manifest = ast.literal_eval(path.read_text(encoding="utf-8"))
        except (SyntaxError, ValueError) as err:
            raise GenerationError(f"{path}: not a literal dict: {err}") from err
        found.append(Addon(path.parent.name, path.parent, manifest))
    return found


def read_fragments(addon):
    """{stem: (path, text)} of the addon's readme/ fragments."""
    readme = addon.path / "readme"
    fragments = {}
    problems = []
    for path in sorted(readme.iterdir()) if readme.is_dir() else []:
        if path.name.startswith(".") or path.is_dir():
            continue
        stem, suffix = path.stem, path.suffix
        if stem not in KNOWN_STEMS or suffix not in (".md", ".rst"):
            problems.append(
                f"readme/{path.name}: unknown fragment (expected one of "
                f"{', '.join(KNOWN_STEMS)}, as .md or .rst)"
            )
            continue
        if stem in fragments:
            problems.append(f"readme/{stem}: both .md and .rst; keep one")
            continue
        text = path.read_text(encoding="utf-8")
        if not text.strip():
            problems.append(f"readme/{path.name}: empty")
            continue
        fragments[stem] = (path, text)
    for alternatives in REQUIRED:
        if not any(stem in fragments for stem in alternatives):
            names = " or ".join(f"readme/{stem}.md" for stem in alternatives)
            problems.append(f"missing {names}")
    if problems:
        raise GenerationError(f"{addon.name}: " + f"\n{addon.name}: ".join(problems))
    return fragments


def fragment_rst(addon, fragments, stem, base_level):
    path, text = fragments[stem]
    where = path.relative_to(addon.path.parent.parent)
    if path.suffix == ".rst":
        return text.strip("\n").splitlines()
    return markdown_to_rst(text, base_level, where)


def _literals(names):
    return ", ".join(f"``{name}``" for name in names)


def _and(items):
    """'a is' / 'a and b are' / 'a, b and c are'"""
    if len(items) == 1:
        return f"{items[0]} is"
    return ", ".join(items[:-1]) + " and " + items[-1] + " are"


def _field_list(addon):
    m = addon.manifest
    fields_ = [(":Version:", rst_escape(m.get("version", "")))]
    status = m.get("development_status")
    if status:
        fields_.append((":Maturity:", rst_escape(status)))
    lic = m.get("license", "LGPL-3")
    url = LICENSES.get(lic)
    fields_.append((":License:", f"`{lic} <{url}>`__" if url else rst_escape(lic)))
    depends = []
    if addon.suite_depends:
        depends.append(_literals(addon.suite_depends))
    if addon.odoo_depends:
        depends.append("Odoo: " + _literals(addon.odoo_depends))
    fields_.append((":Depends on:", "; ".join(depends) or "nothing"))
    if addon.is_bridge:
        fields_.append(
            (
                ":Auto-install:",
                "yes, a bridge: Odoo installs it when "
                + _and([f"``{d}``" for d in addon.auto_install])
                + " installed",
            )
        )
    python = (m.get("external_dependencies") or {}).get("python") or []
    if python:
        fields_.append((":Python libraries:", _literals(python)))
    if m.get("website"):
        fields_.append((":Website:", m["website"]))
    return [f"{name} {value}" for name, value in fields_]


def _credits(addon, fragments):
    out = ["", *rst_heading("Credits", 1), ""]
    authors = [a.strip() for a in addon.manifest.get("author", "").split(",")]
    out += [*rst_heading("Authors", 2), ""]
    out += [f"- {rst_escape(a)}" for a in authors if a]
    for stem, title in CREDIT_FRAGMENTS:
        if stem in fragments:
            out += ["", *rst_heading(title, 2), ""]
            out += fragment_rst(addon, fragments, stem, 2)
    maintainers = addon.manifest.get("maintainers") or []
    if maintainers:
        out += ["", *rst_heading("Maintainers", 2), ""]
        out += [f"- `{h} <https://github.com/{h}>`__" for h in maintainers]
    return out


def build_rst(addon):
    """The README.rst of ``addon``."""
    fragments = read_fragments(addon)
    m = addon.manifest
    out = [*rst_heading(rst_escape(m.get("name", addon.name)), 0), ""]
    out += [*BANNER, ""]
    summary = " ".join((m.get("summary") or "").split())
    if summary:
        out += [_text_block("**" + rst_escape(summary) + "**"), ""]
    out += [*_field_list(addon), ""]
    out += fragment_rst(addon, fragments, "DESCRIPTION", 0)
    out += ["", "**Table of contents**", "", ".. contents::", "   :local:"]
    for stem, title in SECTIONS[1:]:
        if stem in fragments:
            out += ["", *rst_heading(title, 1), ""]
            out += fragment_rst(addon, fragments, stem, 1)
    out += _credits(addon, fragments)
    return "\n".join(line.rstrip() for line in out) + "\n"


# ----------------------------------------------------------------------- HTML
HTML_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  line-height: 1.5; color: #1f2328; max-width: 60em; margin: 0 auto; padding: 1em; }
h1.title { font-size: 1.8em; border-bottom: 1px solid #d0d7de; padding-bottom: .3em; }
h2 { font-size: 1.4em; border-bottom: 1px solid #d0d7de; padding-bottom: .2em; }
h3 { font-size: 1.15em; }
code, pre, .literal { font-family: ui-monospace, Menlo, Consolas, monospace;
  background: #f6f8fa; border-radius: 4px; }
code, .literal { padding: .1em .3em; }
pre { padding: .8em; overflow: auto; }
dl.field-list { display: grid; grid-template-columns: max-content auto; gap: .2em 1em; }
dl.field-list dt { font-weight: bold; }
dl.field-list dd { margin: 0; }
dl.field-list p { margin: 0; }
nav.contents { background: #f6f8fa; padding: .2em 1em; border-radius: 4px; }
"""


def render_html(addon, rst):
    """index.html of ``addon`` from its README.rst; a docutils warning is an error."""
    from docutils.core import publish_parts
    from docutils.utils import SystemMessage

    warnings = io.StringIO()
    settings = {
        "_disable_config": True,
        "halt_level": 2,  # stop at the first warning (rst2html --halt=warning)
        "report_level": 2,
        "warning_stream": warnings,
        "embed_stylesheet": False,
        "stylesheet_path": "",
        "stylesheet": "",
        "generator": False,
        "datestamp": False,
        "source_link": False,
        "toc_backlinks": "none",
        "file_insertion_enabled": False,
        "raw_enabled": False,
        "syntax_highlight": "none",
    }
    source = f"{addon.name}/README.rst"
    try:
        parts = publish_parts(
            rst, source_path=source, writer_name="html5", settings_overrides=settings
        )
    except SystemMessage as err:
        raise GenerationError(f"{addon.name}: docutils: {err}") from err
    if warnings.getvalue().strip():  # pragma: no cover (halt_level stops first)
        raise GenerationError(f"{addon.name}: docutils: {warnings.getvalue()}")
    page = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8" />',
        '<meta name="viewport" content="width=device-width, initial-scale=1" />',
        f"<title>{html.escape(parts['title'])}</title>",
        f"<style>{HTML_STYLE}</style>",
        "</head>",
        "<body>",
        f"<!-- Generated from README.rst by {SCRIPT}; do not edit. -->",
        parts["html_body"],
        "</body>",
        "</html>",
    ]
    text = "\n".join(page)
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


# ============================================================= README.md graph
def _ordered(addons):
    """Dependencies first: by depth in the ib_* graph, bridges after, then name."""
    by_name = {a.name: a for a in addons}
    depth = {}

    def depth_of(name, seen=()):
        if name in depth:
            return depth[name]
        if name in seen:
            raise GenerationError(f"dependency cycle through {name}")
        addon = by_name.get(name)
        deps = addon.suite_depends if addon else []
        depth[name] = max((depth_of(d, (*seen, name)) + 1 for d in deps), default=0)
        return depth[name]

    return sorted(addons, key=lambda a: (depth_of(a.name), a.is_bridge, a.name))


def _mermaid_label(text):
    return text.replace('"', "#quot;")


def build_graph(addons):
    """The Markdown between the addon-graph markers of README.md."""
    addons = _ordered(addons)
    names = {a.name for a in addons}
    out = [
        "```mermaid",
        "graph BT",
    ]
    for a in addons:
        label = f"{a.name}<br/>{a.manifest.get('name', a.name)}"
        out.append(f'    {a.name}["{_mermaid_label(label)}"]')
    missing = sorted({d for a in addons for d in a.suite_depends} - names)
    for name in missing:
        out.append(f'    {name}["{name}<br/>(not in addons/)"]')
    for a in addons:
        arrow = "-.->" if a.is_bridge else "-->"
        for dep in a.suite_depends:
            out.append(f"    {a.name} {arrow} {dep}")
    bridges = [a.name for a in addons if a.is_bridge]
    if bridges:
        out.append("    classDef bridge stroke-dasharray: 5 5")
        out.append(f"    class {','.join(bridges)} bridge")
    out.append("```")
    out += [
        "",
        "An arrow points from an addon to an `ib_*` addon it depends on. Dashed: a",
        "bridge, which Odoo installs by itself as soon as the addons it joins are",
        "installed; it holds what needs both, so each base addon installs and works",
        "alone.",
        "",
        "| addon | depends on (`ib_*`; Odoo) | what it adds | bridge? |",
        "| --- | --- | --- | --- |",
    ]
    for a in addons:
        depends = (
            [", ".join(f"`{d}`" for d in a.suite_depends)] if a.suite_depends else []
        )
        if a.odoo_depends:
            depends.append("Odoo: " + ", ".join(f"`{d}`" for d in a.odoo_depends))
        summary = " ".join((a.manifest.get("summary") or "").split())
        bridge = "no"
        if a.is_bridge:
            joined = _and([f"`{d}`" for d in a.auto_install])
            bridge = f"yes: auto-installs when {joined} installed"
        cells = [
            f"`{a.name}` ({a.manifest.get('name', a.name)})",
            "; ".join(depends) or "—",
            summary,
            bridge,
        ]
        out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(out) + "\n"


def update_graph_section(readme_text, graph):
    begins = GRAPH_BEGIN_RE.findall(readme_text)
    ends = GRAPH_END_RE.findall(readme_text)
    if len(begins) != 1 or len(ends) != 1:
        raise GenerationError(
            "README.md: needs exactly one line '<!-- addon-graph:begin ... -->' and "
            "one line '<!-- addon-graph:end -->' where the addon graph goes"
        )
    start = GRAPH_BEGIN_RE.search(readme_text)
    end = GRAPH_END_RE.search(readme_text)
    if end.start() < start.end():
        raise GenerationError("README.md: addon-graph:end comes before its begin")
    return (
        readme_text[: start.start()]
        + GRAPH_BEGIN
        + "\n\n"
        + graph
        + "\n"
        + readme_text[end.start() :]
    )


# =========================================================================== main
def _diff(path, old, new, limit=40):
    lines = list(
        difflib.unified_diff(
            old.splitlines(),
            new.splitlines(),
            f"{path} (now)",
            f"{path} (generated)",
            lineterm="",
        )
    )
    if len(lines) > limit:
        lines = lines[:limit] + [f"... ({len(lines) - limit} more diff lines)"]
    return "\n".join(lines)


def _targets(repo_root, args):
    """[(label, path, generated text)] of everything this run produces."""
    addons = discover(repo_root)
    if not addons:
        raise GenerationError(f"no {ADDON_PREFIX}* addons under {repo_root / 'addons'}")
    targets = []
    selected = addons
    if args.addon:
        unknown = set(args.addon) - {a.name for a in addons}
        if unknown:
            raise GenerationError(f"unknown addon(s): {', '.join(sorted(unknown))}")
        selected = [a for a in addons if a.name in args.addon]
    errors = []
    if not args.graph:
        for addon in selected:
            try:
                rst = build_rst(addon)
                index = render_html(addon, rst)
            except GenerationError as err:
                errors.append(str(err))
                continue
            targets.append((addon.name, addon.path / "README.rst", rst))
            targets.append(
                (
                    addon.name,
                    addon.path / "static" / "description" / "index.html",
                    index,
                )
            )
    if args.graph or not args.addon:
        readme = repo_root / "README.md"
        current = readme.read_text(encoding="utf-8")
        targets.append(
            ("README.md", readme, update_graph_section(current, build_graph(addons)))
        )
    if errors:
        raise GenerationError("\n".join(errors))
    return targets


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 and name every file that is not current",
    )
    parser.add_argument(
        "--graph", action="store_true", help="only the addon graph of README.md"
    )
    parser.add_argument(
        "--addon",
        action="append",
        metavar="NAME",
        help="only this addon's README.rst and index.html (repeatable)",
    )
    parser.add_argument(
        "--fail-on-change",
        action="store_true",
        help="exit 1 when a file was written (for pre-commit, as its fixers do)",
    )
    parser.add_argument(
        "--repo-root", type=Path, default=REPO_ROOT, help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    root = args.repo_root.resolve()
    try:
        targets = _targets(root, args)
    except GenerationError as err:
        print(f"gen_addon_readme: {err}", file=sys.stderr)
        return 1
    stale = []
    for label, path, text in targets:
        old = path.read_text(encoding="utf-8") if path.is_file() else ""
        if old == text:
            continue
        rel = path.relative_to(root)
        stale.append(rel)
        if args.check:
            print(f"{label}: {rel} is not current", file=sys.stderr)
            if path.suffix != ".html":
                print(_diff(rel, old, text), file=sys.stderr)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            print(f"{label}: wrote {rel}")
    if stale and args.fail_on_change and not args.check:
        print(f"gen_addon_readme: wrote {len(stale)} file(s)", file=sys.stderr)
        return 1
    if args.check and stale:
        print(
            f"gen_addon_readme: {len(stale)} file(s) not current; run `make readme` "
            f"({SCRIPT}) and commit the result",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
