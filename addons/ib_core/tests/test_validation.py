from datetime import date, timedelta

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..models.ib_pupil import bsn_is_valid
from .common import IbCoreCommon


@tagged("post_install", "-at_install")
class TestValidation(IbCoreCommon):
    """Bad input gets a clear error and writes nothing."""

    def test_brin_format(self):
        Company = self.env["res.company"]
        for bad in ("1AB", "ABCD", "12ABC", "12-AB", "12AB0"):
            with self.assertRaises(ValidationError, msg=bad):
                Company.create({"name": f"School {bad}", "ib_brin_code": bad})
        self.assertFalse(Company.search([("name", "like", "School 1AB")]))
        school = Company.create({"name": "School C", "ib_brin_code": " 07xy "})
        self.assertEqual(school.ib_brin_code, "07XY")
        location = Company.create({"name": "School D", "ib_brin_code": "07XY01"})
        self.assertEqual(location.ib_brin_code, "07XY01")

    def test_brin_unique(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.env["res.company"].create({"name": "Copy", "ib_brin_code": "98za"})

    def test_new_school_gets_five_support_levels(self):
        school = self.env["res.company"].create({"name": "School E"})
        levels = self.env["ib.support.level"].search([("company_id", "=", school.id)])
        self.assertEqual(levels.mapped("level"), [1, 2, 3, 4, 5])

    def test_bsn_elfproef(self):
        self.assertTrue(bsn_is_valid("111222333"))
        self.assertTrue(bsn_is_valid("123456782"))
        self.assertFalse(bsn_is_valid("123456789"))
        self.assertFalse(bsn_is_valid("000000000"))
        self.assertFalse(bsn_is_valid("12345678a"))
        self.assertFalse(bsn_is_valid("1234567"))
        with self.assertRaises(ValidationError):
            self.pupil_5a.bsn = "123456789"
        self.assertFalse(self.pupil_5a.bsn)
        self.pupil_5a.bsn = "1112.22.333"
        self.assertEqual(self.pupil_5a.bsn, "111222333")
        with self.assertRaises(ValidationError):
            self.env["ib.pupil"].create(
                {
                    "first_name": "X",
                    "last_name": "Y",
                    "company_id": self.school_a.id,
                    "bsn": "111111111",
                }
            )

    def test_leaving_before_enrolment(self):
        with self.assertRaises(ValidationError):
            self.pupil_5a.write(
                {
                    "enrolment_date": date(2022, 8, 20),
                    "leaving_date": date(2022, 8, 1),
                }
            )
        self.assertFalse(self.pupil_5a.leaving_date)

    def test_birth_in_future(self):
        with self.assertRaises(ValidationError):
            tomorrow = fields.Date.context_today(self.pupil_5a) + timedelta(days=1)
            self.pupil_5a.date_of_birth = tomorrow

    def test_overlapping_school_years(self):
        with self.assertRaises(ValidationError):
            self.env["ib.school.year"].create(
                {
                    "date_start": self.year_a.date_start + timedelta(days=30),
                    "date_end": self.year_a.date_end + timedelta(days=30),
                    "company_id": self.school_a.id,
                }
            )
        # Another school may have the same dates.
        self.env["ib.school.year"].create(
            {
                "date_start": self.year_a.date_start,
                "date_end": self.year_a.date_end,
                "company_id": self.env["res.company"].create({"name": "School F"}).id,
            }
        )

    def test_school_year_end_after_start(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.env["ib.school.year"].create(
                    {
                        "date_start": "2050-08-01",
                        "date_end": "2050-07-01",
                        "company_id": self.school_a.id,
                    }
                )

    def test_pupil_number_unique_per_school(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.env["ib.pupil"].create(
                    {
                        "first_name": "Twin",
                        "last_name": "Copy",
                        "company_id": self.school_a.id,
                        "pupil_number": self.pupil_5a.pupil_number,
                    }
                )
        # The same number in another school is fine.
        self.env["ib.pupil"].create(
            {
                "first_name": "Other",
                "last_name": "School",
                "company_id": self.school_b.id,
                "pupil_number": self.pupil_5a.pupil_number,
            }
        )

    def test_pupil_in_group_of_other_school(self):
        with self.assertRaises(UserError):
            self.env["ib.group.membership"].create(
                {"pupil_id": self.pupil_5a.id, "group_id": self.group_b.id}
            )

    def test_one_group_per_year(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.env["ib.group.membership"].create(
                    {"pupil_id": self.pupil_5a.id, "group_id": self.group_6.id}
                )

    def test_group_year_of_other_school(self):
        with self.assertRaises(UserError):
            self.env["ib.group"].create(
                {
                    "name": "Groep 7",
                    "school_year_id": self.year_b.id,
                    "company_id": self.school_a.id,
                    "grade_ids": [Command.set([self.env.ref("ib_core.grade_7").id])],
                }
            )

    def test_pupil_cannot_be_deleted(self):
        with self.assertRaises(UserError):
            self.pupil_5a.with_user(self.manager).unlink()
        self.assertTrue(self.pupil_5a.exists())
        self.pupil_5a.with_user(self.coordinator_a).action_archive()
        self.assertFalse(self.pupil_5a.active)

    def test_portal_access_needs_email(self):
        parent = self.env["res.partner"].create({"name": "No Mail"})
        with self.assertRaises(ValidationError):
            self.env["ib.pupil.guardian"].create(
                {
                    "pupil_id": self.pupil_5a.id,
                    "partner_id": parent.id,
                    "portal_access": True,
                }
            )
