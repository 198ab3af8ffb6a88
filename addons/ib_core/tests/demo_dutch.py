"""The demo data speaks Dutch: shared by the demo tests of every ib_* addon.

A Dutch school that installs the suite with demo data sees Dutch pupils, notes,
requests, plans and meetings. ``ENGLISH_MARKERS`` are words and phrases that occur in
English text and never in Dutch text (plus the English demo texts that were
replaced, so they cannot come back). ``IbDemoDutchMixin`` finds them

- in the stored texts of the demo records of every ib_* addon installed
  (``english_in_demo_records``), with their messages and activities, and
- on the screens a demo user opens in the browser (``assert_dutch_page``), with the
  page and the text around each hit in the failure message.
"""

import json
import re
from pathlib import Path

# Whole words (case-insensitive) that English prose uses and Dutch never does.
ENGLISH_WORDS = (
    "the",
    "and",
    "with",
    "pupil",
    "pupils",
    "meeting",
    "meetings",
    "parent",
    "parents",
    "teacher",
    "teachers",
    "has been",
    "have",
    "does",
    "should",
    "which",
    "their",
    "they",
    "this",
    "that",
    "what",
    "when",
    "after",
    "before",
    "about",
    "from",
    "not",
    "yet",
    "results",
    "reading",
    "assessment",
    "support",
    "behaviour",
    "needs",
    "school year",
    "your logo",
)
# English demo texts that were replaced by Dutch ones (issue 22): phrases that the
# words above might miss.
ENGLISH_DEMO_PHRASES = (
    "Results not entered yet",
    "Dyslexia assessment",
    "Speech and language",
    "Arrangement light",
    "Arrangement behaviour",
    "Regional training centre",
    "Professional literature",
    "Course: ",
    "Reading: ",
    "Study day",
    "Network of care coordinators",
    "Video recordings",
    "Class observation",
    "Three short practice moments",
    "reads much slower",
    "multiplication tables",
    "traffic-light",
    "instruction table",
    "quality scan",
    "social map",
    "area team",
    "care coordinator",
    "care plan",
    "group plan",
    "independent work",
    "class visit",
)
ENGLISH_MARKERS = ENGLISH_WORDS + ENGLISH_DEMO_PHRASES
ENGLISH_RE = re.compile(
    r"(?<![\w-])({})(?![\w-])".format(
        "|".join(re.escape(marker) for marker in ENGLISH_MARKERS)
    ),
    re.IGNORECASE,
)
# On a screen, Odoo's own labels are English where Odoo's Dutch is not installed
# (the calendar's "Meeting Subject", "Odoo meeting", "Needs Action"): the
# screens leave these words to the scan of the records.
ODOO_UI_WORDS = ("meeting", "meetings", "needs")
SCREEN_RE = re.compile(
    r"(?<![\w-])({})(?![\w-])".format(
        "|".join(
            re.escape(marker)
            for marker in ENGLISH_MARKERS
            if marker not in ODOO_UI_WORDS
        )
    ),
    re.IGNORECASE,
)
PAGE_CHECK_JS = (Path(__file__).parent / "demo_dutch_page.js").read_text(
    encoding="utf-8"
)
# What a record of these models may say (besides the ib.* models of the addons).
SCANNED_CORE_MODELS = ("res.partner", "calendar.event", "mail.activity", "mail.message")
TEXT_TYPES = ("char", "text", "html")
# Fields whose values are not words a user reads as a sentence: addresses, codes.
SKIPPED_FIELDS = {
    "email",
    "email_normalized",
    "email_from",
    "login",
    "password",
    "phone",
    "mobile",
    "website",
    "url",
    "access_token",
    "message_id",
    "reply_to",
    "record_name",
    "res_model",
    "model",
    "tz",
    "lang",
    "display_name",
    "code",
}


def english_hits(text):
    """The English markers in ``text``, each with the words around it."""
    if not text:
        return []
    plain = re.sub(r"<[^>]+>", " ", str(text))
    plain = re.sub(r"\s+", " ", plain)
    hits = []
    for match in ENGLISH_RE.finditer(plain):
        start, end = match.span()
        hits.append(f"{match.group(0)!r} in “…{plain[max(0, start - 40) : end + 40]}…”")
    return hits


class IbDemoDutchMixin:
    """For a test class of an ib_* addon on a database with demo data."""

    def english_in_demo_records(self, modules_like="ib_%"):
        """Every English text in the demo records of the addons ``modules_like``:
        a list of "module.xml_id (model) field: 'marker' in “…text…”". Records the
        demo made from Python without an external id are reached through their
        messages and activities (on ib.* records)."""
        env = self.env
        env.cr.execute(
            """SELECT module, name, model, res_id FROM ir_model_data
                WHERE module LIKE %s AND (model LIKE 'ib.%%' OR model IN %s)
""",
            [modules_like, SCANNED_CORE_MODELS],
        )
        by_model = {}
        for module, name, model, res_id in env.cr.fetchall():
            if model in env:
                by_model.setdefault(model, {})[res_id] = f"{module}.{name}"
        # messages and activities of ib.* records, however they were made (not the
        # notices of assigned activities: Odoo's own template writes them in the
        # user's language, from Odoo's translations)
        for model, model_field, domain in (
            ("mail.message", "model", [("message_type", "!=", "user_notification")]),
            ("mail.activity", "res_model", []),
        ):
            records = (
                env[model].sudo().search([(model_field, "=like", "ib.%"), *domain])
            )
            for record in records:
                by_model.setdefault(model, {}).setdefault(
                    record.id, f"{record[model_field]},{record.res_id}"
                )
        found = []
        for model, names in sorted(by_model.items()):
            Model = env[model].sudo().with_context(active_test=False, lang="nl_NL")
            fields = [
                fname
                for fname, field in Model._fields.items()
                if field.type in TEXT_TYPES
                and field.store
                and fname not in SKIPPED_FIELDS
                and not fname.startswith(("message_", "activity_", "website_"))
            ]
            records = Model.browse(list(names)).exists()
            for row in records.read(fields):
                for fname in fields:
                    for hit in english_hits(row[fname]):
                        found.append(f"{names[row['id']]} ({model}) {fname}: {hit}")
        return found

    def assert_dutch_page(self, login, url, ready, page):
        """Open ``url`` in the browser as ``login``, wait for ``ready`` (a CSS
        selector), then fail with the page name and the text around each English
        marker in the visible text of the page, or when the page shows the
        default "Your logo" image as the company logo."""
        code = (
            PAGE_CHECK_JS.replace("__PAGE__", json.dumps(page))
            .replace("__READY__", json.dumps(ready))
            .replace("__PATTERN__", json.dumps(SCREEN_RE.pattern))
        )
        self.browser_js(url, code, login=login, timeout=90)
