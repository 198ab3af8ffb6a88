import base64
import csv
import io

from odoo.fields import Command

from odoo.addons.ib_core.tests.common import IbCoreCommon


class IbCarePlansCommon(IbCoreCommon):
    """IbCoreCommon plus a maths test with cut-offs for grades 5 and 6 (middle and
    end), a reading test without cut-offs (levels from percentiles or from the
    file), and helpers to build and import CSV and XLSX files."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        grade = cls.env.ref
        cls.grade_5 = grade("ib_core.grade_5")
        cls.grade_6 = grade("ib_core.grade_6")
        cls.maths = cls.env["ib.assessment"].create(
            {
                "name": "Rekenen-Wiskunde",
                "code": "RW",
                "publisher": "cito",
                "domain": "maths",
                "grade_ids": [Command.set((cls.grade_5 | cls.grade_6).ids)],
                "score_min": 0,
                "score_max": 400,
                "level_scale": "roman",
                "company_id": False,
                "norm_ids": [
                    Command.create(
                        {
                            "grade_id": g.id,
                            "moment": moment,
                            "min_level_1": base + 40,
                            "min_level_2": base + 30,
                            "min_level_3": base + 20,
                            "min_level_4": base + 10,
                        }
                    )
                    for g, moment, base in (
                        (cls.grade_5, "middle", 200),
                        (cls.grade_5, "end", 210),
                        (cls.grade_6, "middle", 220),
                        (cls.grade_6, "end", 230),
                    )
                ],
            }
        )
        cls.reading = cls.env["ib.assessment"].create(
            {
                "name": "Begrijpend Lezen",
                "sequence": 20,
                "code": "BL",
                "publisher": "cito",
                "domain": "reading_comprehension",
                "level_scale": "letter",
                "company_id": cls.school_a.id,
            }
        )
        cls.school_a.ib_signal_user_id = cls.coordinator_a

    # ------------------------------------------------------------ file helpers
    HEADER = [
        "Leerlingnummer",
        "Achternaam",
        "Voornaam",
        "Geboortedatum",
        "Toets",
        "Toetsmoment",
        "Afnamedatum",
        "Vaardigheidsscore",
    ]

    def _csv(self, rows, header=None, delimiter=";", encoding="utf-8"):
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(header or self.HEADER)
        writer.writerows(rows)
        return buffer.getvalue().encode(encoding)

    def _xlsx(self, rows, header=None, formulas=()):
        import xlsxwriter  # pylint: disable=import-outside-toplevel

        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = workbook.add_worksheet()
        for col, value in enumerate(header or self.HEADER):
            sheet.write_string(0, col, value)
        for row_index, row in enumerate(rows, start=1):
            for col, value in enumerate(row):
                if (row_index, col) in formulas:
                    sheet.write_formula(row_index, col, value)
                elif isinstance(value, int | float):
                    sheet.write_number(row_index, col, value)
                elif value is None:
                    continue
                else:
                    sheet.write_string(row_index, col, str(value))
        workbook.close()
        return buffer.getvalue()

    def _row(self, pupil, score, moment="M5", test="RW", day=None):
        return [
            pupil.pupil_number,
            pupil.last_name,
            pupil.first_name,
            pupil.date_of_birth.strftime("%d-%m-%Y"),
            test,
            moment,
            day or "",
            score,
        ]

    def _wizard(self, content, filename="export.csv", user=None, **vals):
        user = user or self.coordinator_a
        Wizard = self.as_user(user, "ib.assessment.import")
        wizard = Wizard.create(
            dict(
                {
                    "file": base64.b64encode(content),
                    "filename": filename,
                    "company_id": self.school_a.id,
                    "school_year_id": self.year_a.id,
                },
                **vals,
            )
        )
        wizard.action_read_file()
        return wizard

    def _import(self, content, filename="export.csv", user=None, **vals):
        wizard = self._wizard(content, filename, user, **vals)
        wizard.action_import()
        return wizard

    def _results(self, domain=None):
        """The results of the test schools (the database may hold demo data)."""
        schools = self.school_a | self.school_b
        return self.env["ib.assessment.result"].search(
            [("company_id", "in", schools.ids), *(domain or [])]
        )

    def _counts(self, wizard):
        return (
            wizard.count_new,
            wizard.count_updated,
            wizard.count_unchanged,
            wizard.count_errors,
        )
