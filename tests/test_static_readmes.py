"""Static check: the readmes are generated, current and render cleanly.

Every addon's ``README.rst`` and ``static/description/index.html`` and the addon
graph of ``README.md`` must be exactly what ``scripts/gen_addon_readme.py`` makes of
the ``readme/`` fragments and the manifests (as OCA's ``oca-gen-addon-readme
--check`` in the OCA CI), each addon must have the fragments a reader needs, and
docutils must render every ``README.rst`` without a warning (``rst2html
--halt=warning``). No database.
"""

import importlib.util
import shutil
import subprocess
import sys

import pytest
from docutils.core import publish_doctree
from docutils.utils import SystemMessage

SCRIPT = "scripts/gen_addon_readme.py"


def _run(repo_root, *args):
    res = subprocess.run(
        [sys.executable, str(repo_root / SCRIPT), *args],
        capture_output=True,
        text=True,
        cwd=repo_root,
    )
    return res.returncode, (res.stdout + res.stderr).strip()


@pytest.fixture(scope="module")
def gen(repo_root):
    spec = importlib.util.spec_from_file_location(
        "gen_addon_readme", repo_root / SCRIPT
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readmes_and_addon_graph_are_current(repo_root):
    rc, output = _run(repo_root, "--check")
    assert rc == 0, (
        "README.rst / index.html / the addon graph of README.md are not what the "
        f"readme/ fragments and manifests give: run `make readme`.\n{output}"
    )


def test_every_addon_has_the_fragments_a_reader_needs(gen, repo_root):
    problems = []
    addons = gen.discover(repo_root)
    assert addons, "no ib_* addons found"
    for addon in addons:
        try:
            gen.read_fragments(addon)
        except gen.GenerationError as err:
            problems.append(str(err))
    assert not problems, "\n".join(problems)


def test_every_readme_rst_renders_without_warnings(repo_root, addon_names):
    settings = {"halt_level": 2, "report_level": 2, "_disable_config": True}
    problems = []
    for name in addon_names:
        path = repo_root / "addons" / name / "README.rst"
        if not path.is_file():
            problems.append(f"{name}: no README.rst")
            continue
        try:
            publish_doctree(
                path.read_text(encoding="utf-8"),
                source_path=str(path),
                settings_overrides=settings,
            )
        except SystemMessage as err:
            problems.append(f"{name}: {err}")
    assert not problems, "\n".join(problems)


def _copy_repo(repo_root, target):
    """README.md and what the generator reads and writes of every addon."""
    shutil.copy(repo_root / "README.md", target / "README.md")
    for manifest in sorted((repo_root / "addons").glob("ib_*/__manifest__.py")):
        src = manifest.parent
        dst = target / "addons" / src.name
        shutil.copytree(src / "readme", dst / "readme")
        shutil.copy(manifest, dst / "__manifest__.py")
        for rel in ("README.rst", "static/description/index.html"):
            if (src / rel).is_file():
                (dst / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(src / rel, dst / rel)


def test_check_names_what_is_stale(repo_root, tmp_path):
    """--check fails, naming the addon and the file, for a changed fragment, a
    hand-edited README.rst and a manifest that changes the addon graph."""
    _copy_repo(repo_root, tmp_path)
    root = f"--repo-root={tmp_path}"
    assert _run(repo_root, "--check", root)[0] == 0

    usage = tmp_path / "addons/ib_core/readme/USAGE.md"
    usage.write_text(usage.read_text(encoding="utf-8") + "\nOne more line.\n")
    rc, output = _run(repo_root, "--check", root)
    assert rc == 1
    assert "ib_core: addons/ib_core/README.rst is not current" in output
    assert "ib_core: addons/ib_core/static/description/index.html is not" in output
    assert "+One more line." in output
    assert "ib_meetings" not in output
    assert _run(repo_root, root)[0] == 0  # regenerated
    assert _run(repo_root, "--check", root)[0] == 0

    readme = tmp_path / "addons/ib_meetings/README.rst"
    readme.write_text(readme.read_text(encoding="utf-8") + "\nEdited by hand.\n")
    rc, output = _run(repo_root, "--check", root)
    assert rc == 1
    assert "ib_meetings: addons/ib_meetings/README.rst is not current" in output
    assert _run(repo_root, "--addon=ib_meetings", root)[0] == 0

    manifest = tmp_path / "addons/ib_referrals_meetings/__manifest__.py"
    text = manifest.read_text(encoding="utf-8")
    assert '"auto_install": True,' in text
    manifest.write_text(text.replace('"auto_install": True,', ""))
    rc, output = _run(repo_root, "--check", "--graph", root)
    assert rc == 1
    assert "README.md: README.md is not current" in output
    assert _run(repo_root, "--graph", root)[0] == 0  # regenerated
    row = next(
        line
        for line in (tmp_path / "README.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("| `ib_referrals_meetings` (")
    )
    assert row.endswith("| no |"), row


def test_addon_without_required_fragments_is_refused(repo_root, tmp_path):
    _copy_repo(repo_root, tmp_path)
    (tmp_path / "addons/ib_core/readme/CONTRIBUTORS.md").unlink()
    (tmp_path / "addons/ib_core/readme/NOTES.md").write_text("Notes.\n")
    rc, output = _run(repo_root, "--check", f"--repo-root={tmp_path}")
    assert rc == 1
    assert "ib_core: missing readme/CONTRIBUTORS.md" in output
    assert "ib_core: readme/NOTES.md: unknown fragment" in output


MARKDOWN = """\
Intro with **bold**, *italic*, _also italic_, `ib.pupil`, a
[link](https://example.org/x) and snake_case_words, a word_ and |pipes|.

# Setup

1. First step,
   continued.
2. Second step:

   - nested **one**s
   - nested two

## Details

- item one
lazy continuation
- item two

```python
print("hi")
```

A. not a list, and a line ending with::
"""

RST = """\
Intro with **bold**, *italic*, *also italic*, ``ib.pupil``, a
`link <https://example.org/x>`__ and snake_case_words, a word\\_ and \\|pipes\\|.

Setup
-----

1. First step,
   continued.

2. Second step:

   - nested **one**\\ s
   - nested two

Details
~~~~~~~

- item one
  lazy continuation
- item two

::

    print("hi")

\\A. not a list, and a line ending with:\\:"""


def test_markdown_subset_to_rst(gen):
    rst = "\n".join(gen.markdown_to_rst(MARKDOWN, 1, "t.md"))
    assert rst == RST
    document = "=====\nTitle\n=====\n\nSection\n=======\n\n" + rst + "\n"
    publish_doctree(
        document, settings_overrides={"halt_level": 2, "_disable_config": True}
    )


@pytest.mark.parametrize(
    "markdown",
    ["| a | b |\n| - | - |\n", "> quoted\n", "---\n", "![logo](x.png)\n"],
    ids=["table", "quote", "rule", "image"],
)
def test_markdown_outside_the_subset_is_refused(gen, markdown):
    with pytest.raises(gen.MarkdownError):
        gen.markdown_to_rst("Text.\n\n" + markdown, 1, "t.md")
