from datetime import timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import IbProtocolsCommon


@tagged("post_install", "-at_install")
class TestAbsenceThreshold(IbProtocolsCommon):
    """The legal threshold: 16 hours or more of unauthorised absence within 4
    weeks (28 days, both ends included)."""

    def report(self, hours, days):
        return self.as_user(self.coordinator_a, "ib.absence.report").create(
            {
                "pupil_id": self.pupil_5b.id,
                "date_from": self.today - timedelta(days=days - 1),
                "date_to": self.today,
                "hours_unauthorised": hours,
            }
        )

    def test_threshold_arithmetic(self):
        for hours, days, above in (
            (15.5, 28, False),  # just below the hours
            (16.0, 28, True),  # exactly 16 hours on the last day of 4 weeks
            (16.0, 1, True),
            (16.0, 29, False),  # one day longer than 4 weeks
            (40.0, 29, False),
            (15.9, 7, False),
        ):
            with self.subTest(hours=hours, days=days):
                report = self.report(hours, days)
                self.assertEqual(report.period_days, days)
                self.assertEqual(report.above_threshold, above)

    def test_flag_is_stored_and_follows_changes(self):
        report = self.report(15.5, 28)
        self.assertFalse(report.above_threshold)
        self.assertEqual(
            self.env["ib.absence.report"].search(
                [("above_threshold", "=", True), ("id", "=", report.id)]
            ),
            self.env["ib.absence.report"],
        )
        report.hours_unauthorised = 16
        self.assertEqual(
            self.env["ib.absence.report"].search(
                [("above_threshold", "=", True), ("id", "=", report.id)]
            ),
            report,
        )
        report.date_from -= timedelta(days=1)  # 29 days
        self.assertFalse(report.above_threshold)

    def test_bad_input_is_refused(self):
        with self.assertRaises(ValidationError):
            self.report(-1, 10)
        with self.assertRaises(ValidationError):
            self.as_user(self.coordinator_a, "ib.absence.report").create(
                {
                    "pupil_id": self.pupil_5b.id,
                    "date_from": self.today,
                    "date_to": self.today - timedelta(days=1),
                    "hours_unauthorised": 20,
                }
            )

    def test_notification_to_the_attendance_officer(self):
        report = self._records_as(self.coordinator_a, self.absence_a)
        self.assertEqual(report.state, "draft")
        with self.assertRaises(UserError):
            report.action_notify()
        report.write({"officer_id": self.officer.id, "duo_reference": "VZL-123"})
        report.action_notify()
        self.assertEqual(report.state, "notified")
        self.assertEqual(report.notification_date, self.today)
        with self.assertRaises(ValidationError):
            report.officer_id = False
