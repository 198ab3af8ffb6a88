from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import IbReferralsCommon


@tagged("post_install", "-at_install")
class TestOkrReport(IbReferralsCommon):
    """The educational report shows what the coordinator chose, to them only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Note = cls.env["ib.pupil.note"]
        cls.note_in = Note.create(
            {
                "pupil_id": cls.pupil_5a.id,
                "name": "Reading observation",
                "body": "<p>NOTE-SELECTED</p>",
                "author_id": cls.coordinator_a.id,
            }
        )
        cls.note_out = Note.create(
            {
                "pupil_id": cls.pupil_5a.id,
                "name": "Other note",
                "body": "<p>NOTE-NOT-SELECTED</p>",
                "author_id": cls.coordinator_a.id,
            }
        )
        cls.referral.okr_note_ids = cls.note_in

    def _render(self, user):
        report = self.env.ref("ib_referrals.ib_referral_okr_report_action")
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(allowed_company_ids=user.company_ids.ids)
            ._render_qweb_html(report.report_name, self.referral.ids)
        )
        return html.decode()

    def test_content(self):
        html = self._render(self.coordinator_a)
        self.assertIn(self.pupil_5a.name, html)
        self.assertIn("Groep 5", html)
        self.assertIn("QUESTION-ALPHA", html)
        self.assertIn("PARENTS-VIEW-ALPHA", html)
        self.assertIn("NOTE-SELECTED", html)
        self.assertNotIn("NOTE-NOT-SELECTED", html)

    def test_teacher_refused(self):
        for teacher in (self.teacher_6, self.teacher_5):
            with self.assertRaises(AccessError):
                self._render(teacher)

    def test_coordinator_of_other_school_refused(self):
        with self.assertRaises(AccessError):
            self._render(self.coordinator_b)

    def test_dutch_for_a_dutch_school(self):
        """The report speaks the school's language (the Dutch terms of nl.po)."""
        self.env["res.lang"]._activate_lang("nl_NL")
        self.env["ir.module.module"].search(
            [("name", "=", "ib_referrals")]
        )._update_translations(["nl_NL"])
        self.school_a.partner_id.lang = "nl_NL"
        html = self._render(self.coordinator_a)
        self.assertIn("Onderwijskundig rapport", html)
        self.assertIn("Visie van ouders", html)
        self.assertIn("Schoolloopbaan", html)
