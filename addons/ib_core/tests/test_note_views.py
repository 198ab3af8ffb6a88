from odoo.tests import tagged

from .notes_common import IbNoteCommon

NOTE_VIEWS = ["list", "kanban", "form", "search", "activity"]


@tagged("post_install", "-at_install")
class TestNoteViews(IbNoteCommon):
    """The views load for each role, and the form works as the web client uses it."""

    def test_views_load_for_every_role(self):
        for user in (self.teacher_5, self.director, self.coordinator_a):
            with self.subTest(user=user.login):
                Note = self.as_user(user, "ib.pupil.note")
                views = Note.get_views([(False, v) for v in NOTE_VIEWS])
                self.assertEqual(set(views["views"]), set(NOTE_VIEWS))
                form = self.as_user(user, "ib.pupil").get_views([(False, "form")])
                self.assertIn('name="log"', form["views"]["form"]["arch"])
                concern = self.as_user(user, "ib.pupil.note.concern").get_views(
                    [(False, "form")]
                )
                self.assertIn("action_submit", concern["views"]["form"]["arch"])
        # The confidentiality column is not offered to a teacher.
        teacher_list = self.as_user(self.teacher_5, "ib.pupil.note").get_views(
            [(False, "list")]
        )["views"]["list"]["arch"]
        self.assertNotIn('name="confidentiality" widget="badge"', teacher_list)

    def test_teacher_writes_a_note_through_the_form(self):
        Note = self.as_user(self.teacher_5, "ib.pupil.note").with_context(
            default_pupil_id=self.pupil_5a.id
        )
        spec = {
            "name": {},
            "pupil_id": {"fields": {"display_name": {}}},
            "kind": {},
            "author_id": {"fields": {"display_name": {}}},
            "is_editable": {},
            "confidentiality": {},
            "body": {},
        }
        defaults = Note.onchange({}, [], spec)["value"]
        self.assertTrue(defaults["is_editable"])
        self.assertEqual(defaults["pupil_id"]["id"], self.pupil_5a.id)
        self.assertEqual(defaults["author_id"]["id"], self.teacher_5.id)
        saved = Note.web_save(
            {
                "pupil_id": self.pupil_5a.id,
                "name": "Counts on fingers",
                "kind": "observation",
                "body": "<p>Still counts on fingers.</p>",
            },
            spec,
        )[0]
        self.assertEqual(saved["confidentiality"], "normal")
        self.assertTrue(saved["is_editable"])
        # The colleague's note opens read-only.
        other = Note.browse(self.note_5_coordinator.id).web_read({"is_editable": {}})
        self.assertFalse(other[0]["is_editable"])
