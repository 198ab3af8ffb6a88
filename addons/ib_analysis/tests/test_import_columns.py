import logging
import math

from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.ib_care_plans.tests.common import IbCarePlansCommon

_logger = logging.getLogger(__name__)

HEADER = [
    "Leerlingnummer",
    "Toets",
    "Toetsmoment",
    "Vaardigheidsscore",
    "DLE",
    "Referentieniveau",
]


@tagged("post_install", "-at_install")
class TestImportColumns(IbCarePlansCommon):
    """The result import fills the DLE and the reference level: new results
    through the batch insert, changed ones through the grouped write."""

    def _result(self, pupil, test, moment="middle"):
        return self._results(
            [
                ("pupil_id", "=", pupil.id),
                ("assessment_id", "=", test.id),
                ("moment", "=", moment),
            ]
        )

    def test_columns_detected_dutch_and_english(self):
        wizard = self._wizard(self._csv([], header=HEADER))
        self.assertEqual(
            (wizard.col_ib_dle, wizard.col_ib_reference_level),
            ("DLE", "Referentieniveau"),
        )
        english = ["Pupil number", "Test", "Moment", "Score", "DLE", "Reference level"]
        wizard = self._wizard(self._csv([], header=english))
        self.assertEqual(
            (wizard.col_ib_dle, wizard.col_ib_reference_level),
            ("DLE", "Reference level"),
        )

    def test_new_and_changed_rows(self):
        a, b = self.pupil_5a, self.pupil_5b
        content = self._csv(
            [
                [a.pupil_number, "BL", "M5", "40", "23,4", "1f"],
                [b.pupil_number, "BL", "M5", "35", "18", "<1F"],
            ],
            header=HEADER,
        )
        wizard = self._import(content)
        self.assertEqual(self._counts(wizard), (2, 0, 0, 0))
        first_a = self._result(a, self.reading)
        first_b = self._result(b, self.reading)
        self.assertEqual(
            (first_a.ib_dle, first_a.ib_reference_level), (23, "1f")
        )  # decimal comma, whole months
        self.assertEqual((first_b.ib_dle, first_b.ib_reference_level), (18, "below"))

        # the same file again: nothing to do
        wizard = self._import(content)
        self.assertEqual(self._counts(wizard), (0, 0, 2, 0))

        # changed values go through the write of the changed results
        content = self._csv(
            [
                [a.pupil_number, "BL", "M5", "40", "27", "2F"],
                [b.pupil_number, "BL", "M5", "35", "18", "1S"],
            ],
            header=HEADER,
        )
        wizard = self._import(content)
        self.assertEqual(self._counts(wizard), (0, 2, 0, 0))
        self.env.invalidate_all()
        self.assertEqual(self._result(a, self.reading), first_a)
        self.assertEqual((first_a.ib_dle, first_a.ib_reference_level), (27, "2f"))
        self.assertEqual((first_b.ib_dle, first_b.ib_reference_level), (18, "2f"))
        # niet is below 1F, in any case
        wizard = self._import(
            self._csv([[a.pupil_number, "BL", "M5", "40", "27", "NIET"]], header=HEADER)
        )
        self.assertEqual(self._counts(wizard), (0, 1, 0, 0))
        self.env.invalidate_all()
        self.assertEqual(first_a.ib_reference_level, "below")

    def test_bad_values_reported_per_line(self):
        a, b = self.pupil_5a, self.pupil_5b
        c, d = self.pupil_6a, self.pupil_6b
        content = self._csv(
            [
                [a.pupil_number, "BL", "M5", "40", "81", "1F"],
                [b.pupil_number, "BL", "M5", "40", "twintig", "1F"],
                [c.pupil_number, "BL", "M6", "40", "30", "3F"],
                [d.pupil_number, "BL", "M6", "40", "-1", "2F"],
            ],
            header=HEADER,
        )
        service = self.as_user(self.coordinator_a, "ib.assessment.import.service")
        table = service.parse(content, "export.csv", service.guess_mapping(HEADER))
        report = service.preview(table, self.year_a)
        self.assertEqual(
            report.errors,
            [
                (2, "DLE 81 is not a number from 0 to 80"),
                (3, "DLE twintig is not a number from 0 to 80"),
                (4, "unknown reference level 3F (use 1F, 2F, 1S, niet or <1F)"),
                (5, "DLE -1 is not a number from 0 to 80"),
            ],
        )
        wizard = self._import(content)
        self.assertEqual(self._counts(wizard), (0, 0, 0, 4))
        self.assertFalse(self._results([("pupil_id", "in", (a | b | c | d).ids)]))

        # a bad row of a result that exists: the result keeps its values
        self._import(
            self._csv([[a.pupil_number, "BL", "M5", "40", "20", "1F"]], header=HEADER)
        )
        wizard = self._import(
            self._csv([[a.pupil_number, "BL", "M5", "45", "20", "4F"]], header=HEADER)
        )
        self.assertEqual(self._counts(wizard), (0, 0, 0, 1))
        result = self._result(a, self.reading)
        self.assertEqual(
            (result.score, result.ib_dle, result.ib_reference_level), (40, 20, "1f")
        )

    def test_cutoffs_win_over_the_file(self):
        """A test with reference cut-offs derives the level from the score, for
        new results (batch insert) and changed ones (write)."""
        self.maths.write({"ib_ref_min_1f": 200, "ib_ref_min_2f": 230})
        a = self.pupil_5a
        wizard = self._import(
            self._csv(
                [[a.pupil_number, "RW", "M5", "235", "30", "niet"]], header=HEADER
            )
        )
        self.assertEqual(self._counts(wizard), (1, 0, 0, 0))
        result = self._result(a, self.maths)
        self.assertEqual((result.ib_dle, result.ib_reference_level), (30, "2f"))
        # same score, other level in the file: nothing changes
        wizard = self._import(
            self._csv([[a.pupil_number, "RW", "M5", "235", "30", "1F"]], header=HEADER)
        )
        self.assertEqual(self._counts(wizard), (0, 0, 1, 0))
        wizard = self._import(
            self._csv([[a.pupil_number, "RW", "M5", "210", "30", "2F"]], header=HEADER)
        )
        self.assertEqual(self._counts(wizard), (0, 1, 0, 0))
        self.env.invalidate_all()
        self.assertEqual(result.ib_reference_level, "1f")

    def test_analysis_shows_imported_dle(self):
        a = self.pupil_5a
        self._import(
            self._csv([[a.pupil_number, "BL", "M5", "40", "25", "1F"]], header=HEADER)
        )
        result = self._result(a, self.reading)
        self.env.flush_all()
        rows = self.as_user(self.coordinator_a, "ib.analysis.result").search_read(
            [("result_id", "=", result.id)], ["dle"]
        )
        self.assertEqual([row["dle"] for row in rows], [25.0])


@tagged("post_install", "-at_install")
class TestImportColumnsQueryCount(IbCarePlansCommon):
    """The extra columns keep the import's query count constant in rows."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.many_pupils = cls.env["ib.pupil"].create(
            [
                {
                    "first_name": f"Pupil{n}",
                    "last_name": "Dle",
                    "pupil_number": f"D{n:04d}",
                    "company_id": cls.school_a.id,
                    "membership_ids": [Command.create({"group_id": cls.group_5.id})],
                }
                for n in range(134)
            ]
        )
        cls.maths.write({"ib_ref_min_1f": 200, "ib_ref_min_2f": 230})

    def _import_queries(self, pupils, dle_shift=0):
        """Queries of the import of pupils x 2 tests x 2 moments with a DLE and a
        reference level (new results, or changed DLEs with ``dle_shift``)."""
        levels = ("1F", "2F", "niet")
        rows = [
            [
                p.pupil_number,
                test,
                moment,
                "215",
                str(20 + i % 4 + dle_shift),
                levels[i % 3],
            ]
            for i, p in enumerate(pupils)
            for test in ("RW", "BL")
            for moment in ("M5", "E5")
        ]
        wizard = self._wizard(self._csv(rows, header=HEADER))
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        wizard.action_import()
        self.env.flush_all()
        queries = self.env.cr.sql_log_count - before
        expected = (0, len(rows)) if dle_shift else (len(rows), 0)
        self.assertEqual(
            (wizard.count_new, wizard.count_updated, wizard.count_errors),
            (*expected, 0),
        )
        return len(rows), queries

    def test_query_count_does_not_grow_with_rows(self):
        self._import_queries(self.many_pupils[:2])  # warm the caches
        small_rows, small = self._import_queries(self.many_pupils[2:14])
        large_rows, large = self._import_queries(self.many_pupils[14:])
        self.assertEqual((small_rows, large_rows), (48, 480))
        results = self._results([("pupil_id", "in", self.many_pupils.ids)])
        self.assertEqual(
            {(r.assessment_id.code, r.ib_reference_level) for r in results},
            {("RW", "1f"), ("BL", "1f"), ("BL", "2f"), ("BL", "below")},
        )
        self.assertEqual(set(results.mapped("ib_dle")), {20, 21, 22, 23})
        _logger.info("import with DLE, new: 48 rows %s, 480 rows %s", small, large)
        self.assertEqual(large, small, f"new: 48 rows {small}, 480 rows {large}")
        self._import_queries(self.many_pupils[:2], dle_shift=10)
        small_rows, small = self._import_queries(self.many_pupils[2:14], dle_shift=10)
        large_rows, large = self._import_queries(self.many_pupils[14:], dle_shift=10)
        _logger.info("import with DLE, changed: 48 rows %s, 480 rows %s", small, large)
        # the changed results are written grouped by change (4 DLEs here); the
        # ORM flushes an UPDATE per 100 rows, the only queries that grow
        updates = math.ceil(large_rows / 100) - math.ceil(small_rows / 100)
        self.assertEqual(
            large - updates, small, f"changed: 48 rows {small}, 480 rows {large}"
        )
        self.env.invalidate_all()
        self.assertEqual(set(results.mapped("ib_dle")), {30, 31, 32, 33})
