import base64
import io

import openpyxl

from odoo.tests import tagged

from odoo.addons.ib_core.tests.xlsx_checks import xlsx_cells_by_value, xlsx_live_cells

from .common import IbCompetenciesCommon

GROUP_NAME = '=HYPERLINK("http://x","y")'
LOOK_FOR_NAME = "=1+1"
TEACHER_NAME = "@SUM(A1)"
VISITOR_NAME = "http://evil.example/"


@tagged("post_install", "-at_install")
class TestClassVisitExportInjection(IbCompetenciesCommon):
    """Names typed by users end up in the class-visit XLSX as text: a name that
    looks like a formula or a link is never run when the file is opened."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.group_5.name = GROUP_NAME
        cls.teacher_5.name = TEACHER_NAME
        cls.coordinator_a.name = VISITOR_NAME
        cls.goal = cls.env.ref("ib_competencies.look_for_goal")
        cls.goal.name = LOOK_FOR_NAME
        cls.visit = cls._visit(cls.teacher_5, cls.group_5, focus="instruction")
        cls.visit.score_ids.filtered(lambda s: s.look_for_id == cls.goal).score = "3"

    def _export(self):
        wizard = self.as_user(self.director, "ib.class.visit.export").create(
            {"school_year_id": self.year_a.id, "company_id": self.school_a.id}
        )
        wizard.action_export()
        return base64.b64decode(wizard.file_data)

    def test_names_are_text_not_formulas(self):
        content = self._export()
        self.assertEqual(xlsx_live_cells(content), [])
        book = openpyxl.load_workbook(io.BytesIO(content))
        cells = xlsx_cells_by_value(book)
        # the look-for heads a column of the visits and a row of the summary,
        # the teacher heads a column of the summary
        places = {
            GROUP_NAME: ["Visits"],
            LOOK_FOR_NAME: ["Per look-for", "Visits"],
            TEACHER_NAME: ["Per look-for", "Visits"],
            VISITOR_NAME: ["Visits"],
        }
        for text, sheets in places.items():
            found = cells.get(text, [])
            self.assertEqual(sorted(c.parent.title for c in found), sheets, text)
            for cell in found:
                self.assertEqual(cell.data_type, "s", text)
                self.assertIsNone(cell.hyperlink, text)

    def test_scores_and_dates_keep_their_type(self):
        book = openpyxl.load_workbook(io.BytesIO(self._export()))
        visits = book["Visits"]
        header = [c.value for c in visits[1]]
        row = visits[2]
        self.assertTrue(row[0].is_date)
        self.assertEqual(row[0].value.date(), self.visit.start.date())
        score = row[header.index(LOOK_FOR_NAME)]
        self.assertEqual((score.value, score.data_type), (3, "n"))
