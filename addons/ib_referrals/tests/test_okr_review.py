import hashlib

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import IbReferralsCommon


@tagged("post_install", "-at_install")
class TestOkrReview(IbReferralsCommon):
    """The coordinator generates the OKR text from the pupil file, edits it and
    makes it final: the text is locked and the PDF frozen on the referral."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Group 5 last year too: a repeated year.
        cls.group_5_previous = cls._group(
            "Groep 5 (last year)", cls.year_a_previous, cls.env.ref("ib_core.grade_5")
        )
        cls.env["ib.group.membership"].create(
            {"pupil_id": cls.pupil_5a.id, "group_id": cls.group_5_previous.id}
        )
        cls.note = cls._coordinator_note("Reading observation", "<p>NOTE-SELECTED</p>")
        cls.referral.okr_note_ids = cls.note
        level = cls.env["ib.support.level"].search(
            [("company_id", "=", cls.school_a.id), ("level", "=", 3)], limit=1
        )
        cls.level = level
        cls.pupil_5a.with_context(tracking_disable=False).support_level_id = level
        cls.env.flush_all()

    def test_generate_from_the_pupil_file(self):
        self.referral_c.action_okr_generate()
        body = str(self.referral.okr_body)
        self.assertIn(self.pupil_5a.name, body)
        self.assertIn("Groep 5 (last year)", body)
        self.assertIn("Repeated year", body)
        self.assertIn(self.level.display_name, body)
        self.assertIn("NOTE-SELECTED", body)
        self.assertIn("QUESTION-ALPHA", body)
        self.assertIn("PARENTS-VIEW-ALPHA", body)

    def test_teacher_and_other_school_cannot_generate(self):
        with self.assertRaises(UserError):
            self.as_user(self.teacher_5, "ib.referral").browse(
                self.referral.id
            ).action_okr_generate()
        with self.assertRaises(AccessError):
            self.as_user(self.coordinator_b, "ib.referral").browse(
                self.referral.id
            ).action_okr_generate()
        self.assertFalse(self.referral.okr_body)

    def test_edit_and_make_final(self):
        self.referral_c.action_okr_generate()
        self.referral_c.okr_body = "<p>EDITED-OKR-TEXT</p>"
        self.referral_c.action_okr_finalize()
        referral = self.referral_c
        attachment = referral.okr_attachment_id
        self.assertTrue(attachment)
        self.assertEqual(
            (attachment.res_model, attachment.res_id), ("ib.referral", referral.id)
        )
        self.assertFalse(attachment.public)
        self.assertEqual(
            referral.okr_checksum, hashlib.sha256(attachment.raw).hexdigest()
        )
        self.assertGreaterEqual(len(referral.okr_token), 40)
        self.assertEqual(referral.okr_final_user_id, self.coordinator_a)
        # The frozen content is the edited text with the QR code of the
        # verification address (tests render HTML instead of a PDF).
        frozen = attachment.raw.decode()
        self.assertIn("EDITED-OKR-TEXT", frozen)
        self.assertIn(f"/ib/okr/verify/{referral.okr_token}", frozen)
        html = self._render_okr(self.coordinator_a)
        self.assertIn(f"Barcode {referral.okr_verify_url}", html)
        self.assertIn("data:image/png;base64,", html)
        # Locked: the text, the regeneration and the frozen file.
        with self.assertRaises(UserError):
            referral.okr_body = "<p>CHANGED</p>"
        with self.assertRaises(UserError):
            referral.action_okr_generate()
        with self.assertRaises(UserError):
            referral.action_okr_finalize()
        frozen_c = attachment.with_user(self.coordinator_a)
        with self.assertRaises(UserError):
            frozen_c.write({"raw": b"forged"})
        with self.assertRaises(UserError):
            frozen_c.unlink()
        self.assertIn("EDITED-OKR-TEXT", attachment.raw.decode())
        # Printing again gives the frozen file, not a fresh render.
        action = referral.action_print_okr()
        self.assertEqual(action["url"], f"/web/content/{attachment.id}?download=true")

    def test_draft_print_has_no_qr(self):
        self.referral_c.action_okr_generate()
        html = self._render_okr(self.coordinator_a)
        self.assertIn("Draft", html)
        self.assertNotIn("/ib/okr/verify/", html)

    def test_make_final_needs_text(self):
        with self.assertRaises(UserError):
            self.referral_c.action_okr_finalize()
        self.assertFalse(self.referral.okr_final_date)
        self.assertFalse(self.referral.okr_attachment_id)

    def test_teacher_cannot_make_final_nor_read_the_code(self):
        self.referral_c.action_okr_generate()
        as_teacher = self.as_user(self.teacher_5, "ib.referral").browse(
            self.referral.id
        )
        with self.assertRaises(UserError):
            as_teacher.action_okr_finalize()
        self.referral_c.action_okr_finalize()
        # The teacher reads the referral of their pupil, but not the report
        # (it may quote confidential notes) nor its frozen file or code.
        self.assertEqual(as_teacher.read(["name"])[0]["name"], self.referral.name)
        for field in ("okr_token", "okr_body", "okr_attachment_id"):
            with self.assertRaises(AccessError, msg=field):
                as_teacher.read([field])
        frozen = self.referral.okr_attachment_id.with_user(self.teacher_5)
        with self.assertRaises(AccessError):
            frozen.check_access("read")
        self.assertNotIn(
            self.referral.okr_attachment_id,
            self.env["ir.attachment"]
            .with_user(self.teacher_5)
            .search([("res_model", "=", "ib.referral")]),
        )
        # The coordinator and the director do reach it.
        for user in (self.coordinator_a, self.director):
            self.referral.okr_attachment_id.with_user(user).with_context(
                allowed_company_ids=self.school_a.ids
            ).check_access("read")
        with self.assertRaises(AccessError):
            self.as_user(self.teacher_6, "ib.referral").browse(self.referral.id).read(
                ["okr_body"]
            )
