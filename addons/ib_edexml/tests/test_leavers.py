from odoo.tests import tagged

from .common import FULL, IbEdexmlCommon


@tagged("post_install", "-at_install")
class TestEdexmlLeavers(IbEdexmlCommon):
    def test_leaving_date_from_file(self):
        self.run_import(self.file(FULL))
        data = self.file(
            FULL,
            **{
                "<instroomdatum>2022-09-05</instroomdatum>": (
                    "<instroomdatum>2022-09-05</instroomdatum>\n"
                    "      <uitstroomdatum>2024-07-12</uitstroomdatum>"
                )
            },
        )
        wizard = self.wizard(data)
        wizard.action_preview()
        line = wizard.line_ids.filtered(
            lambda line: line.key == "ll-2" and line.kind == "pupil"
        )
        self.assertEqual(line.action, "leaving")
        wizard.action_apply()
        elif_ = self.pupil("ll-2")
        self.assertEqual(str(elif_.leaving_date), "2024-07-12")
        self.assertFalse(elif_.is_enrolled)
        self.assertEqual(wizard.log_id.pupil_leaving_count, 1)

    def test_pupil_gone_from_file_is_only_proposed(self):
        self.run_import(self.file(FULL))
        tim = self.pupil("ll-3")
        start = tim.leaving_date
        without_tim = (
            FULL[: FULL.index('<leerling key="ll-3">')]
            + FULL[
                FULL.index("</leerling>", FULL.index('<leerling key="ll-3">'))
                + len("</leerling>") :
            ]
        )
        wizard = self.wizard(self.file(without_tim))
        wizard.action_preview()
        line = wizard.line_ids.filtered(lambda line: line.action == "missing")
        self.assertEqual(line.pupil_id, tim)
        self.assertFalse(line.confirm)
        wizard.action_apply()
        # Not confirmed: nothing happens to the pupil.
        self.assertEqual(tim.leaving_date, start)
        self.assertTrue(tim.active)
        self.assertEqual(wizard.log_id.pupil_leaving_count, 0)

        wizard = self.wizard(self.file(without_tim))
        wizard.action_preview()
        wizard.line_ids.filtered(lambda line: line.action == "missing").confirm = True
        wizard.action_apply()
        self.assertTrue(tim.leaving_date)
        self.assertFalse(tim.is_enrolled)
        self.assertIn("confirmation", str(tim.message_ids[:1].body))
        self.assertEqual(wizard.log_id.pupil_leaving_count, 1)
