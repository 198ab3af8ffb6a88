from datetime import date

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo.tests import tagged

from .common import IbCoreCommon


@tagged("post_install", "-at_install")
class TestSchoolYear(IbCoreCommon):
    def test_name_and_current_year(self):
        self.assertEqual(
            self.year_a.name,
            f"{self.year_a.date_start.year}-{self.year_a.date_end.year}",
        )
        self.assertTrue(self.year_a.is_current)
        self.assertFalse(self.year_a_previous.is_current)
        self.assertEqual(
            self.env["ib.school.year"]._get_current(self.school_a), self.year_a
        )
        self.assertEqual(self.pupil_5a.group_id, self.group_5)

    def test_new_year_moves_current_flag_and_groups(self):
        """When the calendar passes into the next school year the daily job moves
        the current year, and teachers keep only the pupils of the new year."""
        next_start = self.year_a.date_start + relativedelta(years=1)
        next_year = self._create_year(self.school_a, next_start)
        self.assertFalse(next_year.is_current)
        with freeze_time(next_start + relativedelta(days=20)):
            changed = self.env["ib.school.year"]._cron_refresh_current()
            self.assertIn(self.year_a, changed)
            self.assertIn(next_year, changed)
            self.assertNotIn(self.year_a_previous, changed)
        self.assertTrue(next_year.is_current)
        self.assertFalse(self.year_a.is_current)
        self.assertFalse(self.pupil_5a.group_id)
        self.assertFalse(self.as_user(self.teacher_5, "ib.pupil").search([]))

    def test_cron_is_idempotent(self):
        self.assertFalse(self.env["ib.school.year"]._cron_refresh_current())

    def test_group_label_and_count(self):
        self.assertEqual(self.group_b.grades_label, "5/6")
        self.assertEqual(self.group_5.pupil_count, 2)
        self.assertEqual(self.year_a.group_count, 2)
        self.assertEqual(
            self.pupil_5a.age, relativedelta(date.today(), date(2017, 3, 1)).years
        )
