"""Reading the values of an LVS export: numbers with a decimal comma, Dutch dates,
test moments (M5, E, midden), names. Pure functions: None means "not readable"."""

import math
import re
import unicodedata
from datetime import date, datetime, timedelta

DATE_FORMATS = (
    "%d-%m-%Y",
    "%d/%m/%Y",
    "%Y-%m-%d",
    "%d.%m.%Y",
    "%d-%m-%y",
    "%d/%m/%y",
    "%Y/%m/%d",
)
EXCEL_EPOCH = date(1899, 12, 30)
MOMENT_WORDS = {
    "m": "middle",
    "midden": "middle",
    "middle": "middle",
    "mid": "middle",
    "e": "end",
    "eind": "end",
    "end": "end",
    "b": "other",
    "begin": "other",
    "other": "other",
    "overig": "other",
}
MOMENT_RE = re.compile(r"^([a-z]*)(\d{0,2})$")
NUMBER_RE = re.compile(r"^[+-]?\d+(\.\d+)?$")


class Formula(str):
    """The text of a spreadsheet formula cell (never evaluated, never imported)."""


def normalize(text):
    """Lower case letters and digits only, accents removed: for comparing names
    and headers written in different ways."""
    text = unicodedata.normalize("NFKD", str(text or ""))
    return "".join(ch for ch in text.lower() if ch.isalnum() and ch.isascii())


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value):
    """A cell as text: 12.0 -> '12', dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


def looks_like_formula(value):
    """A formula cell, or text that a spreadsheet would run as one (CSV injection:
    =..., @..., +/- followed by something that is not a number)."""
    if isinstance(value, Formula):
        return True
    if not isinstance(value, str):
        return False
    text = value.strip()
    if not text:
        return False
    if text[0] in "=@":
        return True
    return text[0] in "+-" and parse_number(text) is None


def parse_number(value):
    """A float from a number or text with a decimal comma or point; None if not a
    (finite) number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value or "").strip().replace(" ", "").replace("\u00a0", "")
        if "," in text and "." in text:
            if text.rfind(",") > text.rfind("."):
                text = text.replace(".", "").replace(",", ".")
            else:
                text = text.replace(",", "")
        else:
            text = text.replace(",", ".")
        if not NUMBER_RE.match(text):
            return None
        number = float(text)
    return number if math.isfinite(number) else None


def parse_date(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        # an Excel serial day number
        if 20000 <= value <= 80000:
            return EXCEL_EPOCH + timedelta(days=int(value))
        return None
    text = str(value or "").strip()
    if " " in text:
        text = text.split(" ", 1)[0]  # "2026-01-20 00:00:00"
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_moment(value):
    """(moment, grade number or None) from M, E, M5, E 6, midden, eind..."""
    match = MOMENT_RE.match(normalize(value))
    if not match:
        return None, None
    word, digits = match.groups()
    moment = MOMENT_WORDS.get(word)
    if not moment:
        return None, None
    return moment, int(digits) if digits else None


def pupil_number_key(value):
    text = cell_text(value)
    if text.isdigit():
        return text.lstrip("0") or text
    return text.upper()


def name_keys(first, infix, last, full):
    """Ways to write a pupil's name, as normalized strings: 'Anna de Vries' may
    come as first+infix+last, first+'de Vries', 'Vries, Anna de' or 'Anna de
    Vries'."""
    keys = set()
    if first or last:
        keys.add(normalize(f"{first} {infix} {last}"))
        keys.add(normalize(f"{first} {last}"))
    if full:
        full = str(full)
        if "," in full:
            last_part, first_part = full.split(",", 1)
            full = f"{first_part} {last_part}"
        keys.add(normalize(full))
    keys.discard("")
    return keys
