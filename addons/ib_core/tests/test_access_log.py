import logging

from odoo.exceptions import AccessError, UserError
from odoo.service.model import get_public_method
from odoo.tests import tagged

from odoo.addons.web.models.models import Base as WebBase

from .common_privacy import PUPIL_FORM_SPEC, IbPrivacyCommon

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestAccessLog(IbPrivacyCommon):
    """The access log (after NEN 7513): who opened or tried to open which pupil
    file, when and how; append-only; readable by coordinator and director."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Log = cls.env["ib.pupil.access.log"]

    def setUp(self):
        super().setUp()
        self.clear_denied()

    def logs(self, pupil):
        return self.Log.search([("pupil_id", "=", pupil.id)])

    def open_form(self, user, pupil):
        return (
            pupil.with_user(user)
            .with_context(allowed_company_ids=user.company_ids.ids)
            .web_read(PUPIL_FORM_SPEC)
        )

    # --------------------------------------------------------------- form
    def test_opening_a_form_is_logged(self):
        for user in (self.coordinator_a, self.teacher_5, self.director):
            values = self.open_form(user, self.pupil_5a)
            self.assertEqual(values[0]["name"], "Anna de Vries")
        logs = self.logs(self.pupil_5a)
        self.assertEqual(len(logs), 3)
        self.assertEqual(
            set(logs.mapped("user_id")),
            {self.coordinator_a, self.teacher_5, self.director},
        )
        log = logs.filtered(lambda entry: entry.user_id == self.teacher_5)
        self.assertRecordValues(
            log,
            [
                {
                    "pupil_id": self.pupil_5a.id,
                    "pupil_ref": self.pupil_5a.id,
                    "company_id": self.school_a.id,
                    "res_model": "ib.pupil",
                    "res_id": self.pupil_5a.id,
                    "way": "form",
                    "denied": False,
                }
            ],
        )
        self.assertTrue(log.event_time)

    def test_lists_searches_and_saves_are_not_form_opens(self):
        Pupil = self.as_user(self.coordinator_a, "ib.pupil")
        # a kanban or list with one card, a many2one showing the pupil's name
        Pupil.web_search_read([("id", "=", self.pupil_5a.id)], PUPIL_FORM_SPEC)
        Pupil.browse(self.pupil_5a.id).web_read({"display_name": {}})
        # saving the form (the web client reads the record again)
        Pupil.browse(self.pupil_5a.id).web_save(
            {"pupil_number": "T9999"}, PUPIL_FORM_SPEC
        )
        self.assertFalse(self.logs(self.pupil_5a))
        # "save and next": the next pupil's form is opened
        Pupil.browse(self.pupil_5a.id).web_save(
            {"pupil_number": "T9998"}, PUPIL_FORM_SPEC, next_id=self.pupil_5b.id
        )
        self.assertFalse(self.logs(self.pupil_5a))
        self.assertEqual(len(self.logs(self.pupil_5b)), 1)

    def test_export_is_logged(self):
        self.coordinator_a.group_ids += self.env.ref("base.group_allow_export")
        pupils = self.pupil_5a | self.pupil_5b
        pupils.with_user(self.coordinator_a).export_data(["name", "pupil_number"])
        logs = self.Log.search([("pupil_id", "in", pupils.ids)])
        self.assertEqual(len(logs), 2)
        self.assertEqual(set(logs.mapped("way")), {"export"})

    def test_form_read_is_not_read_only(self):
        """The web client picks a read-only cursor (a replica) for methods marked
        read-only: opening a pupil form writes the log, so it must not be."""

        def readonly(model, method):
            # as web's DataSet._call_kw_readonly decides
            for cls in type(model).mro():
                func = getattr(cls, method, None)
                if func is not None and hasattr(func, "_readonly"):
                    return func._readonly
            return False

        self.assertFalse(readonly(self.env["ib.pupil"], "web_read"))
        self.assertTrue(readonly(self.env["ib.pupil"], "web_search_read"))

    def test_form_open_query_count(self):
        """Logging a form open costs one INSERT, not a query per field."""
        pupil = self.pupil_5a.with_user(self.coordinator_a).with_context(
            allowed_company_ids=self.school_a.ids
        )
        pupil.web_read(PUPIL_FORM_SPEC)  # warm up the caches of the ORM

        def cost(read):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            read()
            return self.env.cr.sql_log_count - before

        def without_log_read():
            # the same read without the access log: the tabs read in one query
            # (as the suite's web_read does), then the web module's implementation
            pupil._ib_prefetch_one2many(PUPIL_FORM_SPEC)
            return WebBase.web_read(pupil, PUPIL_FORM_SPEC)

        without_log = cost(without_log_read)
        with_log = cost(lambda: pupil.web_read(PUPIL_FORM_SPEC))
        _logger.info(
            "Opening a pupil form: %d queries, %d without the access log",
            with_log,
            without_log,
        )
        self.assertEqual(with_log, without_log + 1)
        self.env.invalidate_all()
        with self.assertQueryCount(without_log + 1):
            pupil.web_read(PUPIL_FORM_SPEC)

    # ------------------------------------------------------------ refused
    def test_refused_form_read_is_logged(self):
        with self.assertRaises(AccessError):
            self.open_form(self.teacher_5, self.pupil_6a)
        # nothing is written in the transaction that the error rolls back ...
        self.assertFalse(self.logs(self.pupil_6a))
        # ... the attempt is written once it has ended
        self.flush_denied()
        self.assertRecordValues(
            self.logs(self.pupil_6a),
            [
                {
                    "user_id": self.teacher_5.id,
                    "pupil_ref": self.pupil_6a.id,
                    "company_id": self.school_a.id,
                    "res_model": "ib.pupil",
                    "way": "form",
                    "denied": True,
                }
            ],
        )

    def test_refused_read_of_other_school_is_logged(self):
        with self.assertRaises(AccessError):
            self.pupil_b.with_user(self.teacher_5).read(["name"])
        with self.assertRaises(AccessError):
            self.as_user(self.coordinator_a, "ib.pupil").browse(self.pupil_b.id).read(
                ["educational_needs"]
            )
        self.flush_denied()
        logs = self.logs(self.pupil_b)
        self.assertEqual(logs.user_id, self.teacher_5 | self.coordinator_a)
        self.assertEqual(set(logs.mapped("way")), {"read"})
        self.assertEqual(logs.company_id, self.school_b)
        self.assertTrue(all(logs.mapped("denied")))

    def test_refused_read_queues_without_queries(self):
        pupils = self.pupil_6a | self.pupil_6b | self.pupil_b
        with self.assertQueryCount(0):
            self.Log.with_user(self.teacher_5)._ib_queue_denied(pupils, "read")
        self.flush_denied()
        self.assertEqual(
            self.Log.search_count(
                [("pupil_id", "in", pupils.ids), ("denied", "=", True)]
            ),
            3,
        )

    def test_refused_reads_in_plain_tests_write_nothing_outside(self):
        """Outside the registry's test mode the queue is dropped: a test never
        commits log rows behind the test transaction."""
        with self.assertRaises(AccessError):
            self.open_form(self.teacher_5, self.pupil_6a)
        self.flush_denied(enter_test_mode=False)
        self.assertFalse(self.logs(self.pupil_6a))

    def test_successful_read_queues_nothing(self):
        self.pupil_5a.with_user(self.teacher_5).read(["name"])
        # has_access/_filtered_access only ask: they do not raise, nothing is logged
        self.assertFalse(self.pupil_6a.with_user(self.teacher_5).has_access("read"))
        self.flush_denied()
        self.assertFalse(self.Log.search([("denied", "=", True)]))

    # -------------------------------------------------- who reads the log
    def test_log_readable_by_coordinator_and_director_of_the_school(self):
        self.open_form(self.teacher_5, self.pupil_5a)
        self.open_form(self.teacher_b, self.pupil_b)
        entry_a = self.logs(self.pupil_5a)
        entry_b = self.logs(self.pupil_b)
        for user in (self.teacher_5, self.employee):
            with self.assertRaises(AccessError):
                self.as_user(user, "ib.pupil.access.log").search([])
        self.assertEqual(
            self.as_user(self.coordinator_a, "ib.pupil.access.log").search([]), entry_a
        )
        self.assertEqual(
            self.as_user(self.coordinator_b, "ib.pupil.access.log").search([]), entry_b
        )
        self.assertEqual(
            self.as_user(self.director, "ib.pupil.access.log").search([]),
            entry_a | entry_b,
        )
        with self.assertRaises(AccessError):
            entry_b.with_user(self.coordinator_a).with_context(
                allowed_company_ids=self.school_a.ids
            ).read(["user_id"])

    def test_log_is_append_only(self):
        self.open_form(self.teacher_5, self.pupil_5a)
        entry = self.logs(self.pupil_5a)
        admin = self.env.ref("base.user_admin")
        for user in (self.coordinator_a, self.manager, admin):
            # the guard refuses before any access right is looked at
            with self.assertRaises(UserError):
                entry.with_user(user).write({"way": "report"})
            with self.assertRaises(AccessError):
                entry.with_user(user).unlink()
            with self.assertRaises(AccessError):
                self.env["ib.pupil.access.log"].with_user(user).create(
                    {
                        "user_id": user.id,
                        "pupil_id": self.pupil_5a.id,
                        "company_id": self.school_a.id,
                        "way": "form",
                    }
                )
        # only the superuser (system jobs) may remove rows
        entry.sudo().unlink()
        self.assertFalse(entry.exists())

    def test_log_holds_no_content(self):
        self.pupil_5a.educational_needs = "<p>Dyslexia suspected</p>"
        self.open_form(self.coordinator_a, self.pupil_5a)
        entry = self.logs(self.pupil_5a)
        values = entry.read()[0]
        self.assertNotIn("Dyslexia", str(values))

    # ------------------------------------------------------ smart button
    def test_access_log_count_for_coordinator_and_director_only(self):
        self.open_form(self.teacher_5, self.pupil_5a)
        self.open_form(self.coordinator_a, self.pupil_5a)
        for user in (self.coordinator_a, self.director):
            pupil = self.as_user(user, "ib.pupil").browse(self.pupil_5a.id)
            self.assertEqual(pupil.access_log_count, 2)
        with self.assertRaises(AccessError):
            self.pupil_5a.with_user(self.teacher_5).read(["access_log_count"])

    def test_private_methods_not_callable_remotely(self):
        for name in ("_cron_apply_retention", "_ib_apply_retention"):
            with self.assertRaises(AccessError):
                get_public_method(self.env["ib.pupil"], name)
        with self.assertRaises(AccessError):
            get_public_method(self.env["ib.pupil.access.log"], "_ib_log_access")

    def test_form_view_per_role(self):
        """The privacy parts of the pupil form reach only the roles they are for."""

        def form_arch(user):
            views = self.as_user(user, "ib.pupil").get_views([(False, "form")])
            return views["views"]["form"]["arch"]

        coordinator, director, teacher = (
            form_arch(self.coordinator_a),
            form_arch(self.director),
            form_arch(self.teacher_5),
        )
        self.assertIn("legal_hold", coordinator)
        self.assertIn("Export File", coordinator)
        self.assertIn("access_log_count", coordinator)
        self.assertIn("access_log_count", director)
        self.assertNotIn("legal_hold", director)
        for name in ("legal_hold", "access_log_count", "Export File"):
            self.assertNotIn(name, teacher)
