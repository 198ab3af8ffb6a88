import logging

from odoo.fields import Command
from odoo.tests import tagged

from .common import IbCarePlansCommon

_logger = logging.getLogger(__name__)

PAGE = 20
# the pupil form of ib_care_plans (FORM_SPEC): the pupil, the ids of its test
# results, the smart-button counts (one query for all), the result
# rows with their tests and school years, the access-log row; the same for
# the pupils' teacher, whose record rules go through the group's teachers
FORM_QUERIES = 8
FORM_SPEC = {
    "name": {},
    "assessment_result_count": {},
    "care_plan_count": {},
    "note_count": {},
    "consent_count": {},
    "assessment_result_ids": {
        "fields": {
            "date": {},
            "school_year_id": {"fields": {"display_name": {}}},
            "moment": {},
            "assessment_id": {"fields": {"display_name": {}}},
            "score": {},
            "level": {},
            "level_label": {},
            "level_change": {},
            "signal": {},
        },
        "limit": 40,
    },
    "display_name": {},
}
LIST_QUERIES_COORDINATOR = 8
LIST_QUERIES_TEACHER = 10
LIST_SPEC = {
    "date": {},
    "pupil_id": {"fields": {"display_name": {}}},
    "group_id": {"fields": {"display_name": {}}},
    "assessment_id": {"fields": {"display_name": {}}},
    "school_year_id": {"fields": {"display_name": {}}},
    "moment": {},
    "score": {},
    "level": {},
    "level_label": {},
    "level_change": {},
    "signal": {},
    "support_level_id": {"fields": {"display_name": {}}},
    "company_id": {"fields": {"display_name": {}}},
}


@tagged("post_install", "-at_install")
class TestQueryCounts(IbCarePlansCommon):
    """The list of results and the import cost a fixed number of queries,
    whatever the number of pupils and results."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.many_pupils = cls._pupils_of(cls.group_5, 3 * PAGE, "Pupil", "Test", "P")

    def _create_results(self, pupils):
        self.env["ib.assessment.result"].create(
            [
                {
                    "pupil_id": p.id,
                    "assessment_id": self.maths.id,
                    "school_year_id": self.year_a.id,
                    "moment": moment,
                    "score": 215 + i % 30,
                }
                for i, p in enumerate(pupils)
                for moment in ("middle", "end")
            ]
        )

    def _list(self, user):
        """The first page of the results list as the web client asks for it."""
        self.env.invalidate_all()
        return self.as_user(user, "ib.assessment.result").web_search_read(
            [], LIST_SPEC, limit=PAGE
        )

    def test_result_list_query_count_is_constant(self):
        # 2 pages of results, then 6: the same queries (one more for the teacher,
        # whose record rule reads the group's teachers)
        self._create_results(self.many_pupils[:PAGE])
        for user in (self.coordinator_a, self.teacher_5):
            self._list(user)  # warm the caches (rules, access rights)
        for total in (2 * PAGE, 6 * PAGE):
            if total > 2 * PAGE:
                self._create_results(self.many_pupils[PAGE : total // 2])
            with self.assertQueryCount(LIST_QUERIES_COORDINATOR):
                page = self._list(self.coordinator_a)
            self.assertEqual((page["length"], len(page["records"])), (total, PAGE))
            with self.assertQueryCount(LIST_QUERIES_TEACHER):
                page = self._list(self.teacher_5)
            self.assertEqual((page["length"], len(page["records"])), (total, PAGE))

    def test_pupil_form_query_count_is_constant(self):
        """The pupil form with its results tab and smart buttons: the same
        queries for a pupil with 2 results as for one with 30, as coordinator
        and as the pupils' teacher."""
        few, many = self.many_pupils[:2]
        self._create_results(few)
        Test = self.env["ib.assessment"]
        tests = self.maths | Test.create(
            [
                {
                    "name": f"Test {n}",
                    "code": f"T{n}",
                    "domain": "maths",
                    "company_id": self.maths.company_id.id,
                }
                for n in range(14)
            ]
        )
        self.env["ib.assessment.result"].create(
            [
                {
                    "pupil_id": many.id,
                    "assessment_id": test.id,
                    "school_year_id": self.year_a.id,
                    "moment": moment,
                    "score": 220,
                }
                for test in tests
                for moment in ("middle", "end")
            ]
        )
        for user in (self.coordinator_a, self.teacher_5):
            Pupil = self.as_user(user, "ib.pupil")
            for pupil, count in ((few, 2), (many, 30)):
                record = Pupil.browse(pupil.id)
                record.web_read(FORM_SPEC)  # warm the caches (rules, access rights)
                self.env.invalidate_all()
                with self.assertQueryCount(FORM_QUERIES):
                    values = record.web_read(FORM_SPEC)[0]
                self.assertEqual(len(values["assessment_result_ids"]), count)
                self.assertEqual(values["assessment_result_count"], count)

    def test_result_list_order_needs_no_join_on_the_pupil(self):
        """The list sorts on the pupil's name stored on the result, kept up to
        date when a pupil is renamed."""
        first, second = self.many_pupils[:2]
        self._create_results(first | second)
        Result = self.env["ib.assessment.result"]
        sql = Result._search([("pupil_id", "in", (first | second).ids)]).select()
        self.assertNotIn('"ib_pupil"', sql.code)

        def order():
            return Result.search(
                [("pupil_id", "in", (first | second).ids), ("moment", "=", "end")]
            ).pupil_id

        self.assertEqual(order(), first | second)
        first.last_name = "Zwart"
        self.assertEqual(order(), second | first)
        self.assertEqual(
            Result.search([("pupil_id", "=", first.id)]).mapped("pupil_last_name"),
            ["Zwart", "Zwart"],
        )

    def _import_queries(self, pupils):
        rows = [
            [p.pupil_number, "RW", "M5", 215 + i % 40] for i, p in enumerate(pupils)
        ]
        content = self._csv(
            rows, header=["Leerlingnummer", "Toets", "Toetsmoment", "Score"]
        )
        wizard = self._wizard(content)
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        wizard.action_import()
        self.env.flush_all()
        self.assertEqual(wizard.count_new, len(pupils))
        return self.env.cr.sql_log_count - before

    def test_import_query_count_does_not_grow_with_the_file(self):
        small = self._import_queries(self.many_pupils[:5])
        large = self._import_queries(self.many_pupils[5:])
        _logger.info("import queries: 5 rows %s, 55 rows %s", small, large)
        self.assertLessEqual(
            large, small + 5, f"import of 5 rows: {small} queries, of 55: {large}"
        )


@tagged("post_install", "-at_install")
class TestImportQueryCount(IbCarePlansCommon):
    """The import costs the same queries for 48 rows as for 480: the file is
    checked against a few look-ups, the new results go in as one batch, the
    signals are derived in one pass and each recipient gets one digest."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.many_pupils = cls.env["ib.pupil"].create(
            [
                {
                    "first_name": f"Pupil{n}",
                    "last_name": "Count",
                    "pupil_number": f"Q{n:04d}",
                    "company_id": cls.school_a.id,
                    "membership_ids": [Command.create({"group_id": cls.group_5.id})],
                }
                for n in range(134)
            ]
        )

    def _import_queries(self, pupils):
        """Queries of the import of pupils x 2 tests x 2 moments, every fifth
        pupil at the lowest level twice (a signal at the first result)."""
        rows = [
            [
                p.pupil_number,
                test,
                moment,
                ("V" if test == "RW" else "E") if i % 5 == 0 else "II",
            ]
            for i, p in enumerate(pupils)
            for test in ("RW", "BL")
            for moment in ("M5", "E5")
        ]
        content = self._csv(
            rows, header=["Leerlingnummer", "Toets", "Toetsmoment", "Niveau"]
        )
        wizard = self._wizard(content)
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        wizard.action_import()
        self.env.flush_all()
        queries = self.env.cr.sql_log_count - before
        self.assertEqual((wizard.count_new, wizard.count_errors), (len(rows), 0))
        signals = self._results(
            [("pupil_id", "in", pupils.ids), ("signal", "=", "first_lowest")]
        )
        self.assertEqual(len(signals), 2 * len(pupils[::5]))
        return len(rows), queries

    def test_import_query_count_does_not_grow_with_rows(self):
        digest_type = self.env.ref(
            "ib_care_plans.mail_activity_type_result_signal_digest"
        )
        Activity = self.env["mail.activity"]

        def digests():
            # counted from before the test: demo data may hold digests already
            return (
                Activity.search_count([("activity_type_id", "=", digest_type.id)])
                - before
            )

        before = Activity.search_count([("activity_type_id", "=", digest_type.id)])
        self._import_queries(self.many_pupils[:2])  # warm the caches
        small_rows, small = self._import_queries(self.many_pupils[2:14])
        self.assertEqual(digests(), 2)
        large_rows, large = self._import_queries(self.many_pupils[14:])
        self.assertEqual((small_rows, large_rows), (48, 480))
        self.assertEqual(digests(), 3)
        _logger.info("import queries: 48 rows %s, 480 rows %s", small, large)
        self.assertEqual(
            large, small, f"import of 48 rows: {small} queries, of 480: {large}"
        )
