from lxml import etree

from odoo.tests import tagged

from .common import IbProtocolsCommon

REPORT = "ib_core.report_ib_pupil_file"


@tagged("post_install", "-at_install")
class TestMeldcodeSeparateRegister(IbProtocolsCommon):
    """The meldcode register is not part of the pupil file: not in its export,
    not on its form."""

    def test_not_in_the_pupil_file_export(self):
        self.assertIs(self.env["ib.meldcode.case"]._ib_file_export, False)
        for user in (self.coordinator_a, self.director):
            with self.subTest(user=user.login):
                html = self.render_html(REPORT, self.pupil_5a, user)
                # the export works and holds the other registers...
                self.assertIn("Uitgelachen 5a", html)
                self.assertIn("Puffer 5a", html)
                # ...but nothing of the meldcode case
                self.assertNotIn("meldcode-geheim", html)
                self.assertNotIn(self.case_a.name, html)
                self.assertNotIn("Meldcode", html)
                self.assertNotIn("meldcode_notes.pdf", html)

    def test_not_on_the_pupil_form(self):
        for user in (self.coordinator_a, self.director, self.teacher_5):
            with self.subTest(user=user.login):
                views = self.as_user(user, "ib.pupil").get_views([(False, "form")])
                arch = views["views"]["form"]["arch"]
                self.assertNotIn("meldcode", arch.lower())
                fields = views["models"]["ib.pupil"]["fields"]
                self.assertFalse(
                    [
                        name
                        for name, field in fields.items()
                        if field.get("relation") == "ib.meldcode.case"
                    ]
                )
        pupil_fields = self.env["ib.pupil"]._fields.values()
        self.assertFalse(
            [f.name for f in pupil_fields if f.comodel_name == "ib.meldcode.case"]
        )

    def test_absence_button_for_coordinators_only(self):
        coordinator = self.as_user(self.coordinator_a, "ib.pupil")
        arch = coordinator.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("action_view_absence_reports", arch)
        pupil = coordinator.browse(self.pupil_5a.id)
        self.assertEqual(pupil.absence_report_count, 1)
        action = pupil.action_view_absence_reports()
        self.assertEqual(action["res_model"], "ib.absence.report")
        found = self.env["ib.absence.report"].search(action["domain"])
        self.assertEqual(found, self.absence_a)
        for user in (self.teacher_5, self.director):
            with self.subTest(user=user.login):
                view = self.as_user(user, "ib.pupil").get_views([(False, "form")])
                node = etree.fromstring(view["views"]["form"]["arch"])
                self.assertFalse(
                    node.xpath("//button[@name='action_view_absence_reports']")
                )
