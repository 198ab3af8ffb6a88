from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_privacy import IbPrivacyCommon

REPORT = "ib_core.report_ib_pupil_file"


@tagged("post_install", "-at_install")
class TestPupilFileExport(IbPrivacyCommon):
    """Right of access: one export of everything about a pupil, for the care
    coordinator and the director only, as they may read it, and logged."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.guardian = cls._fill_file(cls.pupil_6a, "chris")
        cls.pupil_6a.write(
            {
                "stimulating_factors": "<p>Likes football</p>",
                "hindering_factors": "<p>Noisy classroom</p>",
            }
        )

    def setUp(self):
        super().setUp()
        self.clear_denied()

    def access_log(self, pupil):
        return self.env["ib.pupil.access.log"].search([("pupil_id", "=", pupil.id)])

    def render(self, user, pupils, companies=None):
        Report = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(allowed_company_ids=(companies or user.company_ids).ids)
        )
        html, _type = Report._render_qweb_html(REPORT, pupils.ids)
        return html.decode()

    def test_report_action(self):
        report = self.env.ref("ib_core.ib_pupil_report_file")
        self.assertFalse(report.attachment)
        self.assertFalse(report.attachment_use)
        self.assertEqual(report.group_ids, self.env.ref("ib_core.group_ib_director"))

    def test_coordinator_exports_the_whole_file(self):
        with self.care_model_stand_in():
            html = self.render(self.coordinator_a, self.pupil_6a)
        for text in (
            "Chris Jansen",  # identity
            "T0003",  # pupil number
            "111222333",  # BSN: the coordinator may see it
            "Groep 6",  # group history
            "Specific support in the group",  # support level
            "Needs short instructions chris",  # educational needs
            "Likes football",
            "Noisy classroom",
            "Parent chris",  # a guardian
            "Talked with the parents about chris",  # a message of the pupil file
            "minutes_chris.txt",  # its attachment
            "Support Level",  # a tracked change
            # a care record, shown generically: title, values, messages, files
            "Parent/Guardian of a Pupil",
            "Portal Access",
            "Guardian note chris",
            "guardian_chris.txt",
        ):
            self.assertIn(text, html)
        log = self.access_log(self.pupil_6a)
        self.assertRecordValues(
            log,
            [
                {
                    "user_id": self.coordinator_a.id,
                    "way": "report",
                    "denied": False,
                }
            ],
        )

    def test_director_exports_without_bsn(self):
        html = self.render(self.director, self.pupil_6a)
        self.assertIn("Chris Jansen", html)
        self.assertIn("Needs short instructions chris", html)
        self.assertNotIn("111222333", html)

    def test_teachers_are_refused(self):
        for teacher in (self.teacher_5, self.teacher_6):  # another group, and own
            with self.assertRaises(AccessError):
                self.render(teacher, self.pupil_6a)
        self.flush_denied()
        log = self.access_log(self.pupil_6a)
        self.assertEqual(log.user_id, self.teacher_5 | self.teacher_6)
        self.assertEqual(set(log.mapped("way")), {"report"})
        self.assertTrue(all(log.mapped("denied")))

    def test_forged_company_context_does_not_help(self):
        # a teacher of school A claiming both schools
        with self.assertRaises(AccessError):
            self.render(self.teacher_5, self.pupil_6a, self.school_a | self.school_b)
        # the coordinator of school A asking for a pupil of school B
        with self.assertRaises(AccessError):
            self.render(self.coordinator_a, self.pupil_b, self.school_a | self.school_b)
        with self.assertRaises(AccessError):
            self.render(self.coordinator_a, self.pupil_b)
        self.flush_denied()
        log = self.access_log(self.pupil_b)
        self.assertEqual(log.user_id, self.coordinator_a)
        self.assertEqual(log.company_id, self.school_b)
