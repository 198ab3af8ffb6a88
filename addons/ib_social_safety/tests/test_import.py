import base64
import io

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SafetyCommon

HEADER = "groep;leerjaar;vraag;respondenten;positief\n"


@tagged("post_install", "-at_install")
class TestSafetyImport(SafetyCommon):
    """The results of a monitor from an untrusted CSV or XLSX file: all rows or
    none, every bad row by its line number."""

    def _import(self, content, filename="monitor.csv", user=None):
        data = content if isinstance(content, bytes) else content.encode()
        survey = self._records_as(user or self.coordinator_a, self.survey)
        action = survey.action_import()
        wizard = survey.env["ib.safety.import"].browse(action["res_id"])
        wizard.write({"file": base64.b64encode(data), "filename": filename})
        wizard.action_import()
        return wizard

    def _counts(self):
        return {
            (line.question_id.name, line.group_id.name, line.grade_id.number): (
                line.respondent_count,
                line.positive_count,
            )
            for line in self.survey.line_ids
        }

    def test_good_file(self):
        wizard = self._import(
            HEADER + "Groep 6;6;Ik voel me veilig op school;24;21\n"
            "groep 7A;;ik voel me veilig op school;4;3\n"
            "\n"
            "Groep 8;8;Ik word gepest;26;23\n"
        )
        self.assertEqual((wizard.state, wizard.count_rows), ("done", 3))
        self.assertEqual(
            self._counts(),
            {
                ("Ik voel me veilig op school", "Groep 6", 6): (24, 21),
                ("Ik voel me veilig op school", "Groep 7a", 7): (4, 3),
                ("Ik word gepest", "Groep 8", 8): (26, 23),
            },
        )
        # importing again replaces the counts of a group and question
        self._import(
            "Groep,Vraag,Respondenten,Positief\n"
            "Groep 6,Ik voel me veilig op school,25,20\n"
        )
        self.assertEqual(len(self.survey.line_ids), 3)
        self.assertEqual(
            self._counts()[("Ik voel me veilig op school", "Groep 6", 6)], (25, 20)
        )

    def test_example_file_of_the_readme(self):
        with open(
            __file__.replace(
                "tests/test_import.py", "static/example/veiligheidsmonitor.csv"
            ),
            "rb",
        ) as example:
            data = example.read()
        wizard = self._import(data.replace(b"Groep 7;", b"Groep 7a;"))
        self.assertEqual((wizard.state, len(self.survey.line_ids)), ("done", 6))

    def test_every_bad_row_is_reported_and_nothing_written(self):
        wizard = self._import(
            HEADER
            + "Groep 6;6;Ik voel me veilig op school;24;21\n"  # 2: good
            + "Groep 5/6;;Ik voel me veilig op school;10;9\n"  # 3: school B's group
            + "Groep 9;;Ik voel me veilig op school;10;9\n"  # 4: no such group
            + "Groep 8;;Ik voel me veilig op school;-3;0\n"  # 5: negative
            + "Groep 8;;Ik word gepest;2.5;1\n"  # 6: not whole
            + "Groep 8;;Ik word gepest;twintig;1\n"  # 7: text
            + "Groep 7a;;Ik word gepest;10;11\n"  # 8: positive > respondents
            + "Groep 7b;;Ik word gepest;10;\n"  # 9: empty count
            + "Groep 7b;;Hoe gaat het thuis?;10;8\n"  # 10: unknown question
            + "Groep 6;;Ik voel me veilig op school;20;18\n"  # 11: twice
            + "Groep 7b;8;Ik voel me veilig op school;20;18\n"  # 12: not its grade
            + "Groep 5;;Ik voel me veilig op school;20;18\n"  # 13: grade 5
            + 'Groep 8;;Ik word gepest;20;=HYPERLINK("x")\n'  # 14: formula
            + "@SUM(A1);;Ik word gepest;20;10\n"  # 15: formula
        )
        self.assertEqual(wizard.state, "error")
        self.assertEqual(wizard.count_errors, 13)
        report = wizard.report_html
        for line, text in (
            (3, "Groep 5/6"),
            (4, "Groep 9"),
            (5, "-3"),
            (6, "2.5"),
            (7, "twintig"),
            (8, "(11)"),
            (9, "not a number of pupils"),
            (10, "Hoe gaat het thuis?"),
            (11, "on line 2"),
            (12, "no grade 8"),
            (13, "groups 6 to 8"),
            (14, "formula"),
            (15, "formula"),
        ):
            with self.subTest(line=line):
                self.assertRegex(report, rf"<td>{line}</td><td>[^<]*{text}", line)
        self.assertNotIn("<td>2</td>", report)
        self.assertNotIn("HYPERLINK", report)
        self.assertFalse(self.survey.line_ids, "nothing written")

    def test_file_refused_whole(self):
        cases = {
            "a pupil's name": "naam;groep;vraag;respondenten;positief\n"
            "Anna;Groep 6;Ik voel me veilig op school;1;1\n",
            "a birth date": "Groep;Geboortedatum;Vraag;Respondenten;Positief\n",
            "an unknown column": "groep;vraag;respondenten;positief;opmerking\n",
            "a missing column": "groep;vraag;respondenten\nGroep 6;x;3\n",
            "no rows": HEADER,
            "not text": "\x00\x01binary",
        }
        for case, content in cases.items():
            with self.subTest(case=case), self.assertRaises(UserError):
                self._import(content)
        self.assertFalse(self.survey.line_ids)

    def test_done_monitor_refuses_an_import(self):
        self._lines((self.q_safe, self.group_6, 24, 21))
        self.survey.action_done()
        with self.assertRaises(UserError):
            self._import(HEADER + "Groep 8;8;Ik voel me veilig op school;26;24\n")
        self.assertEqual(len(self.survey.line_ids), 1)

    def test_xlsx_with_a_formula_cell(self):
        import openpyxl  # pylint: disable=import-outside-toplevel

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["Groep", "Vraag", "Respondenten", "Positief"])
        sheet.append(["Groep 6", "Ik voel me veilig op school", 24, 21])
        sheet.append(["Groep 8", "Ik voel me veilig op school", 26, "=B2*2"])
        buffer = io.BytesIO()
        book.save(buffer)
        wizard = self._import(buffer.getvalue(), "monitor.xlsx")
        self.assertEqual(wizard.state, "error")
        self.assertRegex(wizard.report_html, r"<td>3</td><td>[^<]*formula")
        self.assertFalse(self.survey.line_ids)
        sheet["D3"] = 24
        buffer = io.BytesIO()
        book.save(buffer)
        wizard = self._import(buffer.getvalue(), "monitor.xlsx")
        self.assertEqual(wizard.state, "done")
        self.assertEqual(self.survey.respondent_count, 50)
