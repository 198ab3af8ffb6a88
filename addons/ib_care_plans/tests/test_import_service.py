from contextlib import contextmanager
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import IbCarePlansCommon

WRITES = ("INSERT", "UPDATE", "DELETE", "COPY")


@tagged("post_install", "-at_install")
class TestImportService(IbCarePlansCommon):
    """The import engine without its wizard: parse, preview, apply."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mapping = {
            "pupil_number": "Leerlingnummer",
            "last_name": "Achternaam",
            "first_name": "Voornaam",
            "date_of_birth": "Geboortedatum",
            "assessment": "Toets",
            "moment": "Toetsmoment",
            "date": "Afnamedatum",
            "score": "Vaardigheidsscore",
        }

    def _service(self, user=None):
        return self.as_user(user or self.coordinator_a, "ib.assessment.import.service")

    def _preview(self, content, user=None, filename="export.csv", **options):
        service = self._service(user)
        table = service.parse(content, filename, self.mapping)
        options.setdefault("companies", self.school_a)
        return service.preview(table, self.year_a, **options)

    def _good_rows(self):
        return [
            self._row(self.pupil_5a, 235, "M5"),
            self._row(self.pupil_5b, "215,5", "M5"),
            self._row(self.pupil_6a, 265, "M6"),
        ]

    def _snapshot(self):
        self.env.flush_all()
        return self._results().read(
            ["pupil_id", "assessment_id", "moment", "score", "level", "write_date"]
        )

    @contextmanager
    def _writes(self):
        """The INSERT, UPDATE, DELETE and COPY statements run inside the
        block (a batch of new results is written with ``COPY``)."""
        self.env.flush_all()
        statements = []
        cursor_class = type(self.env.cr)
        execute = cursor_class.execute

        def spy(cr, query, params=None, log_exceptions=True):
            text = str(getattr(query, "code", query)).lstrip().upper()
            if text.startswith(WRITES):
                statements.append(text)
            return execute(cr, query, params, log_exceptions)

        def spy_copy(cr, query, file, *args, **kwargs):
            statements.append(str(query).lstrip().upper())
            return cr._obj.copy_expert(query, file, *args, **kwargs)

        with (
            patch.object(cursor_class, "execute", spy),
            patch.object(cursor_class, "copy_expert", spy_copy, create=True),
        ):
            yield statements
            self.env.flush_all()

    def test_parse_finds_the_mapped_columns(self):
        table = self._service().parse(self._csv(self._good_rows()), "x.csv", {})
        self.assertEqual(table.headers, self.HEADER)
        self.assertEqual(table.columns, {})
        self.assertEqual([line for line, _cells in table.rows], [2, 3, 4])
        table = self._service().parse(
            self._csv(self._good_rows()), "x.csv", self.mapping
        )
        self.assertEqual(table.columns["score"], self.HEADER.index("Vaardigheidsscore"))
        with self.assertRaisesRegex(UserError, "not in the file: Score"):
            self._service().parse(self._csv([]), "x.csv", {"score": "Score"})

    def test_guess_mapping(self):
        service = self._service()
        mapping = service.guess_mapping(self.HEADER)
        self.assertEqual(mapping, self.mapping)
        # a source's remembered header wins when the file has it
        headers = [*self.HEADER, "Score (VS)"]
        mapping = service.guess_mapping(headers, {"score": "score (vs)"})
        self.assertEqual(mapping["score"], "Score (VS)")
        mapping = service.guess_mapping(self.HEADER, {"score": "Score (VS)"})
        self.assertEqual(mapping["score"], "Vaardigheidsscore")

    def test_preview_writes_nothing(self):
        self._service().apply(self._preview(self._csv(self._good_rows()[:1])))
        before = self._snapshot()
        rows = self._good_rows()
        rows[0][-1] = 245  # a changed score of the result already stored
        content = self._csv(rows)
        with self._writes() as statements:
            report = self._preview(content)
        self.assertEqual(statements, [])
        self.assertEqual((len(report.create), len(report.update)), (2, 1))
        self.assertEqual(report.update[0][1], {"score": 245.0})
        self.assertEqual(self._snapshot(), before)

    def test_apply_the_same_file_twice_changes_nothing(self):
        content = self._csv(self._good_rows())
        report = self._preview(content)
        with self._writes() as statements:
            applied = self._service().apply(report)
        self.assertTrue(statements, "the spy sees the writes of a real import")
        self.assertTrue(
            any(text.startswith("COPY") for text in statements),
            "the new results are written in one batch",
        )
        self.assertEqual((len(applied.created), len(applied.updated)), (3, 0))
        self.assertEqual(applied.results, self._results())
        before = self._snapshot()
        activities = self.env["mail.activity"].search_count([])
        report = self._preview(content)
        self.assertEqual((report.create, report.update, report.unchanged), ([], [], 3))
        with self._writes() as statements:
            applied = self._service().apply(report)
        self.assertFalse(applied.results)
        self.assertEqual(statements, [])
        self.assertEqual(self._snapshot(), before)
        self.assertEqual(self.env["mail.activity"].search_count([]), activities)

    def test_batch_stores_what_create_stores(self):
        """The batch insert of an import (``COPY``) stores every column as the
        ORM's ``create`` does: text with quotes, separators, a line break, a
        backslash and a tab, an empty text, booleans, dates, numbers."""
        Result = self.env["ib.assessment.result"]
        remarks = 'Zei: "goed", daarna;\nnieuwe regel \\ met\ttab.'
        first = {
            "assessment_id": self.maths.id,
            "school_year_id": self.year_a.id,
            "moment": "middle",
            "score": 235.5,
            "remarks": remarks,
        }
        second = {
            "assessment_id": self.reading.id,
            "school_year_id": self.year_a.id,
            "moment": "end",
            "percentile": 40,
            "remarks": "",
        }
        by_create = Result.create(
            [
                {**first, "pupil_id": self.pupil_5a.id},
                {**second, "pupil_id": self.pupil_6a.id},
            ]
        )
        by_batch = Result._ib_create_batch(
            [
                {**first, "pupil_id": self.pupil_5b.id},
                {**second, "pupil_id": self.pupil_6b.id},
            ]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        own = {"id", "pupil_id", "pupil_last_name", "pupil_first_name"}
        names = [
            name
            for name, field in Result._fields.items()
            if field.store
            and field.column_type
            and name not in own
            and not name.startswith(("create_", "write_"))
        ]
        for created, batched in zip(by_create, by_batch, strict=True):
            created_values, batched_values = (created | batched).read(names)
            del created_values["id"], batched_values["id"]
            self.assertEqual(batched_values, created_values)
        self.assertEqual(by_batch[0].remarks, remarks)
        self.assertEqual(by_batch[1].remarks, "")
        self.assertEqual(
            (by_batch[0].level_given, by_batch[0].level, by_batch[1].level),
            (False, by_create[0].level, by_create[1].level),
        )

    def test_changed_rows_are_updated(self):
        self._service().apply(self._preview(self._csv(self._good_rows())))
        rows = self._good_rows()
        rows[1][-1] = 229
        applied = self._service().apply(self._preview(self._csv(rows)))
        self.assertEqual((len(applied.created), len(applied.updated)), (0, 1))
        self.assertEqual(applied.updated.pupil_id, self.pupil_5b)
        self.assertEqual(applied.updated.score, 229)

    def test_bad_rows_are_reported_by_line(self):
        rows = [
            self._row(self.pupil_5a, 235, "M5"),  # line 2: good
            self._row(self.pupil_5b, 500, "M5"),  # 3: out of range
            [],  # 4: empty
            self._row(self.pupil_6a, 230, "M6", test="XYZ"),  # 5: unknown test
            self._row(self.pupil_5a, 236, "M5"),  # 6: duplicate of line 2
        ]
        report = self._preview(self._csv(rows))
        self.assertEqual((report.rows, report.empty), (4, 1))
        self.assertEqual(len(report.create), 1)
        self.assertEqual([line for line, _reason in report.errors], [3, 5, 6])
        reasons = dict(report.errors)
        self.assertIn("score 500 is out of range", reasons[3])
        self.assertEqual(reasons[5], "unknown test XYZ")
        self.assertEqual(reasons[6], "duplicate of line 2 of the file")
        applied = self._service().apply(report)
        self.assertEqual(self._results(), applied.created)
        self.assertEqual(applied.created.pupil_id, self.pupil_5a)

    def test_mapping_must_identify_pupil_test_and_value(self):
        service = self._service()
        content = self._csv(self._good_rows())
        mapping = dict(self.mapping)
        del mapping["assessment"]
        table = service.parse(content, "x.csv", mapping)
        with self.assertRaisesRegex(UserError, "Map the test column"):
            service.preview(table, self.year_a, companies=self.school_a)
        report = service.preview(
            table, self.year_a, companies=self.school_a, assessment=self.maths
        )
        self.assertEqual(len(report.create), 3)

    def test_runs_as_the_calling_user(self):
        """No sudo: a teacher's import finds only the pupils of their groups, and
        the results are created by them."""
        rows = [
            self._row(self.pupil_5a, 235, "M5"),
            self._row(self.pupil_6a, 240, "M6"),
        ]
        report = self._preview(self._csv(rows), user=self.teacher_5)
        self.assertEqual([line for line, _reason in report.errors], [3])
        self.assertIn(
            f"unknown pupil {self.pupil_6a.pupil_number}", report.errors[0][1]
        )
        applied = self._service(self.teacher_5).apply(report)
        self.assertEqual(applied.created.pupil_id, self.pupil_5a)
        self.assertEqual(applied.created.create_uid, self.teacher_5)
        self.assertFalse(applied.created.env.su)
