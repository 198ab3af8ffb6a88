from datetime import timedelta
from unittest.mock import patch

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_privacy import IbPrivacyCommon

# What a pupil's file holds besides the pupil record (keys of ``file_of``).
FILE_PARTS = (
    "messages",
    "trackings",
    "attachments",
    "activities",
    "followers",
    "guardians",
)


@tagged("post_install", "-at_install")
class TestRetention(IbPrivacyCommon):
    """The daily retention job: care data goes once the school's period after the
    leaving date has passed, the whole file once the enrolment period has passed;
    pupils still enrolled, who left recently or whose file is on legal hold keep
    everything; an audit row without content per pupil and kind of data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # school A: 2 years, 3 for special education, 5 for enrolment data
        cls.expired = cls._left_pupil("Finn", "Expired", months_ago=36)
        cls.recent = cls._left_pupil("Gijs", "Recent", months_ago=12)
        cls.special = cls._left_pupil(
            "Hanna", "Special", months_ago=30, destination="sbo"
        )
        cls.on_hold = cls._left_pupil("Ilse", "Hold", months_ago=36)
        cls.on_hold.write(
            {"legal_hold": True, "legal_hold_reason": "Complaint pending"}
        )
        cls.enrolled = cls.pupil_5b
        cls.pupils = cls.expired | cls.recent | cls.special | cls.on_hold | cls.enrolled
        cls.guardians = {
            pupil: cls._fill_file(pupil, f"{pupil.last_name}{pupil.id}")
            for pupil in cls.pupils
        }

    def run_job(self, today=None):
        """Run the job; return the audit rows of this test's pupils (the demo
        data may hold pupils who left long ago too)."""
        with self.care_model_stand_in():
            audit = self.env["ib.pupil"]._ib_apply_retention(today or self.today)
        return audit.filtered(lambda row: row.company_id == self.school_a)

    def test_retention_dates(self):
        self.assertEqual(
            self.expired.retention_care_date,
            self.expired.leaving_date + relativedelta(years=2),
        )
        self.assertEqual(
            self.expired.retention_deletion_date,
            self.expired.leaving_date + relativedelta(years=5),
        )
        self.assertEqual(
            self.special.retention_care_date,
            self.special.leaving_date + relativedelta(years=3),
        )
        self.assertFalse(self.enrolled.retention_care_date)

    def test_expired_care_data_is_removed_others_keep_everything(self):
        before = {
            pupil: self.file_of(pupil, self.guardians[pupil].ids)
            for pupil in self.pupils
        }
        for pupil, stored in before.items():
            for key in FILE_PARTS:
                self.assertTrue(stored[key], f"fixture: {pupil.name} has no {key}")
            self.assertTrue(stored["files"])
            self.assertTrue(all(self.file_exists(f) for f in stored["files"]))

        audit = self.run_job()
        self.env["ir.attachment"]._gc_file_store_unsafe()
        self.env.invalidate_all()

        # the expired pupil: no care record, message, tracking value, activity,
        # follower, attachment or file left; the minimal enrolment data stays
        gone = self.file_of(self.expired, self.guardians[self.expired].ids)
        for key in FILE_PARTS:
            self.assertFalse(gone[key], key)
        self.assertFalse(
            any(self.file_exists(f) for f in before[self.expired]["files"]),
            "the expired pupil's files are still in the filestore",
        )
        expired = self.expired.sudo()
        self.assertRecordValues(
            expired,
            [
                {
                    "name": "Finn Expired",
                    "educational_needs": False,
                    "bsn": False,
                    "support_level_id": False,
                    "image_1920": False,
                    "care_removed_date": self.today,
                    "date_of_birth": self.expired.date_of_birth,
                }
            ],
        )
        self.assertTrue(expired.membership_ids)

        # the others: everything is still there
        for pupil in self.recent | self.special | self.on_hold | self.enrolled:
            kept = self.file_of(pupil, self.guardians[pupil].ids)
            for key in FILE_PARTS:
                self.assertEqual(kept[key], before[pupil][key], f"{pupil.name}: {key}")
            self.assertTrue(all(self.file_exists(f) for f in kept["files"]))
            self.assertTrue(pupil.sudo().bsn)
            self.assertIn("Needs short instructions", pupil.educational_needs)
            self.assertFalse(pupil.care_removed_date)

        # the audit: what kind, how many; never content or a name
        self.assertEqual(set(audit.mapped("pupil_ref")), {self.expired.id})
        self.assertEqual(audit.company_id, self.school_a)
        counts = {row.kind: row.record_count for row in audit}
        self.assertEqual(counts["Parent/Guardian of a Pupil"], 1)
        self.assertEqual(counts["Parent/Guardian of a Pupil: messages"], 1)
        self.assertEqual(counts["Parent/Guardian of a Pupil: attachments"], 1)
        self.assertEqual(counts["Pupil file: care content"], 3)  # needs, BSN, level
        self.assertEqual(counts["Pupil: activities"], 1)
        self.assertEqual(
            counts["Pupil: messages"], len(before[self.expired]["messages"]) - 1
        )
        self.assertGreaterEqual(counts["Pupil: attachments"], 2)  # minutes + photo
        for row in audit:
            self.assertNotIn("Finn", row.kind)
            self.assertNotIn("Expired", row.kind)

    def test_second_run_changes_nothing(self):
        self.run_job()
        self.assertFalse(self.run_job())

    def test_file_deleted_after_enrolment_period(self):
        # 6 years after leaving: past the enrolment period (5) too
        old = self._left_pupil("Jan", "Old", months_ago=72)
        guardian = self.env["ib.pupil.guardian"].create(
            {
                "pupil_id": old.id,
                "partner_id": self.env["res.partner"].create({"name": "Parent Old"}).id,
            }
        )
        old.message_post(body="A note", message_type="comment")
        self.env["ib.pupil.access.log"].sudo().create(
            {
                "user_id": self.coordinator_a.id,
                "pupil_id": old.id,
                "pupil_ref": old.id,
                "company_id": self.school_a.id,
                "way": "form",
            }
        )
        membership = old.membership_ids
        # without the stand-in: guardians are enrolment data here
        audit = self.env["ib.pupil"]._ib_apply_retention(self.today)
        self.assertFalse(old.exists())
        self.assertFalse(membership.exists())
        self.assertFalse(guardian.exists())
        self.assertFalse(
            self.env["mail.message"].search(
                [("model", "=", "ib.pupil"), ("res_id", "=", old.id)]
            )
        )
        log = self.env["ib.pupil.access.log"].search([("pupil_ref", "=", old.id)])
        self.assertEqual(len(log), 1, "the access log outlives the file")
        self.assertFalse(log.pupil_id)
        counts = {
            row.kind: row.record_count for row in audit if row.pupil_ref == old.id
        }
        self.assertEqual(counts["Pupil file: enrolment data"], 1)
        self.assertEqual(counts["Group Membership"], 1)
        self.assertEqual(counts["Parent/Guardian of a Pupil"], 1)
        # the pupil who left 3 years ago keeps groups and parents (enrolment data)
        self.assertTrue(self.expired.exists())
        self.assertTrue(self.expired.membership_ids)
        self.assertTrue(self.expired.guardian_ids)

    def test_deleted_file_ends_the_parents_portal_login(self):
        old = self._left_pupil("Kees", "Gone", months_ago=72)
        parent = self.env["res.partner"].create(
            {"name": "Parent Gone", "email": "parent.gone@example.com"}
        )
        self.env["ib.pupil.guardian"].create(
            {"pupil_id": old.id, "partner_id": parent.id, "portal_access": True}
        )
        login = parent.with_context(active_test=False).user_ids
        self.assertTrue(login.active)
        self.env["ib.pupil"]._ib_apply_retention(self.today)
        self.assertFalse(old.exists())
        self.assertFalse(login.active, "no login stays behind for a deleted file")

    def test_enrolment_period_shorter_than_care_period(self):
        """A file is never deleted before its care data period has passed."""
        self.school_a.write(
            {"ib_retention_years": 4, "ib_retention_years_enrolment": 3}
        )
        self.run_job()
        self.assertTrue(self.expired.exists())
        self.assertFalse(self.expired.care_removed_date)
        self.run_job(self.today + relativedelta(years=2))
        self.assertFalse(self.expired.exists())

    def test_cron_with_the_clock_moved(self):
        """The daily job as ir.cron runs it, ten years later: every pupil who left
        is gone except the one on legal hold; the enrolled pupil stays."""
        left = self.expired | self.recent | self.special
        cron = self.env.ref("ib_core.ir_cron_ib_pupil_retention")
        self.assertEqual(cron.code, "model._cron_apply_retention()")
        self.assertEqual(cron.user_id, self.env.ref("base.user_root"))
        Cron = type(self.env["ir.cron"])
        with (
            freeze_time(self.today + relativedelta(years=10)),
            self.care_model_stand_in(),
            patch.object(Cron, "_commit_progress", return_value=60.0) as progress,
        ):
            self.env["ib.pupil"]._cron_apply_retention()
        self.assertEqual(progress.call_args.kwargs["remaining"], 0)
        self.assertFalse(left.exists())
        self.assertTrue(self.on_hold.exists())
        self.assertTrue(self.on_hold.sudo().bsn)
        self.assertTrue(self.enrolled.exists())
        self.assertIn("Needs short instructions", self.enrolled.educational_needs)

    def test_never_touches_enrolled_pupils(self):
        future = self._left_pupil("Kees", "Future", months_ago=-12)  # leaves next year
        future.educational_needs = "<p>Keep me</p>"
        self.run_job(self.today + timedelta(days=1))
        self.assertEqual(future.educational_needs, "<p>Keep me</p>")
        self.assertIn("Needs short instructions", self.enrolled.educational_needs)

    # ---------------------------------------------------------- legal hold
    def test_legal_hold_is_coordinator_only_with_reason(self):
        with self.assertRaises(AccessError):
            self.recent.with_user(self.teacher_5).read(["legal_hold"])
        with self.assertRaises(AccessError):
            self.as_user(self.director, "ib.pupil").browse(self.recent.id).write(
                {"legal_hold": True, "legal_hold_reason": "x"}
            )
        pupil = self.as_user(self.coordinator_a, "ib.pupil").browse(self.recent.id)
        with self.assertRaises(ValidationError):
            pupil.write({"legal_hold": True})
        pupil.with_context(tracking_disable=False).write(
            {"legal_hold": True, "legal_hold_reason": "Court order"}
        )
        self.env.cr.flush()
        trackings = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.res_id", "=", self.recent.id),
                ("field_id.name", "=", "legal_hold"),
            ]
        )
        self.assertTrue(trackings, "the legal hold is tracked")
        self.run_job(self.today + relativedelta(years=10))
        self.assertTrue(self.recent.exists())

    # --------------------------------------------------------------- audit
    def test_audit_readable_by_school_append_only(self):
        audit = self.run_job()
        for user in (self.teacher_5, self.employee):
            with self.assertRaises(AccessError):
                self.as_user(user, "ib.retention.audit").search([])
        for user in (self.coordinator_a, self.director, self.manager):
            found = self.as_user(user, "ib.retention.audit").search([])
            self.assertEqual(found.sorted("id"), audit.sorted("id"))
        self.assertFalse(
            self.as_user(self.coordinator_b, "ib.retention.audit").search([])
        )
        row = audit[:1].with_user(self.manager)
        with self.assertRaises(UserError):
            row.write({"record_count": 0})
        with self.assertRaises(AccessError):
            row.unlink()

    def test_care_records_cannot_be_deleted_by_users(self):
        with self.assertRaises(UserError):
            self.expired.with_user(self.manager).unlink()
