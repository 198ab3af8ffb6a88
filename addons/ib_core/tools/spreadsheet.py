"""Writing user text into spreadsheet files so that it stays text.

A spreadsheet runs a cell that starts with ``=`` (and, in CSV files, ``+``, ``-``,
``@``, a tab or a carriage return) as a formula: a pupil, group or look-for name
such as ``=HYPERLINK("http://evil.example", "click")`` would become a live link or
formula in the file a coordinator opens (CSV or formula injection). Every export of
the suite writes its cells through these helpers:

* XLSX (xlsxwriter): ``xlsx_write`` / ``xlsx_write_row`` write text with
  ``write_string`` (never ``write``, which turns ``=...`` into a formula, ``{=...}``
  into an array formula and ``http://...`` into a hyperlink), numbers with
  ``write_number`` and dates with ``write_datetime``.
* CSV: ``csv_safe`` / ``csv_safe_row`` put a single quote before text that starts
  with a formula character, as OWASP advises; write the rows with
  ``csv.writer(..., quoting=csv.QUOTE_ALL)``.
"""

import datetime
import math
import numbers

# What makes a spreadsheet read a CSV cell as a formula (OWASP "CSV Injection").
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """``value`` for a CSV cell: text starting with ``= + - @``, a tab or a
    carriage return gets a leading single quote; anything else is unchanged."""
    if isinstance(value, str) and value.startswith(CSV_FORMULA_STARTS):
        return "'" + value
    return value


def csv_safe_row(values):
    """``csv_safe`` applied to each value of a row."""
    return [csv_safe(value) for value in values]


def xlsx_write(sheet, row, col, value, cell_format=None):
    """Write ``value`` in one cell of an xlsxwriter ``sheet`` as what it is.

    Text is always written as text (never as a formula, link or number); ints and
    floats as numbers; dates and datetimes as dates (give a ``cell_format`` with a
    ``num_format``); booleans as booleans. ``None`` and ``False`` (Odoo's empty
    value) leave the cell blank.
    """
    if value is None or value is False:
        return sheet.write_blank(row, col, None, cell_format)
    if isinstance(value, bool):
        return sheet.write_boolean(row, col, value, cell_format)
    if isinstance(value, numbers.Real) and math.isfinite(value):
        return sheet.write_number(row, col, value, cell_format)
    if isinstance(value, datetime.date | datetime.time):
        return sheet.write_datetime(row, col, value, cell_format)
    return sheet.write_string(row, col, str(value), cell_format)


def xlsx_write_row(sheet, row, col, values, cell_format=None):
    """``xlsx_write`` of each value of ``values`` from column ``col`` on."""
    for offset, value in enumerate(values):
        xlsx_write(sheet, row, col + offset, value, cell_format)
