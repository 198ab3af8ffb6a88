from odoo import fields, models
from odoo.fields import Command

from ..models.ib_pupil_note import NOTE_KINDS


class IbPupilNoteConcern(models.TransientModel):
    """A teacher records something in confidence for the care coordinator.

    Under the reporting code for domestic violence and child abuse (meldcode) a
    teacher must be able to put a worry on record that the rest of the team does not
    see. The wizard creates a confidential note: the care coordinators of the school
    get an activity to follow it up, and the teacher cannot read it back."""

    _name = "ib.pupil.note.concern"
    _description = "Confidential Concern"

    pupil_id = fields.Many2one("ib.pupil", required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    kind = fields.Selection(NOTE_KINDS, required=True, default="signal")
    name = fields.Char(string="Subject", required=True)
    body = fields.Html(string="Note", sanitize_style=True)
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "ib_pupil_note_concern_attachment_rel",
        "concern_id",
        "attachment_id",
        string="Attachments",
    )

    def action_submit(self):
        self.ensure_one()
        note = self.env["ib.pupil.note"].create(
            {
                "pupil_id": self.pupil_id.id,
                "date": self.date,
                "kind": self.kind,
                "name": self.name,
                "body": self.body,
                "confidentiality": "confidential",
                "attachment_ids": [Command.set(self.attachment_ids.ids)],
            }
        )
        readable = note.has_access("read")
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": self.env._("Confidential concern recorded"),
                "message": self.env._(
                    "The care coordinator has been asked to follow it up."
                )
                if not readable
                else self.env._("The note is stored as confidential."),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
