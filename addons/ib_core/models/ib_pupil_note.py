from odoo import api, fields, models

NOTE_KINDS = [
    ("observation", "Observation"),
    ("parent_conversation", "Conversation with parents"),
    ("pupil_conversation", "Conversation with the pupil"),
    ("signal", "Signal"),
    ("parent_document", "Document from parents"),
    ("other", "Other"),
]


class IbPupilNote(models.Model):
    _name = "ib.pupil.note"
    _description = "Pupil Note"
    _inherit = [
        "ib.care.mixin",
        "ib.portal.chatter.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date desc, id desc"

    name = fields.Char(string="Subject", required=True)
    date = fields.Date(required=True, index=True, default=fields.Date.context_today)
    author_id = fields.Many2one(
        "res.users",
        string="Author",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        readonly=True,
    )
    kind = fields.Selection(
        NOTE_KINDS, required=True, default="observation", index=True
    )
    body = fields.Html(string="Note", sanitize_style=True)
    confidentiality = fields.Selection(
        [("normal", "Normal"), ("confidential", "Confidential")],
        required=True,
        default="normal",
        index=True,
        tracking=True,
        help="Normal: the pupil's current teachers, the care coordinator and the "
        "director. Confidential: the care coordinator and the director only.",
    )
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "ib_pupil_note_attachment_rel",
        "note_id",
        "attachment_id",
        string="Attachments",
    )
    from_parents = fields.Boolean(
        string="From Parents",
        readonly=True,
        help="Uploaded by a parent or guardian through the portal.",
    )
    shared_with_parents = fields.Boolean(
        string="Shared with Parents",
        tracking=True,
        help="Parents with portal access see this note under their child.",
    )
    group_id = fields.Many2one(
        related="pupil_id.group_id", store=True, index=True, string="Group"
    )
    active = fields.Boolean(default=True)

    _shared_not_confidential = models.Constraint(
        "CHECK(NOT (shared_with_parents AND confidentiality = 'confidential'))",
        "A confidential note cannot be shared with parents.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        notes = super().create(vals_list)
        notes._attach_own_attachments()
        return notes

    def write(self, vals):
        result = super().write(vals)
        if "attachment_ids" in vals:
            self._attach_own_attachments()
        return result

    def _attach_own_attachments(self):
        """Bind uploaded files to their note so they share the note's access rules."""
        for note in self:
            loose = note.attachment_ids.filtered(
                lambda a, note=note: a.res_model != note._name or a.res_id != note.id
            )
            if loose:
                loose.write({"res_model": note._name, "res_id": note.id})
