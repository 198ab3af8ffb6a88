"""Reading an LVS export (CSV, XLSX or XLS bytes) into a table of raw cells.

No database access: ``env`` is only used to translate the messages. Every problem
with the file as a whole raises a UserError; problems of single rows are for the
import service to report by line."""

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass, field

from markupsafe import Markup

from odoo.exceptions import UserError

from .import_values import Formula, cell_text, is_blank

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ROWS = 50000
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"


@dataclass
class ImportTable:
    """The file as read: its headers and its rows below the header line.

    ``rows``: ``(line number in the file, [cell value, ...])``; ``columns``:
    ``{column key: index in the row}`` of the mapped columns (see
    ``IMPORT_COLUMNS``)."""

    headers: list
    rows: list
    columns: dict = field(default_factory=dict)


def read_table(env, data, filename=""):
    """``(headers, rows)`` of the first sheet of a CSV, XLSX or XLS file."""
    if not data:
        raise UserError(env._("Choose the file to import."))
    if len(data) > MAX_FILE_BYTES:
        raise UserError(
            env._(
                "The file is too large (%(size)s MB; at most %(max)s MB). Split "
                "the export, e.g. per school or per test.",
                size=round(len(data) / 1024 / 1024, 1),
                max=MAX_FILE_BYTES // 1024 // 1024,
            )
        )
    name = (filename or "").lower()
    if data.startswith(XLSX_MAGIC) or name.endswith((".xlsx", ".xlsm")):
        rows = _read_xlsx(env, data)
    elif data.startswith(XLS_MAGIC) or name.endswith(".xls"):
        rows = _read_xls(env, data)
    else:
        rows = _read_csv(env, data)
    return _split_header(env, rows)


def _split_header(env, rows):
    headers, body = None, []
    for line, cells in rows:
        if headers is None:
            if all(is_blank(c) for c in cells):
                continue
            headers = [cell_text(c) for c in cells]
            continue
        if len(body) >= MAX_ROWS:
            raise UserError(
                env._("The file has more than %s rows: split the export.", MAX_ROWS)
            )
        body.append((line, cells))
    if not headers:
        raise UserError(env._("The file is empty."))
    while headers and not headers[-1]:
        headers.pop()
    return headers, body


def _read_csv(env, data):
    text = None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "cp1252")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None or "\x00" in text:
        raise UserError(
            env._(
                "The file cannot be read as text (UTF-8 or Windows-1252): save "
                "the export as CSV or XLSX."
            )
        )
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t|", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        raise UserError(
            env._(
                "Line %(line)s of the file cannot be read: %(error)s",
                line=reader.line_num,
                error=exc,
            )
        ) from exc


def _read_xlsx(env, data):
    # openpyxl is in Odoo's requirements; imported here so that the module
    # loads without it
    import openpyxl  # pylint: disable=import-outside-toplevel

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
        if unzipped > MAX_UNZIPPED_BYTES:
            raise UserError(env._("The spreadsheet is too large: split it."))
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=False
        )
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UserError(env._("The file is not a readable XLSX spreadsheet.")) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for line, cells in enumerate(sheet.iter_rows(min_row=1), start=1):
            if len(rows) > MAX_ROWS + 1:
                raise UserError(
                    env._("The file has more than %s rows: split the export.", MAX_ROWS)
                )
            rows.append(
                (
                    line,
                    [
                        Formula(c.value) if c.data_type == "f" else c.value
                        for c in cells
                    ],
                )
            )
        return rows
    finally:
        workbook.close()


def _read_xls(env, data):
    import xlrd  # pylint: disable=import-outside-toplevel

    try:
        book = xlrd.open_workbook(file_contents=data)
    except xlrd.XLRDError as exc:
        raise UserError(env._("The file is not a readable XLS spreadsheet.")) from exc
    sheet = book.sheet_by_index(0)
    rows = []
    for index in range(min(sheet.nrows, MAX_ROWS + 2)):
        values = []
        for cell in sheet.row(index):
            if cell.ctype == xlrd.XL_CELL_DATE:
                values.append(xlrd.xldate_as_datetime(cell.value, book.datemode))
            else:
                values.append(cell.value)
        rows.append((index + 1, values))
    return rows


def errors_table(env, errors, problem_title, max_shown=200):
    """The rows an import refused, as an HTML table: ``errors`` is a list of
    ``(line, message)``; at most ``max_shown`` rows, then how many more."""
    rows = Markup("").join(
        Markup("<tr><td>%s</td><td>%s</td></tr>") % (line, message)
        for line, message in errors[:max_shown]
    )
    more = ""
    if len(errors) > max_shown:
        more = Markup("<p>%s</p>") % env._(
            "... and %s more rows with errors.", len(errors) - max_shown
        )
    return Markup(
        '<table class="table table-sm o_ib_import_errors"><thead><tr>'
        "<th>%s</th><th>%s</th></tr></thead><tbody>%s</tbody></table>%s"
    ) % (env._("Line"), problem_title, rows, more)
