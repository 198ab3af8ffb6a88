"""Rules shared by the test result model and its engines (batch insert,
sequence and signals): plain values, no model."""

import json
from datetime import date

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
