"""Reading an exported XLSX back in tests: is user text still text?"""

import io
import re
import zipfile

from lxml import etree

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}

# What a spreadsheet would run if we wrote it with xlsxwriter's ``write``.
INJECTIONS = (
    '=HYPERLINK("http://x","y")',
    "=1+1",
    "@SUM(A1)",
    "+SUM(A1)",
    "-2+3",
    "{=1+1}",
    "http://evil.example/",
)


def xlsx_live_cells(content):
    """``[(sheet file, cell, what)]`` of every formula and hyperlink in an XLSX
    (read from the XML itself, not through a library that could interpret it)."""
    found = []
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if not re.fullmatch(r"xl/worksheets/sheet\d+\.xml", name):
                continue
            root = etree.fromstring(archive.read(name))
            for cell in root.iterfind(".//m:sheetData/m:row/m:c", NS):
                if cell.find("m:f", NS) is not None:
                    found.append((name, cell.get("r"), "formula"))
            for link in root.iterfind(".//m:hyperlinks/m:hyperlink", NS):
                found.append((name, link.get("ref"), "hyperlink"))
    return found


def xlsx_cells_by_value(book):
    """``{value: [cell, ...]}`` of every non-empty cell of an openpyxl workbook."""
    cells = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    cells.setdefault(cell.value, []).append(cell)
    return cells
