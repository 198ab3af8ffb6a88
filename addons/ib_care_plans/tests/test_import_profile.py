from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import IbCarePlansCommon


@tagged("post_install", "-at_install")
class TestImportProfileName(IbCarePlansCommon):
    """A source (import profile) name is unique per school, and per board for the
    sources shared by all schools: a duplicate gets a clear message, never the
    database's unique-constraint error, and nothing is written."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Profile = cls.env["ib.assessment.import.profile"]
        cls.esis = cls.Profile.create(
            {"name": "Esis", "company_id": cls.school_a.id, "col_score": "Score"}
        )
        cls.shared = cls.Profile.create({"name": "ParnasSys", "company_id": False})

    def _profiles(self, name):
        """How many sources of the test schools (or shared) have this name (the
        database may hold demo sources of the demo school)."""
        return self.Profile.with_context(active_test=False).search_count(
            [
                ("name", "=", name),
                ("company_id", "in", [self.school_a.id, self.school_b.id, False]),
            ]
        )

    def _as(self, user):
        return self.as_user(user, "ib.assessment.import.profile")

    def test_duplicate_on_create(self):
        for user in (self.coordinator_a, self.teacher_5):
            with self.assertRaisesRegex(
                ValidationError, "Test School A already has a source named “Esis”"
            ):
                self._as(user).create({"name": "Esis", "company_id": self.school_a.id})
        # the default school is the user's current one
        with self.assertRaisesRegex(ValidationError, "already has a source named"):
            self._as(self.coordinator_a).create({"name": "Esis"})
        with self.assertRaisesRegex(ValidationError, "shared by all schools"):
            self.Profile.create({"name": "ParnasSys", "company_id": False})
        with self.assertRaisesRegex(ValidationError, "“Cito” shared by all schools"):
            self.Profile.create(
                [{"name": "Cito", "company_id": False}] * 2,
            )
        with self.assertRaisesRegex(ValidationError, "already has a source named"):
            self.Profile.create(
                [{"name": "Cito", "company_id": self.school_a.id}] * 2,
            )
        self.assertEqual(self._profiles("Esis"), 1)
        self.assertEqual(self._profiles("ParnasSys"), 1)
        self.assertEqual(self._profiles("Cito"), 0)

    def test_same_name_elsewhere_is_allowed(self):
        other = self.Profile.create({"name": "Esis", "company_id": self.school_b.id})
        shared = self.Profile.create({"name": "Esis", "company_id": False})
        self.Profile.create({"name": "esis", "company_id": self.school_a.id})
        self.assertEqual(
            (other.company_id, shared.company_id),
            (self.school_b, self.env["res.company"]),
        )

    def test_archived_duplicate(self):
        self.esis.action_archive()
        with self.assertRaisesRegex(
            ValidationError, "That source is archived: unarchive it"
        ):
            self._as(self.coordinator_a).create(
                {"name": "Esis", "company_id": self.school_a.id}
            )
        self.assertEqual(self._profiles("Esis"), 1)

    def test_duplicate_on_write(self):
        cito = self._as(self.coordinator_a).create(
            {"name": "Cito", "company_id": self.school_a.id}
        )
        with self.assertRaisesRegex(ValidationError, "already has a source named"):
            cito.write({"name": "Esis"})
        with self.assertRaisesRegex(ValidationError, "shared by all schools"):
            cito.write({"name": "ParnasSys", "company_id": False})
        moved = self.Profile.create({"name": "Esis", "company_id": self.school_b.id})
        with self.assertRaisesRegex(ValidationError, "Test School A already has"):
            moved.write({"company_id": self.school_a.id})
        with self.assertRaisesRegex(ValidationError, "already has a source named"):
            (cito | self.Profile.create({"name": "Iep", "company_id": False})).write(
                {"name": "Same", "company_id": self.school_a.id}
            )
        self.env.invalidate_all()
        self.assertEqual(cito.name, "Cito")
        self.assertEqual(moved.company_id, self.school_b)
        # rewriting its own name or other fields is no duplicate
        cito.write({"name": "Cito", "col_score": "Score"})
        self.esis.write({"name": "Esis", "company_id": self.school_a.id})

    def test_database_constraint_is_kept(self):
        self.env.cr.execute(
            "SELECT 1 FROM pg_constraint WHERE conname = %s",
            ["ib_assessment_import_profile_name_company_uniq"],
        )
        self.assertTrue(self.env.cr.fetchone())

    def test_message_in_dutch(self):
        self.env["res.lang"]._activate_lang("nl_NL")
        self.env["ir.module.module"]._load_module_terms(["ib_care_plans"], ["nl_NL"])
        with self.assertRaisesRegex(
            ValidationError, "Test School A heeft al een bron met de naam “Esis”"
        ):
            self.Profile.with_context(lang="nl_NL").create(
                {"name": "Esis", "company_id": self.school_a.id}
            )

    def test_import_with_a_taken_source_name_writes_nothing(self):
        wizard = self._wizard(self._csv([self._row(self.pupil_5a, 235)]))
        wizard.profile_name = "Esis"
        with self.assertRaisesRegex(ValidationError, "already has a source named"):
            wizard.action_preview()
        with self.assertRaisesRegex(ValidationError, "already has a source named"):
            wizard.action_import()
        self.assertFalse(self._results())
        self.assertEqual(self._profiles("Esis"), 1)
        # another name imports and remembers the mapping
        wizard.profile_name = "Esis 2"
        wizard.action_import()
        self.assertEqual(len(self._results()), 1)
        self.assertEqual(self._profiles("Esis 2"), 1)
