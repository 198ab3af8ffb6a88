import csv
import io
from datetime import date, datetime

import openpyxl
import xlsxwriter

from odoo.tests import TransactionCase, tagged

from odoo.addons.ib_core.tools.spreadsheet import (
    csv_safe,
    csv_safe_row,
    xlsx_write,
    xlsx_write_row,
)

from .xlsx_checks import INJECTIONS, xlsx_cells_by_value, xlsx_live_cells


def _book(write):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Data")
    write(book, sheet)
    book.close()
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestSpreadsheetTools(TransactionCase):
    """The helpers every export writes its cells with: user text stays text in an
    XLSX (never a formula or a link) and is neutralised in a CSV."""

    def test_xlsx_text_is_never_a_formula(self):
        def write(book, sheet):
            for row, text in enumerate(INJECTIONS):
                xlsx_write(sheet, row, 0, text)
            xlsx_write_row(sheet, len(INJECTIONS), 0, list(INJECTIONS))

        content = _book(write)
        self.assertEqual(xlsx_live_cells(content), [])
        cells = xlsx_cells_by_value(openpyxl.load_workbook(io.BytesIO(content)))
        for text in INJECTIONS:
            self.assertEqual(len(cells[text]), 2, text)
            for cell in cells[text]:
                self.assertEqual(cell.data_type, "s", text)

    def test_the_check_sees_formulas_and_links(self):
        """xlsxwriter's plain ``write`` does run such text: the check above would
        notice."""

        def write(book, sheet):
            for row, text in enumerate(INJECTIONS):
                sheet.write(row, 0, text)

        live = {(ref, what) for _sheet, ref, what in xlsx_live_cells(_book(write))}
        self.assertIn(("A1", "formula"), live)
        self.assertIn(("A2", "formula"), live)
        self.assertIn(("A6", "formula"), live)
        self.assertIn(("A7", "hyperlink"), live)

    def test_xlsx_numbers_dates_and_blanks_keep_their_type(self):
        def write(book, sheet):
            day = book.add_format({"num_format": "dd-mm-yyyy"})
            xlsx_write_row(sheet, 0, 0, [3, 2.5, True, None, False, "12"])
            xlsx_write(sheet, 1, 0, date(2025, 9, 1), day)
            xlsx_write(sheet, 1, 1, datetime(2025, 9, 1, 9, 30), day)
            xlsx_write(sheet, 1, 2, float("nan"))

        sheet = openpyxl.load_workbook(io.BytesIO(_book(write)))["Data"]
        self.assertEqual(
            [(c.value, c.data_type) for c in sheet[1]],
            [(3, "n"), (2.5, "n"), (True, "b"), (None, "n"), (None, "n"), ("12", "s")],
        )
        self.assertTrue(sheet["A2"].is_date)
        self.assertEqual(sheet["A2"].value, datetime(2025, 9, 1))
        self.assertEqual(sheet["B2"].value, datetime(2025, 9, 1, 9, 30))
        self.assertEqual((sheet["C2"].value, sheet["C2"].data_type), ("nan", "s"))

    def test_csv_cells_are_neutralised(self):
        for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1+1", "\r=1+1"):
            self.assertEqual(csv_safe(text), "'" + text)
        for value in ("Anna", " =1+1", "1-2", "", 3, -2.5, None, False):
            self.assertEqual(csv_safe(value), value)
        buffer = io.StringIO()
        csv.writer(buffer, quoting=csv.QUOTE_ALL).writerow(
            csv_safe_row(['=HYPERLINK("http://x","y")', "Anna", 12])
        )
        self.assertEqual(
            buffer.getvalue(),
            '"\'=HYPERLINK(""http://x"",""y"")","Anna","12"\r\n',
        )
