from psycopg2.errors import CheckViolation

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from .notes_common import PNG, IbNoteCommon


@tagged("post_install", "-at_install")
class TestNoteVisibility(IbNoteCommon):
    """Who finds which note, through every read route of the ORM."""

    def expected(self):
        return {
            self.teacher_5: self.note_5 | self.note_5_coordinator,
            self.teacher_6: self.note_6,
            self.teacher_b: self.note_b,
            self.coordinator_a: self.notes_a,
            self.coordinator_b: self.notes_b,
            self.director: self.notes_a | self.notes_b,
        }

    def test_search_and_count(self):
        for user, notes in self.expected().items():
            with self.subTest(user=user.login):
                Note = self.as_user(user, "ib.pupil.note")
                self.assertEqual(Note.search([]), notes)
                self.assertEqual(Note.search_count([]), len(notes))

    def test_search_on_content_finds_no_confidential_note(self):
        # Searching the text of a confidential note must not reveal it exists.
        for user in (self.teacher_5, self.teacher_6):
            Note = self.as_user(user, "ib.pupil.note")
            self.assertFalse(Note.search([("body", "ilike", "Home situation")]))
            self.assertFalse(Note.search([("name", "ilike", "Home situation")]))
            self.assertFalse(Note.name_search("Home situation"))
            self.assertFalse(Note.search([("confidentiality", "=", "confidential")]))
        Note = self.as_user(self.coordinator_a, "ib.pupil.note")
        self.assertEqual(
            Note.search([("body", "ilike", "Home situation")]), self.note_5_secret
        )
        self.assertEqual(
            [nid for nid, _name in Note.name_search("Home situation")],
            self.note_5_secret.ids,
        )

    def test_read(self):
        self.assertEqual(
            self.note_5.with_user(self.teacher_5).read(["body"])[0]["body"],
            "<p>Body of Observation 5a</p>",
        )
        refused = [
            (self.teacher_5, self.note_5_secret),
            (self.teacher_6, self.note_5_secret),
            (self.teacher_6, self.note_5),
            (self.teacher_b, self.note_5),
            (self.coordinator_b, self.note_5_secret),
            (self.coordinator_a, self.note_b_secret),
            (self.employee, self.note_5),
        ]
        for user, note in refused:
            with self.subTest(user=user.login, note=note.name):
                with self.assertRaises(AccessError):
                    note.with_user(user).read(["body"])
        for user in (self.coordinator_a, self.director):
            self.assertTrue(self.note_5_secret.with_user(user).read(["body"]))

    def test_read_group(self):
        domain = [("pupil_id", "=", self.pupil_5a.id)]
        teacher = self.as_user(self.teacher_5, "ib.pupil.note")
        self.assertEqual(
            teacher._read_group(domain, ["confidentiality"], ["__count"]),
            [("normal", 1)],
        )
        groups = teacher.formatted_read_group([], ["confidentiality"], ["__count"])
        self.assertEqual(
            [(g["confidentiality"], g["__count"]) for g in groups], [("normal", 2)]
        )
        coordinator = self.as_user(self.coordinator_a, "ib.pupil.note")
        self.assertEqual(
            dict(coordinator._read_group(domain, ["confidentiality"], ["__count"])),
            {"normal": 1, "confidential": 1},
        )

    def test_export(self):
        teacher = self.as_user(self.teacher_5, "ib.pupil.note")
        # Exporting is a right of its own, not given to teachers by default.
        with self.assertRaisesRegex(UserError, "rights to export"):
            teacher.search([]).export_data(["name"])
        export_group = self.env.ref("base.group_allow_export")
        export_group.user_ids += self.teacher_5 | self.coordinator_a
        rows = teacher.search([]).export_data(["name", "body"])["datas"]
        self.assertEqual(
            sorted(row[0] for row in rows), ["Class visit 5b", "Observation 5a"]
        )
        with self.assertRaises(AccessError):
            teacher.browse(self.note_5_secret.ids).export_data(["name", "body"])
        coordinator = self.as_user(self.coordinator_a, "ib.pupil.note")
        rows = coordinator.browse(self.note_5_secret.ids).export_data(["name"])
        self.assertEqual(rows["datas"], [["Home situation 5a"]])
        # Through the pupil and its notes: the notes' rules apply.
        pupil = self.as_user(self.teacher_5, "ib.pupil").browse(self.pupil_5a.id)
        rows = pupil.export_data(["name", "note_ids/name"])["datas"]
        exported = {row[1] for row in rows}
        self.assertIn("Observation 5a", exported)
        self.assertNotIn("Home situation 5a", exported)

    def test_pupil_note_count_and_log(self):
        """note_count and note_ids are computed as the reader: a teacher's count
        leaves out the confidential notes."""
        as_teacher = self.as_user(self.teacher_5, "ib.pupil").browse(self.pupil_5a.id)
        self.assertEqual(as_teacher.note_count, 1)
        self.assertEqual(as_teacher.note_ids, self.note_5)
        values = as_teacher.web_read(
            {
                "note_count": {},
                "note_ids": {"fields": {"name": {}}},
            }
        )[0]
        self.assertEqual(values["note_count"], 1)
        self.assertEqual([n["name"] for n in values["note_ids"]], ["Observation 5a"])
        as_coordinator = self.as_user(self.coordinator_a, "ib.pupil").browse(
            self.pupil_5a.id
        )
        self.assertEqual(as_coordinator.note_count, 2)
        self.assertEqual(as_coordinator.note_ids, self.note_5 | self.note_5_secret)

    def test_group_id_is_the_pupils_group(self):
        self.assertEqual(self.note_5.group_id, self.group_5)
        teacher = self.as_user(self.teacher_5, "ib.pupil.note")
        self.assertEqual(
            teacher.search([("group_id", "=", self.group_5.id)]),
            self.note_5 | self.note_5_coordinator,
        )

    def test_is_editable(self):
        notes = self.note_5 | self.note_5_coordinator
        teacher = notes.with_user(self.teacher_5)
        self.assertEqual(
            {n.name: n.is_editable for n in teacher},
            {"Observation 5a": True, "Class visit 5b": False},
        )
        coordinator = notes.with_user(self.coordinator_a)
        self.assertTrue(all(coordinator.mapped("is_editable")))


@tagged("post_install", "-at_install")
class TestNoteWriting(IbNoteCommon):
    """Teachers write about their own pupils and edit their own notes; only the
    care coordinator shares with parents; nobody deletes."""

    def test_teacher_writes_about_own_pupils_only(self):
        Note = self.as_user(self.teacher_5, "ib.pupil.note")
        note = Note.create(
            {
                "pupil_id": self.pupil_5b.id,
                "name": "Reads well",
                "author_id": self.teacher_6.id,  # ignored: teachers write as themselves
            }
        )
        self.assertEqual(note.author_id, self.teacher_5)
        self.assertEqual(note.confidentiality, "normal")
        with self.assertRaisesRegex(UserError, "pupils of the groups you teach"):
            Note.create({"pupil_id": self.pupil_6a.id, "name": "Not my pupil"})
        with self.assertRaisesRegex(UserError, "pupils of the groups you teach"):
            Note.create({"pupil_id": self.pupil_b.id, "name": "Other school"})
        self.assertFalse(
            self.Note.search([("name", "in", ("Not my pupil", "Other school"))])
        )

    def test_teacher_edits_own_notes_only(self):
        self.note_5.with_user(self.teacher_5).write({"body": "<p>Better</p>"})
        self.assertEqual(self.note_5.body, "<p>Better</p>")
        with self.assertRaisesRegex(AccessError, "only edit the notes you wrote"):
            self.note_5_coordinator.with_user(self.teacher_5).write({"name": "X"})
        with self.assertRaises(AccessError):
            self.note_5.with_user(self.teacher_6).write({"name": "X"})
        with self.assertRaises(AccessError):
            self.note_5_secret.with_user(self.teacher_5).write({"name": "X"})
        self.assertEqual(self.note_5_coordinator.name, "Class visit 5b")
        self.note_5_coordinator.with_user(self.coordinator_a).write({"name": "Y"})
        self.assertEqual(self.note_5_coordinator.name, "Y")

    def test_teacher_cannot_move_a_note_to_another_pupil(self):
        with self.assertRaisesRegex(UserError, "pupils of the groups you teach"):
            self.note_5.with_user(self.teacher_5).write({"pupil_id": self.pupil_6a.id})
        self.note_5.with_user(self.teacher_5).write({"pupil_id": self.pupil_5b.id})
        self.assertEqual(self.note_5.pupil_id, self.pupil_5b)

    def test_teacher_cannot_change_confidentiality_or_sharing(self):
        note = self.note_5.with_user(self.teacher_5)
        with self.assertRaisesRegex(UserError, "whether a note is confidential"):
            note.write({"confidentiality": "confidential"})
        with self.assertRaisesRegex(UserError, "share a note with parents"):
            note.write({"shared_with_parents": True})
        with self.assertRaisesRegex(UserError, "share a note with parents"):
            self.as_user(self.teacher_5, "ib.pupil.note").create(
                {
                    "pupil_id": self.pupil_5a.id,
                    "name": "Shared",
                    "shared_with_parents": True,
                }
            )
        with self.assertRaisesRegex(UserError, "through the portal"):
            note.write({"from_parents": True})
        with self.assertRaisesRegex(UserError, "author"):
            note.write({"author_id": self.teacher_6.id})
        # Writing a value that does not change anything is fine (form saves).
        note.write({"confidentiality": "normal", "shared_with_parents": False})
        self.assertEqual(self.note_5.confidentiality, "normal")
        self.assertFalse(self.note_5.shared_with_parents)

    def test_coordinator_shares_and_makes_confidential(self):
        note = self.note_5.with_user(self.coordinator_a)
        note.write({"shared_with_parents": True})
        self.assertTrue(self.note_5.shared_with_parents)
        # Making it confidential withdraws it from the parents.
        note.write({"confidentiality": "confidential"})
        self.assertFalse(self.note_5.shared_with_parents)
        self.assertFalse(
            self.as_user(self.teacher_5, "ib.pupil.note").search(
                [("id", "=", self.note_5.id)]
            )
        )

    def test_director_writes_own_notes_and_may_mark_them_confidential(self):
        Note = self.as_user(self.director, "ib.pupil.note")
        note = Note.create({"pupil_id": self.pupil_6b.id, "name": "Talk with father"})
        note.write({"confidentiality": "confidential"})
        self.assertEqual(note.confidentiality, "confidential")
        with self.assertRaisesRegex(UserError, "share a note with parents"):
            note.write({"confidentiality": "normal", "shared_with_parents": True})
        with self.assertRaises(AccessError):
            self.note_5.with_user(self.director).write({"name": "X"})

    def test_nobody_deletes_archive_instead(self):
        # No role has the right to delete a note (the retention job works as
        # superuser), so the web client offers no Delete at all.
        for user in (self.coordinator_a, self.teacher_5, self.manager):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.note_5.with_user(user).unlink()
        self.note_5.with_user(self.teacher_5).action_archive()
        self.assertFalse(self.note_5.active)
        coordinator = self.as_user(self.coordinator_a, "ib.pupil.note")
        self.assertNotIn(self.note_5, coordinator.search([]))
        self.assertIn(self.note_5, coordinator.search([("active", "=", False)]))
        with self.assertRaises(AccessError):
            self.note_5_coordinator.with_user(self.teacher_5).action_archive()

    def test_confidential_note_is_never_shared(self):
        note = self.as_user(self.coordinator_a, "ib.pupil.note").create(
            {
                "pupil_id": self.pupil_5a.id,
                "name": "Both",
                "confidentiality": "confidential",
                "shared_with_parents": True,
            }
        )
        self.assertFalse(note.shared_with_parents)
        with self.assertRaises(CheckViolation), mute_logger("odoo.sql_db"):
            self.env.cr.execute(
                "UPDATE ib_pupil_note SET shared_with_parents = TRUE WHERE id = %s",
                note.ids,
            )


@tagged("post_install", "-at_install")
class TestConfidentialConcern(IbNoteCommon):
    """The meldcode case: a teacher puts a worry on record for the coordinator
    alone. The note is created, the coordinator gets an activity, the teacher
    cannot read it back."""

    def test_wizard_hands_the_concern_to_the_coordinator(self):
        upload = (
            self.env["ir.attachment"]
            .with_user(self.teacher_5)
            .create(
                {
                    "name": "drawing.png",
                    "raw": PNG,
                    "res_model": "ib.pupil.note.concern",
                    "res_id": 0,
                }
            )
        )
        wizard = self.as_user(self.teacher_5, "ib.pupil.note.concern").create(
            {
                "pupil_id": self.pupil_5b.id,
                "name": "Bruises on both arms",
                "body": "<p>Saw bruises when changing for gym.</p>",
                "attachment_ids": [Command.set(upload.ids)],
            }
        )
        action = wizard.action_submit()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(
            action["params"]["next"]["type"], "ir.actions.act_window_close"
        )

        note = self.Note.search([("name", "=", "Bruises on both arms")])
        self.assertEqual(note.confidentiality, "confidential")
        self.assertEqual(note.author_id, self.teacher_5)
        self.assertEqual(note.attachment_ids, upload)
        self.assertEqual((upload.res_model, upload.res_id), (note._name, note.id))
        # The coordinator of the school has a task; the teacher reads nothing back.
        self.assertEqual(note.activity_ids.user_id, self.coordinator_a)
        self.assertIn(self.coordinator_a.partner_id, note.message_partner_ids)
        self.assertNotIn(self.teacher_5.partner_id, note.message_partner_ids)
        teacher = self.as_user(self.teacher_5, "ib.pupil.note")
        self.assertFalse(teacher.search([("id", "=", note.id)]))
        with self.assertRaises(AccessError):
            upload.with_user(self.teacher_5).read(["datas"])
        self.assertFalse(
            self.env["mail.message"]
            .with_user(self.teacher_5)
            .search([("model", "=", note._name), ("res_id", "=", note.id)])
        )
        # The coordinator and the director read it.
        for user in (self.coordinator_a, self.director):
            self.assertEqual(
                self.as_user(user, "ib.pupil.note").search([("id", "=", note.id)]),
                note,
            )

    def test_plain_create_of_a_confidential_note_by_a_teacher(self):
        note = self.as_user(self.teacher_5, "ib.pupil.note").create(
            {
                "pupil_id": self.pupil_5a.id,
                "name": "Worried",
                "confidentiality": "confidential",
            }
        )
        self.assertFalse(note.has_access("read"))
        self.assertEqual(note.sudo().activity_ids.user_id, self.coordinator_a)

    def test_concern_only_about_own_pupils(self):
        wizard = self.as_user(self.teacher_5, "ib.pupil.note.concern").create(
            {
                "pupil_id": self.pupil_6a.id,
                "name": "Not my pupil",
            }
        )
        with self.assertRaisesRegex(UserError, "pupils of the groups you teach"):
            wizard.action_submit()

    def test_cannot_bind_someone_elses_file_to_a_concern(self):
        # A teacher cannot smuggle a file they may not read into a note.
        with self.assertRaises(AccessError):
            self.as_user(self.teacher_5, "ib.pupil.note").create(
                {
                    "pupil_id": self.pupil_5a.id,
                    "name": "Steal",
                    "attachment_ids": [Command.set(self.file_5_secret.ids)],
                }
            )
        self.assertEqual(
            (self.file_5_secret.res_model, self.file_5_secret.res_id),
            ("ib.pupil.note", self.note_5_secret.id),
        )

    def test_pupil_form_actions(self):
        pupil = self.as_user(self.teacher_5, "ib.pupil").browse(self.pupil_5a.id)
        action = pupil.action_raise_concern()
        self.assertEqual(action["res_model"], "ib.pupil.note.concern")
        self.assertEqual(action["context"]["default_pupil_id"], self.pupil_5a.id)
        action = pupil.action_new_note()
        self.assertEqual(action["context"]["default_pupil_id"], self.pupil_5a.id)
        other = self.as_user(self.teacher_5, "ib.pupil").browse(self.pupil_6a.id)
        for method in ("action_raise_concern", "action_new_note", "action_view_notes"):
            with self.assertRaises(AccessError):
                getattr(other, method)()


@tagged("post_install", "-at_install")
class TestNoteAttachments(IbNoteCommon):
    """Files of a note follow the note's rules, through ir.attachment."""

    def test_files_are_bound_to_their_note(self):
        for note in self.notes_a | self.notes_b:
            self.assertEqual(
                set(note.attachment_ids.mapped("res_model")), {"ib.pupil.note"}
            )
            self.assertEqual(set(note.attachment_ids.mapped("res_id")), {note.id})

    def test_upload_in_the_form_is_bound_on_save(self):
        upload = (
            self.env["ir.attachment"]
            .with_user(self.teacher_5)
            .create(
                {
                    "name": "worksheet.png",
                    "raw": PNG,
                    "res_model": "ib.pupil.note",
                    "res_id": 0,
                }
            )
        )
        note = self.as_user(self.teacher_5, "ib.pupil.note").create(
            {
                "pupil_id": self.pupil_5a.id,
                "name": "Worksheet",
                "attachment_ids": [Command.set(upload.ids)],
            }
        )
        self.assertEqual((upload.res_model, upload.res_id), (note._name, note.id))
        self.assertTrue(upload.with_user(self.teacher_5).read(["name"]))
        self.assertFalse(upload.with_user(self.teacher_6).has_access("read"))

    def test_teacher_cannot_read_or_find_a_confidential_file(self):
        Attachment = self.as_user(self.teacher_5, "ib.pupil.note").env["ir.attachment"]
        found = Attachment.search_read([("res_model", "=", "ib.pupil.note")], ["name"])
        self.assertEqual(
            {f["id"] for f in found},
            set((self.file_5 | self.note_5_coordinator.attachment_ids).ids),
        )
        self.assertFalse(Attachment.search([("id", "=", self.file_5_secret.id)]))
        self.assertFalse(Attachment.search([("name", "ilike", "Home situation")]))
        with self.assertRaises(AccessError):
            self.file_5_secret.with_user(self.teacher_5).read(["datas"])
        with self.assertRaises(AccessError):
            self.file_5.with_user(self.teacher_6).read(["datas"])
        # Through the note's own field, as read by the web client.
        values = self.note_5.with_user(self.teacher_5).web_read(
            {"attachment_ids": {"fields": {"name": {}}}}
        )[0]
        self.assertEqual([a["id"] for a in values["attachment_ids"]], self.file_5.ids)

    def test_coordinator_and_director_read_the_confidential_file(self):
        for user in (self.coordinator_a, self.director):
            Attachment = self.as_user(user, "ib.pupil.note").env["ir.attachment"]
            self.assertEqual(
                Attachment.search([("id", "=", self.file_5_secret.id)]),
                self.file_5_secret,
            )
            self.assertEqual(
                self.file_5_secret.with_user(user).raw,
                PNG,
            )
        self.assertFalse(
            self.file_5_secret.with_user(self.coordinator_b).has_access("read")
        )

    def test_file_becomes_unreadable_when_the_note_becomes_confidential(self):
        self.assertTrue(self.file_5.with_user(self.teacher_5).has_access("read"))
        self.note_5.with_user(self.coordinator_a).confidentiality = "confidential"
        self.assertFalse(self.file_5.with_user(self.teacher_5).has_access("read"))

    def test_abandoned_uploads_are_removed(self):
        Attachment = self.env["ir.attachment"].with_user(self.teacher_5)
        old = Attachment.create(
            {
                "name": "old.png",
                "raw": PNG,
                "res_model": "ib.pupil.note.concern",
                "res_id": 0,
            }
        )
        fresh = Attachment.create(
            {
                "name": "fresh.png",
                "raw": PNG,
                "res_model": "ib.pupil.note",
                "res_id": 0,
            }
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE ir_attachment SET create_date = now() - interval '2 days' "
            "WHERE id = %s",
            old.ids,
        )
        self.env["ib.pupil.note"]._gc_unbound_uploads()
        self.assertFalse(old.exists())
        self.assertTrue(fresh.exists())
        self.assertTrue(self.file_5.exists())
