from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import IbMeetingsCommon

MINUTES = "ib_meetings.action_report_meeting_minutes"
PARENTS = "ib_meetings.action_report_meeting_item_parents"


@tagged("post_install", "-at_install")
class TestMinutesReport(IbMeetingsCommon):
    """The minutes as a PDF: whole meeting per role, one pupil's part for parents."""

    def _html(self, user, report, records, lang=None):
        Report = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(allowed_company_ids=user.company_ids.ids)
        )
        if lang:
            Report = Report.with_context(lang=lang)
        html, _kind = Report._render_qweb_html(report, records.ids)
        return html.decode()

    def test_coordinator_prints_everything(self):
        html = self._html(self.coordinator_a, MINUTES, self.meeting)
        for text in (
            "Pupil discussion group 5",
            self.pupil_5a.name,
            "Extra reading practice for Anna",
            "Internal: teacher sees little progress",
            "Read aloud three times a week",
            self.pupil_5b.name,
            "Coordinator calls the youth nurse about Bram",
            "Group overview after the middle tests",
            self.teacher_5.name,
        ):
            self.assertIn(text, html)

    def test_teacher_taking_part_prints_only_what_they_may_read(self):
        html = self._html(self.teacher_5, MINUTES, self.meeting)
        self.assertIn("Extra reading practice for Anna", html)
        self.assertIn("Read aloud three times a week", html)
        self.assertNotIn("Coordinator calls the youth nurse", html)
        self.assertNotIn("Secret family situation", html)
        self.assertNotIn("Call the youth nurse", html)

    def test_others_are_refused(self):
        for user in (self.teacher_6, self.employee, self.coordinator_b, self.portal_a):
            with self.assertRaises(AccessError, msg=user.login):
                self._html(user, MINUTES, self.meeting)
        # Not even with a forged school in the context.
        Report = (
            self.env["ir.actions.report"]
            .with_user(self.teacher_6)
            .with_context(allowed_company_ids=(self.school_a | self.school_b).ids)
        )
        with self.assertRaises(AccessError):
            Report._render_qweb_html(MINUTES, self.meeting.ids)

    def test_director_prints_without_taking_part(self):
        html = self._html(self.director, MINUTES, self.meeting)
        self.assertIn("Coordinator calls the youth nurse about Bram", html)

    def test_parents_version_has_the_shared_part_only(self):
        html = self._html(self.coordinator_a, PARENTS, self.item_5a)
        self.assertIn(self.pupil_5a.name, html)
        self.assertIn("Anna reads slowly", html)
        self.assertIn("Extra reading practice for Anna", html)
        self.assertIn("Read aloud three times a week", html)
        self.assertNotIn("Internal: teacher sees little progress", html)
        self.assertNotIn(self.pupil_5b.name, html)
        with self.assertRaises(UserError):
            self._html(self.coordinator_a, PARENTS, self.item_5b)
        with self.assertRaises(AccessError):
            self._html(self.teacher_6, PARENTS, self.item_5a)

    def test_minutes_in_dutch(self):
        self.env["res.lang"]._activate_lang("nl_NL")
        self.env["ir.module.module"]._load_module_terms(["ib_meetings"], ["nl_NL"])
        html = self._html(self.coordinator_a, MINUTES, self.meeting, lang="nl_NL")
        for dutch in (
            "Verslag",
            "Leerlingbespreking",
            "Afspraken",
            "Conclusie",
            "Vertrouwelijk",
            "Aanwezig",
        ):
            self.assertIn(dutch, html)
        self.assertNotIn(">Agreements<", html)
        html = self._html(self.coordinator_a, PARENTS, self.item_5a, lang="nl_NL")
        self.assertIn("Afspraken", html)
        self.assertIn("Vraagstelling", html)
