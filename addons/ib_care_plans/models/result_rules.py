"""Rules shared by the test result model and its engines (batch insert,
sequence and signals): plain values, no model."""

import json
from datetime import date, datetime

SIGNALS = [
    ("drop", "Level dropped"),
    ("first_lowest", "Lowest level at first result"),
    ("lowest", "Lowest level again"),
]
# Fields that decide the order of a pupil's results in a domain and their levels:
# writing one of them refreshes the change since the previous moment and signals.
SEQUENCE_FIELDS = {
    "pupil_id",
    "assessment_id",
    "date",
    "level",
    "score",
    "percentile",
    "grade_id",
    "moment",
    "school_year_id",
}
MANAGED_FIELDS = ("previous_level", "level_change", "signal", "level_given")
# Derived from the pupil, the school year and the test, never written: a result
# filed under another group or test session would count there (security.md,
# pitfall 10).
DERIVED_FIELDS = ("group_id", "session_id")
# Rows per COPY statement of a batch create (``_ib_create_batch``).
INSERT_BATCH = 10000


def default_moment_date(year, moment):
    """The usual date of a test moment in a school year: 1 February for the
    middle, 15 June for the end (clipped to the school year)."""
    if not year.date_start or not year.date_end:
        return False
    if moment == "middle":
        day = date(year.date_end.year, 2, 1)
    elif moment == "end":
        day = date(year.date_end.year, 6, 15)
    else:
        return False
    return min(max(day, year.date_start), year.date_end)


def csv_value(value, kind):
    """A column value (as ``convert_to_column`` gives it) as a field of
    PostgreSQL's ``COPY ... (FORMAT csv)``; ``kind``: the column type. NULL
    is unquoted and empty, text always quoted (so that an empty text stays an
    empty text), booleans t/f (False is false in a boolean column, NULL in
    any other), dicts JSON, other values ``str`` (numbers, dates, datetimes)."""
    if kind == "bool":
        return "" if value is None else ("t" if value else "f")
    if value is None or value is False:
        return ""
    if isinstance(value, str):
        return '"' + value.replace('"', '""') + '"'
    if isinstance(value, dict):
        return '"' + json.dumps(value).replace('"', '""') + '"'
    return str(value)


# Column types whose values ``str`` writes as ``COPY`` reads them, and the
# Python types of such values.
PLAIN_KINDS = frozenset({"int4", "int8", "float8", "numeric", "date", "timestamp"})
PLAIN_TYPES = frozenset({int, float, date, datetime})


def csv_formatter(kind):
    """``csv_value`` for one column type, as a function of the value: the
    common cases without the dispatch on the type (an import formats a million
    values); any other value goes through ``csv_value``."""
    if kind == "bool":
        return lambda value: "" if value is None else ("t" if value else "f")
    if kind in PLAIN_KINDS:
        return lambda value: (
            ""
            if value is None or value is False
            else (
                str(value) if value.__class__ in PLAIN_TYPES else csv_value(value, kind)
            )
        )
    if kind in ("varchar", "text"):
        return lambda value: (
            ""
            if value is None or value is False
            else (
                '"' + value.replace('"', '""') + '"'
                if value.__class__ is str
                else csv_value(value, kind)
            )
        )
    return lambda value: csv_value(value, kind)


def csv_lines(items, formats):
    """The lines of a ``COPY ... (FORMAT csv)`` of ``items`` (``(id, values)``)
    into the columns ``formats`` (``(column, csv_formatter(kind))``), the id
    first. A column with the same value on every row (the importing user, the
    dates of the batch, a column the file does not fill) is formatted once,
    into the template of the lines."""
    if not items:
        return []
    first = items[0][1]
    parts, varying = ["%s"], []
    for name, fmt in formats:
        value = first.get(name)
        kind = value.__class__
        if all(
            (other := vals.get(name)) is value
            or (other.__class__ is kind and other == value)
            for _rid, vals in items
        ):
            parts.append(fmt(value).replace("%", "%%"))
        else:
            parts.append("%s")
            varying.append((name, fmt))
    template = ",".join(parts)
    return [
        template % (rid, *[fmt(vals.get(name)) for name, fmt in varying])
        for rid, vals in items
    ]
