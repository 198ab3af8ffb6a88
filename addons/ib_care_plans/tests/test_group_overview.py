import io

from odoo.tests import tagged

from .common import IbCarePlansCommon


@tagged("post_install", "-at_install")
class TestGroupOverview(IbCarePlansCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        maths, reading = cls.maths, cls.reading
        anna, bram = cls.pupil_5a, cls.pupil_5b
        this_year, last_year = cls.year_a, cls.year_a_previous
        # last year: 5a II, 5b IV then V; this year middle: 5a IV (a drop),
        # 5b V (lowest again)
        cls.env["ib.assessment.result"].create(
            [
                dict(
                    assessment_id=test.id,
                    pupil_id=pupil.id,
                    school_year_id=year.id,
                    moment=moment,
                    **values,
                )
                for test, pupil, year, moment, values in (
                    (maths, anna, last_year, "end", {"level": 2}),
                    (maths, bram, last_year, "middle", {"level": 4}),
                    (maths, bram, last_year, "end", {"level": 5}),
                    (maths, anna, this_year, "middle", {"score": 215}),
                    (maths, bram, this_year, "middle", {"score": 200.5}),
                    (maths, anna, this_year, "end", {"score": 251}),
                    (reading, anna, this_year, "middle", {"score": 30, "level": 3}),
                )
            ]
        )
        cls.pupil_5b.support_level_id = cls.env["ib.support.level"].search(
            [("company_id", "=", cls.school_a.id), ("level", "=", 3)]
        )

    def test_overview_data(self):
        data = (
            self.env["ib.group.overview"]
            .with_user(self.teacher_5)
            ._ib_overview_data(self.group_5)
        )
        self.assertEqual(
            [c["label"] for c in data["columns"]],
            ["Rekenen-Wiskunde M", "Rekenen-Wiskunde E", "Begrijpend Lezen M"],
        )
        bram, anna = data["rows"]
        self.assertEqual((bram["pupil"], anna["pupil"]), (self.pupil_5b, self.pupil_5a))
        self.assertIn("3.", bram["support_level"])
        self.assertEqual(anna["cells"][0]["text"], "IV (215) \u25bc2 !")
        self.assertEqual(anna["cells"][1]["text"], "I (251) \u25b23")
        self.assertEqual(anna["cells"][2]["text"], "C (30)")
        self.assertEqual(bram["cells"][0]["text"], "V (200.5) !")
        self.assertIsNone(bram["cells"][1])
        self.assertEqual(data["signal_count"], 2)

    def test_overview_form_and_domain_filter(self):
        overview = (
            self.env["ib.group.overview"]
            .with_user(self.teacher_5)
            .create({"group_id": self.group_5.id})
        )
        self.assertIn("Rekenen-Wiskunde M", overview.overview_html)
        self.assertIn("Begrijpend Lezen", overview.overview_html)
        self.assertIn("background-color: #F8696B", overview.overview_html)
        overview.domain = "maths"
        self.assertNotIn("Begrijpend Lezen", overview.overview_html)
        action = overview.action_download_xlsx()
        self.assertEqual(
            action["url"],
            f"/ib_care_plans/group_overview/{self.group_5.id}/xlsx?domain=maths",
        )

    def test_xlsx_content(self):
        import openpyxl  # pylint: disable=import-outside-toplevel

        content, filename = (
            self.env["ib.group.overview"]
            .with_user(self.coordinator_a)
            ._ib_xlsx_for_group(self.group_5)
        )
        self.assertEqual(filename, f"Group overview Groep 5 {self.year_a.name}.xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        self.assertIn("Groep 5", sheet["A1"].value)
        self.assertIn(self.year_a.name, sheet["A1"].value)
        self.assertEqual(sheet["A2"].value, "Test School A")
        self.assertEqual(
            [c.value for c in sheet[4]],
            [
                "Pupil",
                "Support Level",
                "Rekenen-Wiskunde M",
                "Rekenen-Wiskunde E",
                "Begrijpend Lezen M",
            ],
        )
        self.assertEqual(sheet.freeze_panes, "B5")
        self.assertEqual(sheet["A5"].value, self.pupil_5b.name)
        self.assertEqual(sheet["C5"].value, "V (200.5) !")
        self.assertEqual(sheet["C5"].fill.fgColor.rgb, "FFF8696B")
        self.assertEqual(sheet["C6"].value, "IV (215) \u25bc2 !")
        self.assertEqual(sheet["C6"].fill.fgColor.rgb, "FFF8B26A")
        self.assertEqual(sheet["D6"].fill.fgColor.rgb, "FF63BE7B")
        self.assertIsNone(sheet["D5"].value)
        # legend below the table, print setup
        legend = [c.value for c in sheet["A"] if c.value]
        self.assertIn("Legend", legend)
        self.assertIn("Level I / A", legend)
        self.assertIn("Level V / E", legend)
        self.assertEqual(sheet.page_setup.orientation, "landscape")
        self.assertEqual(sheet.print_title_rows, "$4:$4")
        self.assertIn("Test School A", sheet.oddHeader.left.text)
        self.assertIn("Groep 5", sheet.oddHeader.center.text)

    def test_xlsx_as_teacher_of_another_group_is_refused(self):
        from odoo.exceptions import AccessError  # pylint: disable=import-outside-toplevel

        with self.assertRaises(AccessError):
            self.env["ib.group.overview"].with_user(self.teacher_6)._ib_xlsx_for_group(
                self.group_5
            )
