import base64
import io
from datetime import date
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import tagged

from ..models import import_files
from .common import IbCarePlansCommon


@tagged("post_install", "-at_install")
class TestImportCsv(IbCarePlansCommon):
    def _good_rows(self):
        return [
            self._row(self.pupil_5a, 235, "M5"),  # III (220) .. II (230): II
            self._row(self.pupil_5b, "215,5", "M5"),  # decimal comma: IV
            self._row(self.pupil_6a, 265, "M6"),  # I
        ]

    def _snapshot(self):
        return self._results().read(
            [
                "pupil_id",
                "assessment_id",
                "moment",
                "score",
                "level",
                "date",
                "write_date",
            ]
        )

    def test_good_file(self):
        wizard = self._import(self._csv(self._good_rows()), profile_name="ParnasSys")
        self.assertEqual(wizard.state, "done")
        self.assertEqual(self._counts(wizard), (3, 0, 0, 0))
        results = self._results()
        self.assertEqual(len(results), 3)
        by_pupil = {r.pupil_id: r for r in results}
        self.assertEqual(by_pupil[self.pupil_5a].level_label, "II")
        self.assertEqual(by_pupil[self.pupil_5b].score, 215.5)
        self.assertEqual(by_pupil[self.pupil_5b].level_label, "IV")
        self.assertEqual(by_pupil[self.pupil_6a].level_label, "I")
        self.assertEqual(by_pupil[self.pupil_6a].group_id, self.group_6)
        self.assertEqual(set(results.school_year_id.ids), {self.year_a.id})
        self.assertEqual(set(results.mapped("moment")), {"middle"})
        self.assertEqual(wizard.result_ids, results)
        profile = wizard.profile_id
        self.assertEqual(
            (profile.name, profile.company_id), ("ParnasSys", self.school_a)
        )
        self.assertEqual(profile.col_score, "Vaardigheidsscore")

    def test_same_file_twice_changes_nothing(self):
        content = self._csv(self._good_rows())
        self._import(content)
        self.env.flush_all()
        before = self._snapshot()
        activities = self.env["mail.activity"].search_count([])
        again = self._import(content)
        self.assertEqual(self._counts(again), (0, 0, 3, 0))
        self.env.flush_all()
        self.assertEqual(self._snapshot(), before)
        self.assertEqual(self.env["mail.activity"].search_count([]), activities)

    def test_changed_score_updates_the_result(self):
        self._import(self._csv(self._good_rows()))
        rows = self._good_rows()
        rows[0][-1] = 245  # pupil 5a: now level I
        wizard = self._import(self._csv(rows))
        self.assertEqual(self._counts(wizard), (0, 1, 2, 0))
        result = self._results([("pupil_id", "=", self.pupil_5a.id)])
        self.assertEqual((result.score, result.level_label), (245, "I"))

    def test_bad_rows_are_reported_and_not_written(self):
        rows = [
            self._row(self.pupil_5a, 235, "M5"),  # line 2: good
            ["9999", "Nobody", "Nemo", "01-01-2017", "RW", "M5", "", 230],  # 3
            self._row(self.pupil_5b, 500, "M5"),  # 4: out of range
            self._row(self.pupil_6a, 230, "M6", test="XYZ"),  # 5: unknown test
            self._row(self.pupil_5a, 236, "M5"),  # 6: duplicate of line 2
            self._row(self.pupil_6b, "abc", "M6"),  # 7: not a number
            self._row(self.pupil_6b, "=1+1", "M6"),  # 8: formula
            self._row(self.pupil_6b, 230, "Q6"),  # 9: unknown moment
            self._row(self.pupil_6b, 230, "M6", day="01-01-2001"),  # 10: date
            self._row(self.pupil_6b, "", "E6"),  # 11: no score at all
        ]
        wizard = self._import(self._csv(rows))
        self.assertEqual(self._counts(wizard), (1, 0, 0, 9))
        self.assertEqual(self._results().pupil_id, self.pupil_5a)
        self.assertEqual(self._results().score, 235, "the first of duplicates counts")
        report = wizard.report_html
        for line, reason in (
            (3, "unknown pupil 9999"),
            (4, "score 500 is out of range"),
            (5, "unknown test XYZ"),
            (6, "duplicate of line 2"),
            (7, "score abc is not a number"),
            (8, "contains a formula"),
            (9, "unknown moment Q6"),
            (10, "test date 2001-01-01 lies outside school year"),
            (11, "no score, level or percentile"),
        ):
            self.assertIn(f"<td>{line}</td><td>{reason}", report)

    def test_mixed_file_imports_the_good_rows_together(self):
        self._import(self._csv([self._row(self.pupil_5a, 235, "M5")]))
        rows = [
            self._row(self.pupil_5a, 235, "M5"),  # unchanged
            self._row(self.pupil_5b, 225, "M5"),  # new
            self._row(self.pupil_6a, 999, "M6"),  # bad
            self._row(self.pupil_6b, 250, "M6"),  # new
        ]
        wizard = self._import(self._csv(rows))
        self.assertEqual(self._counts(wizard), (2, 0, 1, 1))
        self.assertEqual(
            self._results().pupil_id, self.pupil_5a | self.pupil_5b | self.pupil_6b
        )

    def test_other_moment_needs_a_date(self):
        day = self.year_a.date_start.replace(day=20)
        rows = [
            self._row(self.pupil_5a, 235, "B"),
            self._row(self.pupil_5b, 235, "B", day=day.strftime("%d-%m-%Y")),
        ]
        wizard = self._import(self._csv(rows))
        self.assertEqual(self._counts(wizard), (1, 0, 0, 1))
        self.assertIn("needs its test date", wizard.report_html)
        result = self._results()
        self.assertEqual((result.moment, result.date), ("other", day))

    def test_preview_writes_nothing(self):
        wizard = self._wizard(self._csv(self._good_rows()), profile_name="Esis")
        wizard.action_preview()
        self.assertEqual(wizard.state, "preview")
        self.assertEqual(self._counts(wizard), (3, 0, 0, 0))
        self.assertFalse(self._results())
        self.assertFalse(
            self.env["ib.assessment.import.profile"].search([("name", "=", "Esis")])
        )
        wizard.action_import()
        self.assertEqual(len(self._results()), 3)

    def test_empty_rows_are_skipped(self):
        content = (
            self._csv(
                [
                    self._row(self.pupil_5a, 235),
                    [""] * 8,
                    [],
                    self._row(self.pupil_5b, 225),
                ]
            )
            + b";;;;;;;\r\n\r\n"
        )
        wizard = self._import(content)
        self.assertEqual(self._counts(wizard), (2, 0, 0, 0))
        self.assertEqual(wizard.count_empty, 4)

    def test_windows_encoding_and_match_by_name_and_birth_date(self):
        self.pupil_5b.first_name = "Zoë"
        header = ["Naam", "Geboortedatum", "Toets", "Toetsmoment", "Score", "Niveau"]
        rows = [
            [
                "Vries, Anna de",
                self.pupil_5a.date_of_birth.strftime("%d-%m-%Y"),
                "Rekenen-Wiskunde",
                "M",
                "",
                "III",
            ],
            [
                "Zoë Bakker",
                self.pupil_5b.date_of_birth.isoformat(),
                "rw",
                "midden",
                "",
                "II",
            ],
            ["Zoë Bakker", "01-01-2016", "RW", "E", "", "II"],  # wrong birth date
        ]
        content = self._csv(rows, header=header, encoding="cp1252")
        wizard = self._import(content)
        self.assertEqual(self._counts(wizard), (2, 0, 0, 1))
        self.assertIn("unknown pupil Zoë Bakker", wizard.report_html)
        levels = {r.pupil_id: r.level_label for r in self._results()}
        self.assertEqual(levels, {self.pupil_5a: "III", self.pupil_5b: "II"})

    def test_file_errors(self):
        with self.assertRaisesRegex(UserError, "cannot be read as text"):
            self._wizard(b"\x00\x01\x02binary\x00" * 20)
        with self.assertRaisesRegex(UserError, "not a readable XLSX"):
            self._wizard(b"PK\x03\x04 broken zip", filename="export.xlsx")
        with self.assertRaisesRegex(UserError, "empty"):
            self._wizard(b"\r\n\r\n")
        with (
            patch.object(import_files, "MAX_FILE_BYTES", 100),
            self.assertRaisesRegex(UserError, "too large"),
        ):
            self._wizard(self._csv(self._good_rows()))
        with (
            patch.object(import_files, "MAX_ROWS", 2),
            self.assertRaisesRegex(UserError, "more than 2 rows"),
        ):
            self._wizard(self._csv(self._good_rows()))

    def test_missing_mapping_is_refused(self):
        wizard = self._wizard(self._csv(self._good_rows()))
        wizard.col_score = "Score (VS)"
        with self.assertRaisesRegex(UserError, "not in the file: Score"):
            wizard.action_preview()
        wizard.col_score = False
        with self.assertRaisesRegex(UserError, "score, level or percentile"):
            wizard.action_preview()
        self.assertFalse(self._results())

    def test_mapping_is_remembered_per_source(self):
        header = ["Nummer leerling", "Toets", "Moment", "Score (VS)"]
        rows = [[self.pupil_5a.pupil_number, "RW", "M5", 235]]
        wizard = self._wizard(self._csv(rows, header=header), profile_name="Eigen LVS")
        self.assertFalse(wizard.col_pupil_number)
        wizard.write(
            {
                "col_pupil_number": "Nummer leerling",
                "col_moment": "Moment",
                "col_score": "Score (VS)",
            }
        )
        wizard.action_import()
        self.assertEqual(wizard.count_new, 1)
        second = self._wizard(
            self._csv([[self.pupil_5b.pupil_number, "RW", "M5", 225]], header=header),
            profile_id=wizard.profile_id.id,
        )
        self.assertEqual(
            (second.col_pupil_number, second.col_moment, second.col_score),
            ("Nummer leerling", "Moment", "Score (VS)"),
        )
        second.action_import()
        self.assertEqual(self._counts(second), (1, 0, 0, 0))

    def test_default_test_and_moment_from_the_wizard(self):
        header = ["Leerlingnummer", "Percentiel", "Afnamedatum"]
        day = date(self.year_a.date_end.year, 1, 20)
        rows = [[self.pupil_5a.pupil_number, 80, day.strftime("%d/%m/%Y")]]
        wizard = self._import(
            self._csv(rows, header=header),
            assessment_id=self.reading.id,
            moment="middle",
        )
        self.assertEqual(wizard.count_new, 1)
        result = self._results()
        self.assertEqual((result.assessment_id, result.date), (self.reading, day))
        self.assertEqual(result.level_label, "A", "percentile 80 on A-E: A")

    def test_teacher_imports_own_group_only(self):
        rows = [
            self._row(self.pupil_5a, 235, "M5"),
            self._row(self.pupil_6a, 240, "M6"),
        ]
        wizard = self._import(self._csv(rows), user=self.teacher_5)
        self.assertEqual(self._counts(wizard), (1, 0, 0, 1))
        self.assertIn(f"unknown pupil {self.pupil_6a.pupil_number}", wizard.report_html)
        self.assertEqual(self._results().pupil_id, self.pupil_5a)
        # and another teacher does not get at the first teacher's import
        other = self.env["ib.assessment.import"].with_user(self.teacher_6)
        self.assertFalse(other.search([("id", "=", wizard.id)]))

    def test_board_import_with_school_column(self):
        # pupil numbers are unique per school only: the BRIN code tells them apart
        self.pupil_b.pupil_number = self.pupil_5a.pupil_number
        year_b = self.year_b
        self.assertEqual(year_b.name, self.year_a.name)
        header = ["BRIN", "Leerlingnummer", "Toets", "Toetsmoment", "Score"]
        rows = [
            ["98ZA", self.pupil_5a.pupil_number, "RW", "M5", 235],
            ["98ZB", self.pupil_b.pupil_number, "RW", "M5", 205],
        ]
        wizard = self._import(
            self._csv(rows, header=header),
            user=self._board_coordinator(),
            company_id=False,
        )
        self.assertEqual(self._counts(wizard), (2, 0, 0, 0))
        result_b = self._results([("pupil_id", "=", self.pupil_b.id)])
        self.assertEqual(result_b.school_year_id, year_b)
        self.assertEqual(result_b.level_label, "V")
        # without the school column the number is ambiguous
        wizard = self._import(
            self._csv([row[1:] for row in rows], header=header[1:]),
            user=self._board_coordinator(),
            company_id=False,
        )
        self.assertEqual(wizard.count_errors, 2)
        self.assertIn("more than one pupil matches", wizard.report_html)

    def _board_coordinator(self):
        """A coordinator of both schools (a board-wide care coordinator)."""
        user = self.coordinator_a
        user.write({"company_ids": [Command.link(self.school_b.id)]})
        return user


@tagged("post_install", "-at_install")
class TestImportXlsx(IbCarePlansCommon):
    def _rows(self):
        return [
            self._row(self.pupil_5a, 235, "M5"),
            self._row(self.pupil_5b, 212.5, "M5"),
        ]

    def test_good_and_repeated_xlsx(self):
        content = self._xlsx(self._rows())
        wizard = self._import(content, filename="export.xlsx")
        self.assertEqual(self._counts(wizard), (2, 0, 0, 0))
        levels = {r.pupil_id: (r.score, r.level_label) for r in self._results()}
        self.assertEqual(
            levels, {self.pupil_5a: (235, "II"), self.pupil_5b: (212.5, "IV")}
        )
        again = self._import(content, filename="export.xlsx")
        self.assertEqual(self._counts(again), (0, 0, 2, 0))

    def test_bad_and_mixed_xlsx(self):
        rows = self._rows() + [
            self._row(self.pupil_6a, "SUM(1,2)", "M6"),  # line 4: formula cell
            self._row(self.pupil_6b, 450, "M6"),  # line 5: out of range
            [None] * 8,  # line 6: empty
            self._row(self.pupil_6b, 231, "E6"),  # line 7: good
        ]
        content = self._xlsx(rows, formulas={(3, 7)})
        wizard = self._import(content, filename="export.xlsx")
        self.assertEqual(self._counts(wizard), (3, 0, 0, 2))
        self.assertIn("<td>4</td><td>contains a formula", wizard.report_html)
        self.assertIn("<td>5</td><td>score 450 is out of range", wizard.report_html)
        self.assertEqual(len(self._results()), 3)

    def test_dates_and_numbers_as_spreadsheet_cells(self):
        import xlsxwriter  # pylint: disable=import-outside-toplevel

        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = workbook.add_worksheet()
        date_format = workbook.add_format({"num_format": "dd-mm-yyyy"})
        for col, head in enumerate(
            [
                "Leerlingnummer",
                "Toets",
                "Toetsmoment",
                "Afnamedatum",
                "Vaardigheidsscore",
            ]
        ):
            sheet.write_string(0, col, head)
        day = date(self.year_a.date_end.year, 1, 15)
        self.pupil_5a.pupil_number = "000123"
        sheet.write_number(1, 0, 123)  # Excel dropped the leading zeros
        sheet.write_string(1, 1, "RW")
        sheet.write_string(1, 2, "M5")
        sheet.write_datetime(1, 3, day, date_format)
        sheet.write_number(1, 4, 241)
        workbook.close()
        wizard = self._import(buffer.getvalue(), filename="export.xlsx")
        self.assertEqual(self._counts(wizard), (1, 0, 0, 0))
        result = self._results()
        self.assertEqual((result.pupil_id, result.date), (self.pupil_5a, day))

    def test_wizard_reads_columns_first(self):
        wizard = self._wizard(self._xlsx(self._rows()), filename="export.xlsx")
        self.assertEqual(wizard.state, "map")
        self.assertIn("Vaardigheidsscore", wizard.headers)
        self.assertEqual(wizard.col_pupil_number, "Leerlingnummer")
        self.assertEqual(wizard.col_moment, "Toetsmoment")
        self.assertFalse(self._results())
        self.assertTrue(base64.b64decode(wizard.file))
