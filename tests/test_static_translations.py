"""Every user-visible term of the suite has a Dutch translation.

Static part: each addon ships i18n/<addon>.pot and i18n/nl.po, and every msgid of the
.pot has a non-empty msgstr in nl.po (no fuzzy entries, header Language: nl).

Live part (marked odoo): the terms freshly exported from the test database (so a term
added to the code but not yet to the .pot is caught too) all have a Dutch msgstr.
"""

import subprocess

import polib
import pytest


def _po(path):
    return polib.pofile(str(path), wrapwidth=0)


def _key(entry):
    return (entry.msgctxt, entry.msgid)


def _untranslated(pot_entries, nl_po):
    """msgids of pot_entries without a non-empty Dutch msgstr in nl_po."""
    translated = {}
    for entry in nl_po:
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            ok = bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
        else:
            ok = bool(entry.msgstr.strip())
        translated[_key(entry)] = ok
        translated.setdefault((None, entry.msgid), ok)
    missing = []
    for entry in pot_entries:
        if entry.obsolete or not entry.msgid:
            continue
        if not translated.get(_key(entry), translated.get((None, entry.msgid))):
            where = ", ".join(
                f"{f}:{ln}" if ln else f for f, ln in entry.occurrences[:3]
            )
            missing.append(f"  {entry.msgid!r}" + (f"  ({where})" if where else ""))
    return missing


def test_addons_present(addon_names, addons_dir):
    assert addon_names, f"no ib_* addons found under {addons_dir}"


def test_i18n_files_exist(addon_paths):
    problems = []
    for path in addon_paths:
        for name in (f"{path.name}.pot", "nl.po"):
            if not (path / "i18n" / name).is_file():
                problems.append(f"{path.name}: missing i18n/{name}")
    assert not problems, "\n".join(problems)


def test_nl_po_header_and_no_fuzzy(addon_paths):
    problems = []
    for path in addon_paths:
        po_path = path / "i18n" / "nl.po"
        if not po_path.is_file():
            continue  # reported by test_i18n_files_exist
        po = _po(po_path)
        language = po.metadata.get("Language", "")
        if language != "nl":
            problems.append(
                f"{path.name}: nl.po header Language is {language!r}, not 'nl'"
            )
        fuzzy = [e.msgid for e in po if "fuzzy" in e.flags and not e.obsolete]
        if fuzzy:
            problems.append(
                f"{path.name}: nl.po has {len(fuzzy)} fuzzy entries: "
                + "; ".join(repr(m) for m in fuzzy[:20])
            )
    assert not problems, "\n".join(problems)


def test_no_english_po(addon_paths):
    """Odoo's source language is English: an en.po only hides missing terms."""
    found = [
        f"{p.name}/i18n/en.po" for p in addon_paths if (p / "i18n" / "en.po").exists()
    ]
    assert not found, "remove: " + ", ".join(found)


def test_pot_terms_translated_in_nl(addon_paths):
    problems = []
    for path in addon_paths:
        pot_path = path / "i18n" / f"{path.name}.pot"
        po_path = path / "i18n" / "nl.po"
        if not (pot_path.is_file() and po_path.is_file()):
            continue  # reported by test_i18n_files_exist
        missing = _untranslated(_po(pot_path), _po(po_path))
        if missing:
            problems.append(
                f"{path.name}: {len(missing)} term(s) of {pot_path.name} without a "
                "Dutch msgstr in nl.po:\n" + "\n".join(missing)
            )
    assert not problems, "\n\n".join(problems)


@pytest.mark.odoo
def test_exported_terms_translated_in_nl(
    odoo_db, odoo_cmd, odoo_addons_path, installed_addons, addons_dir, tmp_path
):
    """Export the terms from the live database: each one needs a Dutch msgstr.

    This catches a string added to a model, view or `self.env._()` call without
    regenerating the .pot: `odoo-bin i18n export -d DB ib_x -o x.pot`."""
    problems = []
    for addon in installed_addons:
        po_path = addons_dir / addon / "i18n" / "nl.po"
        out = tmp_path / f"{addon}.pot"
        # --addons-path must come right before the command name: odoo-bin reads it
        # there to find the command; `i18n` takes no other server option
        cmd = odoo_cmd + [
            f"--addons-path={odoo_addons_path}",
            "i18n",
            "export",
            "-d",
            odoo_db,
            addon,
            "-o",
            str(out),
        ]
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        assert res.returncode == 0 and out.is_file(), (
            f"i18n export failed for {addon} (exit {res.returncode}):\n"
            f"$ {' '.join(cmd)}\n{res.stdout[-3000:]}{res.stderr[-3000:]}"
        )
        exported = _po(out)
        if not po_path.is_file():
            if len(exported):
                problems.append(f"{addon}: {len(exported)} terms and no i18n/nl.po")
            continue
        missing = _untranslated(exported, _po(po_path))
        if missing:
            problems.append(
                f"{addon}: {len(missing)} exported term(s) without a Dutch msgstr in "
                f"i18n/nl.po (regenerate i18n/{addon}.pot and nl.po, see README):\n"
                + "\n".join(missing)
            )
    assert not problems, "\n\n".join(problems)
