import io

import openpyxl

from odoo.tests import tagged

from odoo.addons.ib_core.tests.xlsx_checks import xlsx_cells_by_value, xlsx_live_cells

from .common import IbCarePlansCommon


@tagged("post_install", "-at_install")
class TestGroupOverviewInjection(IbCarePlansCommon):
    """Pupil, group and test names in the group overview XLSX stay text."""

    def test_names_are_text_not_formulas(self):
        self.group_5.name = "=1+1"
        self.pupil_5a.first_name = '=HYPERLINK("http://x","y")'
        self.maths.name = "@SUM(A1)"
        self.env["ib.assessment.result"].create(
            {
                "assessment_id": self.maths.id,
                "pupil_id": self.pupil_5a.id,
                "school_year_id": self.year_a.id,
                "moment": "middle",
                "score": 215,
            }
        )
        content, _filename = (
            self.env["ib.group.overview"]
            .with_user(self.coordinator_a)
            ._ib_xlsx_for_group(self.group_5)
        )
        self.assertEqual(xlsx_live_cells(content), [])
        cells = xlsx_cells_by_value(openpyxl.load_workbook(io.BytesIO(content)))
        for text in (self.pupil_5a.name, f"{self.maths.name} M"):
            self.assertTrue(text.startswith(("=", "@")), text)
            self.assertEqual([c.data_type for c in cells[text]], ["s"], text)
