from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

NOTE_KINDS = [
    ("observation", "Observation"),
    ("parent_conversation", "Conversation with parents"),
    ("pupil_conversation", "Conversation with the pupil"),
    ("signal", "Signal"),
    ("parent_document", "Document from parents"),
    ("other", "Other"),
]
CONFIDENTIALITY = [("normal", "Normal"), ("confidential", "Confidential")]
# Attachments uploaded before their record exists (many2many_binary of a new note or
# of the concern wizard, chatter composer) carry one of these models and res_id 0.
UPLOAD_MODELS = ("ib.pupil.note", "ib.pupil.note.concern", "mail.compose.message")


class IbPupilNote(models.Model):
    """The log (logboek) of a pupil file.

    Who may do what (record rules in security/ib_core_security.xml, checks below):

    * teacher: reads the *normal* notes of the pupils of the groups they teach this
      year, writes notes about those pupils and edits their own normal notes; may
      hand a *confidential* concern to the care coordinator (the note is created,
      the coordinators get an activity, the teacher cannot read it back);
    * director: reads every note of their schools, writes notes and edits their own;
    * care coordinator: everything of their schools, the only one to share a note
      with parents.

    Nobody deletes a note in daily use (``ib.care.mixin``): archive it. The chatter
    follows the same rules (``ib.care.thread.mixin``).
    """

    _name = "ib.pupil.note"
    _description = "Pupil Note"
    _inherit = [
        "ib.care.mixin",
        "ib.care.thread.mixin",
        "mail.activity.mixin",
        "ib.portal.fields.mixin",
    ]
    _order = "date desc, id desc"
    # Privacy policy (see ib.care.mixin): care data, deleted with its chatter once
    # the care data period after leaving has passed; in the pupil file export.
    _ib_retention_class = "care"
    _ib_retention = "delete"
    _ib_file_export = True
    # Parents read the notes shared with them: subject, date and text.
    _ib_portal_fields = frozenset(
        {"pupil_id", "name", "date", "body", "shared_with_parents", "confidentiality"}
    )

    name = fields.Char(string="Subject", required=True)
    date = fields.Date(required=True, index=True, default=fields.Date.context_today)
    author_id = fields.Many2one(
        "res.users",
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
        CONFIDENTIALITY,
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
    attachment_count = fields.Integer(
        string="Files", compute="_compute_attachment_count"
    )
    from_parents = fields.Boolean(
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
    is_editable = fields.Boolean(
        compute="_compute_is_editable",
        string="Can Edit",
        help="Whether you may edit this note: your own note, or any note if you are "
        "the care coordinator.",
    )
    active = fields.Boolean(default=True)

    _shared_not_confidential = models.Constraint(
        "CHECK(NOT (shared_with_parents AND confidentiality = 'confidential'))",
        "A confidential note cannot be shared with parents.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("attachment_ids")
    def _compute_attachment_count(self):
        for note in self:
            note.attachment_count = len(note.attachment_ids)

    @api.depends_context("uid")
    def _compute_is_editable(self):
        saved = self.browse([note._origin.id for note in self if note._origin.id])
        editable = saved._filtered_access("write")
        for note in self:
            note.is_editable = not note._origin.id or note._origin in editable

    @api.model
    def _ib_access_fields(self):
        return super()._ib_access_fields() | {"confidentiality"}

    @api.onchange("confidentiality")
    def _onchange_confidentiality(self):
        if self.confidentiality == "confidential":
            self.shared_with_parents = False

    # ------------------------------------------------------------------
    # Roles
    # ------------------------------------------------------------------

    def _ib_user_is(self, role):
        return self.env["res.users"]._ib_current_user_has_role(role)

    def _ib_check_pupils(self, pupil_ids):
        """A teacher writes about the pupils of the groups they teach only."""
        if self._ib_user_is("director"):
            return
        pupils = self.env["ib.pupil"].browse(pupil_ids).with_context(active_test=False)
        if len(pupils._filtered_access("read")) != len(pupils):
            raise UserError(
                self.env._(
                    "You can only write notes about pupils of the groups you teach "
                    "this school year."
                )
            )

    def _ib_check_values(self, vals, notes=None):
        """Refuse what the user's role may not set, with a clear message.

        ``notes``: the notes being written (None on create)."""

        def changes(fname):
            if fname not in vals:
                return False
            if notes is None:
                return bool(vals[fname]) and vals[fname] != "normal"
            field = self._fields[fname]
            return any(
                field.convert_to_write(note[fname], note) != vals[fname]
                for note in notes
            )

        if not self._ib_user_is("coordinator"):
            if changes("shared_with_parents"):
                raise UserError(
                    self.env._(
                        "Only the care coordinator can share a note with parents."
                    )
                )
            if changes("from_parents"):
                raise UserError(
                    self.env._(
                        "A note is marked as coming from parents only when parents "
                        "upload it through the portal."
                    )
                )
            if notes is not None and changes("author_id"):
                raise UserError(
                    self.env._(
                        "Only the care coordinator can change the author of a note."
                    )
                )
        if (
            notes is not None
            and not self._ib_user_is("director")
            and changes("confidentiality")
        ):
            raise UserError(
                self.env._(
                    "Only the care coordinator and the director can change whether a "
                    "note is confidential. To report something in confidence, use "
                    "'Confidential Concern' on the pupil: only the care coordinator "
                    "and the director will read it."
                )
            )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self._ib_check_pupils(
                {vals["pupil_id"] for vals in vals_list if vals.get("pupil_id")}
            )
            is_coordinator = self._ib_user_is("coordinator")
            for vals in vals_list:
                self._ib_check_values(vals)
                if not is_coordinator:
                    # Teachers and directors write in their own name.
                    vals["author_id"] = self.env.uid
        for vals in vals_list:
            if vals.get("confidentiality") == "confidential":
                vals["shared_with_parents"] = False
        notes = super().create(vals_list)
        self.env["ib.pupil"].invalidate_model(["note_ids", "note_count"])
        notes._ib_bind_attachments()
        if not self.env.su:
            concerns = notes - notes._filtered_access("read")
            concerns._ib_hand_over_to_coordinators()
        return notes

    def write(self, vals):
        if not self.env.su:
            forbidden = self - self._filtered_access("write")
            if forbidden:
                raise AccessError(
                    self.env._(
                        "You can only edit the notes you wrote yourself; the care "
                        "coordinator can edit all notes."
                    )
                )
            if vals.get("pupil_id"):
                self._ib_check_pupils({vals["pupil_id"]})
            self._ib_check_values(vals, notes=self)
        if vals.get("confidentiality") == "confidential":
            vals = dict(vals, shared_with_parents=False)
        result = super().write(vals)
        if vals.keys() & {"pupil_id", "confidentiality", "active"}:
            self.env["ib.pupil"].invalidate_model(["note_ids", "note_count"])
        if "attachment_ids" in vals:
            self._ib_bind_attachments()
        return result

    def _ib_bind_attachments(self):
        """Bind the files of the note to the note (res_model/res_id), so that
        ir.attachment grants access to them exactly as the note's rules do."""
        user = self.env.user
        # sudo: list the files linked to the notes just written, including notes the
        # user may not read back (a concern handed to the coordinator).
        for note in self.sudo():
            loose = note.attachment_ids.filtered(
                lambda a, note=note: a.res_model != note._name or a.res_id != note.id
            )
            if not loose:
                continue
            # The user's own fresh uploads, not yet bound to any record: bind them
            # even to a note the user cannot write (sudo). Any other file is
            # moved with the user's own rights, so ir.attachment checks that the
            # user may write both its current record and this note.
            fresh = loose.filtered(
                lambda a: (
                    not a.res_id
                    and a.create_uid == user
                    and (not a.res_model or a.res_model in UPLOAD_MODELS)
                )
            )
            values = {"res_model": note._name, "res_id": note.id}
            if fresh:
                fresh.write(values)
            if loose - fresh:
                (loose - fresh).sudo(self.env.su).write(values)

    @api.autovacuum
    def _gc_unbound_uploads(self):
        """Delete files uploaded for a note or a concern that was never saved: they
        belong to no pupil, so the retention job would never remove them."""
        limit = fields.Datetime.subtract(fields.Datetime.now(), days=1)
        # sudo: cleaning up other users' abandoned uploads.
        self.env["ir.attachment"].sudo().search(
            [
                ("res_model", "in", ("ib.pupil.note", "ib.pupil.note.concern")),
                ("res_id", "in", (0, False)),
                ("create_date", "<", limit),
            ]
        ).unlink()

    # ------------------------------------------------------------------
    # Confidential concerns (meldcode)
    # ------------------------------------------------------------------

    def _ib_coordinators(self):
        """The care coordinators of the note's school (the managers of the suite
        when the school has none)."""
        self.ensure_one()
        # sudo: group membership and companies of colleagues, to find whom to hand
        # the concern to; no care data is read.
        coordinator_group = self.env.ref("ib_core.group_ib_coordinator").sudo()
        company = self.sudo().company_id
        for users in (coordinator_group.user_ids, coordinator_group.all_user_ids):
            found = users.filtered(
                lambda u: u.active and not u.share and company in u.company_ids
            )
            if found:
                return found
        return self.env["res.users"]

    def _ib_hand_over_to_coordinators(self):
        """A teacher recorded a concern they may not read back: give each care
        coordinator of the school an activity to follow it up.

        sudo: the teacher may create the note but, by design, not read it; the
        activities and the log line are written on the teacher's behalf."""
        author = self.env.user
        for note in self.sudo():
            note._message_log(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "Confidential concern recorded by %(author)s and handed to the "
                    "care coordinator.",
                    author=author.name,
                )
            )
            for coordinator in note._ib_coordinators():
                note.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._("Follow up the confidential concern"),
                    user_id=coordinator.id,
                )
