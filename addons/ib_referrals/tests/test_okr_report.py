from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import IbReferralsCommon


@tagged("post_install", "-at_install")
class TestOkrReport(IbReferralsCommon):
    """The educational report shows what the coordinator chose, to them only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.note_in = cls._coordinator_note(
            "Reading observation", "<p>NOTE-SELECTED</p>"
        )
        cls.note_out = cls._coordinator_note("Other note", "<p>NOTE-NOT-SELECTED</p>")
        cls.referral.okr_note_ids = cls.note_in

    def test_content(self):
        html = self._render_okr(self.coordinator_a)
        self.assertIn(self.pupil_5a.name, html)
        self.assertIn("Groep 5", html)
        self.assertIn("QUESTION-ALPHA", html)
        self.assertIn("PARENTS-VIEW-ALPHA", html)
        self.assertIn("NOTE-SELECTED", html)
        self.assertNotIn("NOTE-NOT-SELECTED", html)

    def test_teacher_refused(self):
        for teacher in (self.teacher_6, self.teacher_5):
            with self.assertRaises(AccessError):
                self._render_okr(teacher)

    def test_coordinator_of_other_school_refused(self):
        with self.assertRaises(AccessError):
            self._render_okr(self.coordinator_b)

    def test_dutch_for_a_dutch_school(self):
        """The report speaks the school's language (the Dutch terms of nl.po)."""
        self.env["res.lang"]._activate_lang("nl_NL")
        self.env["ir.module.module"].search(
            [("name", "=", "ib_referrals")]
        )._update_translations(["nl_NL"])
        self.school_a.partner_id.lang = "nl_NL"
        html = self._render_okr(self.coordinator_a)
        self.assertIn("Onderwijskundig rapport", html)
        self.assertIn("Visie van ouders", html)
        self.assertIn("Schoolloopbaan", html)
