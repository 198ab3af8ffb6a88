from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tools import mute_logger

from .common import SupportProfileCommon


class TestVersioning(SupportProfileCommon):
    def test_publish_archives_the_previous_version(self):
        self.assertEqual(self.profile_old.state, "archived")
        self.assertTrue(self.profile_old.archived_date)
        self.assertEqual(self.profile_a.state, "published")
        self.assertEqual((self.profile_old.version, self.profile_a.version), (1, 2))
        published = self.env["ib.support.profile"].search(
            [("company_id", "=", self.school_a.id), ("state", "=", "published")]
        )
        self.assertEqual(published, self.profile_a)
        # the school of B is untouched by A's publishing
        self.assertEqual(self.profile_b.state, "draft")
        self.assertEqual(self.profile_b.version, 1)

    def test_only_one_published_per_school(self):
        """Forcing a second published version, past the publish step, is
        refused by the database."""
        next_year = self._create_year(
            self.school_a, self.year_a.date_end.replace(month=8, day=1)
        )
        draft = self._profile(self.school_a, next_year, "NEXT-TEXT", advice=True)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                draft.write({"state": "published"})
                draft.flush_recordset()
        self.env.invalidate_all(flush=False)
        self.assertEqual(draft.state, "draft")
        draft.action_publish()
        self.assertEqual(self.profile_a.state, "archived")
        self.assertEqual(draft.state, "published")

    def test_older_version_cannot_replace_a_newer(self):
        older_year = self._create_year(
            self.school_b,
            self.year_b.date_start.replace(year=self.year_b.date_start.year - 1),
        )
        self.profile_b.write({"mr_advice": "Positief", "mr_advice_date": "2026-06-01"})
        self.profile_b.action_publish()
        older = self._profile(self.school_b, older_year, "OLDER-B", advice=True)
        with self.assertRaises(UserError):
            older.action_publish()
        self.assertEqual(older.state, "draft")
        self.assertEqual(self.profile_b.state, "published")

    def test_mr_advice_is_required_to_publish(self):
        for vals in (
            {},
            {"mr_advice": "Positief"},
            {"mr_advice_date": "2026-06-01"},
            {"mr_advice": "   ", "mr_advice_date": "2026-06-01"},
        ):
            with self.subTest(vals=vals):
                self.profile_b.write(
                    {"mr_advice": False, "mr_advice_date": False, **vals}
                )
                with self.assertRaises(ValidationError):
                    self.profile_b.action_publish()
                self.assertEqual(self.profile_b.state, "draft")
        # nor around the step, by writing the state
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.profile_b.write({"state": "published"})
        self.env.invalidate_all(flush=False)
        self.assertEqual(self.profile_b.state, "draft")
        self.profile_b.write({"mr_advice": "Positief", "mr_advice_date": "2026-06-01"})
        self.profile_b.action_publish()
        self.assertEqual(self.profile_b.state, "published")

    def test_published_and_archived_versions_are_locked(self):
        for profile in (self.profile_old, self.profile_a):
            with self.subTest(state=profile.state):
                with self.assertRaises(UserError):
                    profile.write({"mr_advice": "Changed"})
                with self.assertRaises(UserError):
                    profile.part_ids[:1].write({"description": "<p>Changed</p>"})
                with self.assertRaises(UserError):
                    self.env["ib.support.profile.part"].create(
                        {"profile_id": profile.id, "name": "New", "kind": "limits"}
                    )
                with self.assertRaises(UserError):
                    profile.unlink()
                with self.assertRaises(UserError):
                    profile.write({"state": "draft"})
        with self.assertRaises(UserError):
            self.profile_old.write({"state": "published"})
        self.assertIn("OLD-BASIC-TEXT", self.profile_old.part_ids.description)

    def test_new_version_copies_to_the_next_year(self):
        with self.assertRaises(UserError):
            self.profile_a.action_new_version()  # no later school year yet
        next_year = self._create_year(
            self.school_a, self.year_a.date_end.replace(month=8, day=1)
        )
        action = self.profile_a.action_new_version()
        copy = self.env["ib.support.profile"].browse(action["res_id"])
        self.assertEqual(copy.state, "draft")
        self.assertEqual(copy.school_year_id, next_year)
        self.assertEqual(copy.version, 3)
        self.assertFalse(copy.mr_advice)
        self.assertEqual(
            sorted(copy.part_ids.mapped("name")),
            sorted(self.profile_a.part_ids.mapped("name")),
        )
        self.assertEqual(copy.extra_part_ids.intervention_ids, self.intervention)
        with self.assertRaises(UserError):
            self.profile_a.action_new_version()  # that year has one now

    def test_new_profile_starts_as_draft(self):
        with self.assertRaises(UserError):
            self.env["ib.support.profile"].create(
                {
                    "company_id": self.school_b.id,
                    "school_year_id": self.year_b.id,
                    "state": "published",
                    "mr_advice": "x",
                    "mr_advice_date": "2026-06-01",
                }
            )
