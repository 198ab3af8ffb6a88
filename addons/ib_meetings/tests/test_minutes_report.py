from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import IbMeetingsCommon

MINUTES = "ib_meetings.action_report_meeting_minutes"
PARENTS = "ib_meetings.action_report_meeting_item_parents"


@tagged("post_install", "-at_install")
class TestMinutesReport(IbMeetingsCommon):
    """The minutes as a PDF: whole meeting per role, one pupil's part for parents."""

    def test_coordinator_prints_everything(self):
        html = self.render_html(MINUTES, self.meeting, self.coordinator_a)
        self.assertAllIn(
            (
                "Pupil discussion group 5",
                self.pupil_5a.name,
                "Extra reading practice for Anna",
                "Internal: teacher sees little progress",
                "Read aloud three times a week",
                self.pupil_5b.name,
                "Coordinator calls the youth nurse about Bram",
                "Group overview after the middle tests",
                self.teacher_5.name,
            ),
            html,
        )

    def test_teacher_taking_part_prints_only_what_they_may_read(self):
        html = self.render_html(MINUTES, self.meeting, self.teacher_5)
        self.assertIn("Extra reading practice for Anna", html)
        self.assertIn("Read aloud three times a week", html)
        self.assertNotIn("Coordinator calls the youth nurse", html)
        self.assertNotIn("Secret family situation", html)
        self.assertNotIn("Call the youth nurse", html)

    def test_others_are_refused(self):
        for user in (self.teacher_6, self.employee, self.coordinator_b, self.portal_a):
            with self.assertRaises(AccessError, msg=user.login):
                self.render_html(MINUTES, self.meeting, user)
        # Not even with a forged school in the context.
        Report = (
            self.env["ir.actions.report"]
            .with_user(self.teacher_6)
            .with_context(allowed_company_ids=(self.school_a | self.school_b).ids)
        )
        with self.assertRaises(AccessError):
            Report._render_qweb_html(MINUTES, self.meeting.ids)

    def test_director_prints_without_taking_part(self):
        html = self.render_html(MINUTES, self.meeting, self.director)
        self.assertIn("Coordinator calls the youth nurse about Bram", html)

    def test_parents_version_has_the_shared_part_only(self):
        html = self.render_html(PARENTS, self.item_5a, self.coordinator_a)
        self.assertIn(self.pupil_5a.name, html)
        self.assertIn("Anna reads slowly", html)
        self.assertIn("Extra reading practice for Anna", html)
        self.assertIn("Read aloud three times a week", html)
        self.assertNotIn("Internal: teacher sees little progress", html)
        self.assertNotIn(self.pupil_5b.name, html)
        with self.assertRaises(UserError):
            self.render_html(PARENTS, self.item_5b, self.coordinator_a)
        with self.assertRaises(AccessError):
            self.render_html(PARENTS, self.item_5a, self.teacher_6)

    def test_minutes_in_dutch(self):
        self.env["res.lang"]._activate_lang("nl_NL")
        self.env["ir.module.module"]._load_module_terms(["ib_meetings"], ["nl_NL"])
        html = self.render_html(MINUTES, self.meeting, self.coordinator_a, lang="nl_NL")
        self.assertAllIn(
            (
                "Verslag",
                "Leerlingbespreking",
                "Afspraken",
                "Conclusie",
                "Vertrouwelijk",
                "Aanwezig",
            ),
            html,
        )
        self.assertNotIn(">Agreements<", html)
        html = self.render_html(PARENTS, self.item_5a, self.coordinator_a, lang="nl_NL")
        self.assertIn("Afspraken", html)
        self.assertIn("Vraagstelling", html)
