import base64

from odoo.fields import Command
from odoo.tests import new_test_user

from .common import IbCoreCommon

# A 1x1 transparent PNG, so that /web/image can serve the attachment.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAA"
    "AABJRU5ErkJggg=="
)


class IbNoteCommon(IbCoreCommon):
    """Notes of school A (groups 5 and 6) and school B, normal and confidential,
    each with a file; a parent of pupil 5a with portal access."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Note = cls.env["ib.pupil.note"]
        cls.note_5 = cls._note(cls.pupil_5a, cls.teacher_5, "Observation 5a")
        cls.note_5_coordinator = cls._note(
            cls.pupil_5b, cls.coordinator_a, "Class visit 5b"
        )
        cls.note_5_secret = cls._note(
            cls.pupil_5a, cls.coordinator_a, "Home situation 5a", confidential=True
        )
        cls.note_6 = cls._note(cls.pupil_6a, cls.teacher_6, "Observation 6a")
        cls.note_b = cls._note(cls.pupil_b, cls.teacher_b, "Observation B")
        cls.note_b_secret = cls._note(
            cls.pupil_b, cls.coordinator_b, "Youth care B", confidential=True
        )
        cls.notes_a = (
            cls.note_5 | cls.note_5_coordinator | cls.note_5_secret | cls.note_6
        )
        cls.notes_b = cls.note_b | cls.note_b_secret

        cls.file_5 = cls.note_5.attachment_ids
        cls.file_5_secret = cls.note_5_secret.attachment_ids

        cls.parent_user = new_test_user(
            cls.env,
            login="t_parent5a",
            groups="base.group_portal",
            name="Parent of Anna",
            email="parent5a@example.com",
        )
        cls.parent = cls.parent_user.partner_id
        cls.env["ib.pupil.guardian"].create(
            {
                "pupil_id": cls.pupil_5a.id,
                "partner_id": cls.parent.id,
                "relation": "mother",
                "portal_access": True,
            }
        )
        # A parent without a portal account: a bare contact.
        cls.parent_contact = cls.env["res.partner"].create(
            {
                "name": "Father of Anna",
                "email": "father5a@example.com",
            }
        )

    @classmethod
    def _note(cls, pupil, author, subject, confidential=False):
        attachment = cls.env["ir.attachment"].create(
            {
                "name": f"{subject}.png",
                "raw": PNG,
                "mimetype": "image/png",
            }
        )
        # sudo: fixtures, written as if by their author.
        return (
            cls.env["ib.pupil.note"]
            .sudo()
            .create(
                {
                    "pupil_id": pupil.id,
                    "author_id": author.id,
                    "name": subject,
                    "body": f"<p>Body of {subject}</p>",
                    "confidentiality": "confidential" if confidential else "normal",
                    "attachment_ids": [Command.set(attachment.ids)],
                }
            )
        )
