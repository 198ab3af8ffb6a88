from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_date, format_datetime

from .calendar_event import MEETING_KINDS

ITEM_STATES = [
    ("planned", "On the Agenda"),
    ("discussed", "Discussed"),
    ("postponed", "Postponed"),
]
# The minutes: several people may edit them, so a stale form may not overwrite them.
MINUTES_FIELDS = frozenset({"question", "discussion", "conclusion"})


class IbMeetingItem(models.Model):
    """One pupil on the agenda of a care meeting, with its minutes.

    A care record (``ib.care.mixin``): it belongs to the pupil file, follows the
    pupil's school and is removed by the retention job with the rest of the file.
    Visibility follows the rule of the notes in ib_core: a normal item is seen by
    the pupil's current teachers, a confidential one only by the care coordinator
    and the director. Parents see an item of their own child once it is shared
    with them, and then only the question, the conclusion and the agreements.

    Agenda topics that are not about one pupil (the group overview, a new reading
    method) are ``ib.meeting.topic`` records: they are no care data about a pupil
    and have no place in a pupil file.

    Parents read an item over RPC as well as in the portal: they read only the
    fields of ``_ib_portal_fields`` (``ib.portal.fields.mixin``); the discussion,
    the meeting itself (its name may name other pupils), the group, the source
    of the item and everything else are refused to them.
    """

    _name = "ib.meeting.item"
    _description = "Meeting Agenda Item"
    _inherit = ["ib.care.mixin", "ib.portal.chatter.mixin", "ib.portal.fields.mixin"]
    # No event_id here: ordering is a read of the field, and parents may not read
    # which meeting (its name) an item was discussed in. Items of one meeting
    # share its date.
    _order = "meeting_date desc, sequence, id"
    # Privacy policy (see ib.care.mixin): care data, deleted with its chatter once
    # the care data period after leaving has passed; in the pupil file export.
    _ib_retention_class = "care"
    _ib_retention = "delete"
    _ib_file_export = True
    # What parents may read of an item shared with them (question, conclusion,
    # agreements of their own child), the fields their portal pages search and
    # order on, and those of _order.
    _ib_portal_fields = frozenset(
        {
            "pupil_id",
            "meeting_kind",
            "meeting_date",
            "sequence",
            "question",
            "conclusion",
            "agreement_ids",
            "shared_with_parents",
            "confidentiality",
            "active",
        }
    )
    _rec_names_search = ["pupil_id"]

    event_id = fields.Many2one(
        "calendar.event",
        string="Meeting",
        required=True,
        index=True,
        ondelete="restrict",
        domain=[("ib_kind", "!=", False)],
    )
    sequence = fields.Integer(default=10)
    meeting_date = fields.Datetime(
        related="event_id.start", store=True, index=True, string="Meeting Date"
    )
    meeting_kind = fields.Selection(
        MEETING_KINDS,
        compute="_compute_meeting_kind",
        store=True,
        index=True,
    )
    group_id = fields.Many2one(
        "ib.group",
        compute="_compute_group_id",
        store=True,
        precompute=True,
        index=True,
        help="The pupil's group when the item was put on the agenda.",
    )
    question = fields.Html(
        sanitize_style=True,
        help="The question for this meeting: what should be discussed about the pupil?",
    )
    discussion = fields.Html(
        sanitize_style=True,
        groups="base.group_user",
        help="What was discussed. Internal: never shown to parents.",
    )
    conclusion = fields.Html(sanitize_style=True)
    confidentiality = fields.Selection(
        [("normal", "Normal"), ("confidential", "Confidential")],
        required=True,
        default="normal",
        index=True,
        help="Normal: the pupil's current teachers, the care coordinator and the "
        "director. Confidential: the care coordinator and the director only.",
    )
    shared_with_parents = fields.Boolean(
        string="Shared with Parents",
        index=True,
        copy=False,
        help="Parents with portal access see the question, the conclusion and the "
        "agreements of this item under their child. The discussion stays internal.",
    )
    shared_date = fields.Date(string="Shared On", readonly=True, copy=False)
    state = fields.Selection(
        ITEM_STATES, required=True, default="planned", index=True, string="Status"
    )
    agreement_ids = fields.One2many(
        "ib.meeting.agreement", "item_id", string="Agreements"
    )
    agreement_count = fields.Integer(compute="_compute_agreement_count")
    source_model = fields.Char(readonly=True, copy=False)
    source_id = fields.Many2oneReference(
        model_field="source_model", readonly=True, copy=False
    )
    source_label = fields.Char(
        string="Proposed From",
        readonly=True,
        copy=False,
        help="The support request or test signal that put the pupil on the agenda.",
    )
    edit_version = fields.Integer(
        readonly=True,
        copy=False,
        default=0,
        help="Raised on each change of the minutes, to refuse saving a stale form.",
    )
    edit_version_seen = fields.Integer(
        store=False,
        help="Technical: the version of the minutes the form was opened with (+1).",
    )
    active = fields.Boolean(default=True)

    _confidential_not_shared = models.Constraint(
        "CHECK(NOT (shared_with_parents AND confidentiality = 'confidential'))",
        "A confidential agenda item cannot be shared with parents.",
    )
    _event_pupil_uniq = models.UniqueIndex(
        "(event_id, pupil_id) WHERE active",
        "This pupil is already on the agenda of this meeting.",
    )

    @api.depends("event_id.ib_kind")
    def _compute_meeting_kind(self):
        for item in self:
            item.meeting_kind = item.event_id.ib_kind

    @api.depends("pupil_id")
    def _compute_group_id(self):
        for item in self:
            item.group_id = item.pupil_id.group_id

    def _compute_agreement_count(self):
        counts = self._ib_count_linked("ib.meeting.agreement", "item_id")
        for item in self:
            item.agreement_count = counts.get(item.id, 0)

    @api.depends("pupil_id", "meeting_kind", "meeting_date")
    def _compute_display_name(self):
        kinds = dict(self._fields["meeting_kind"]._description_selection(self.env))
        for item in self:
            # sudo: the pupil's name is part of what the reader of the item sees.
            parts = [
                item.sudo().pupil_id.name,
                kinds.get(item.meeting_kind),
                format_date(self.env, item.meeting_date) if item.meeting_date else "",
            ]
            item.display_name = " - ".join(p for p in parts if p)

    @api.onchange("question", "discussion", "conclusion")
    def _onchange_minutes_version(self):
        # The form remembers which version of the minutes it was opened with; the
        # save then carries it (see write) and a stale form is refused.
        if self._origin:
            self.edit_version_seen = self.edit_version + 1

    @api.constrains("event_id", "pupil_id")
    def _check_event_school(self):
        for item in self:
            # sudo: the school of the meeting decides, whatever the user may read.
            event = item.event_id.sudo()
            if not event.ib_kind:
                raise ValidationError(
                    self.env._(
                        "%s is not a care meeting: it has no agenda.", event.name
                    )
                )
            if event.ib_company_id != item.company_id:
                raise ValidationError(
                    self.env._(
                        "%(pupil)s belongs to another school than meeting %(meeting)s.",
                        pupil=item.pupil_id.name,
                        meeting=event.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals.pop("edit_version_seen", None)
            if vals.get("shared_with_parents"):
                vals.setdefault("shared_date", fields.Date.context_today(self))
        items = super().create(vals_list)
        # A pupil added to a meeting an external party attends needs consent too.
        items.event_id._ib_check_external_consent()
        return items

    def write(self, vals):
        seen = vals.pop("edit_version_seen", None)
        minutes_changed = bool(set(vals) & MINUTES_FIELDS)
        if seen and minutes_changed:
            stale = self.filtered(lambda item: item.edit_version != seen - 1)
            if stale:
                item = stale[0]
                raise UserError(
                    self.env._(
                        "The minutes about %(pupil)s were changed by %(user)s at "
                        "%(time)s, after you opened them. Your changes were not "
                        "saved: copy your text, reload the page and add it again.",
                        pupil=item.pupil_id.name,
                        user=item.write_uid.name,
                        time=format_datetime(self.env, item.write_date),
                    )
                )
        if vals.get("shared_with_parents"):
            vals.setdefault("shared_date", fields.Date.context_today(self))
        result = super().write(vals)
        if {"pupil_id", "event_id", "active"} & set(vals):
            self.event_id._ib_check_external_consent()
        if {"pupil_id", "confidentiality"} & set(vals):
            # The agreements follow the item (stored related fields): a teacher
            # responsible for an open one who would lose it (a confidential item,
            # another pupil) is refused, so that the coordinator first hands it to
            # someone else; colleagues who lose access stop following them.
            agreements = self.with_context(active_test=False).agreement_ids
            agreements.filtered(
                lambda a: a.active and a.state == "open"
            )._ib_check_responsible_access()
            agreements._ib_revoke_lost_access()
        if minutes_changed and self:
            self.flush_recordset(["edit_version"])
            self.env.cr.execute(
                SQL(
                    "UPDATE ib_meeting_item SET edit_version = edit_version + 1 "
                    "WHERE id IN %s",
                    tuple(self.ids),
                )
            )
            self.invalidate_recordset(["edit_version"])
        return result

    def action_share_with_parents(self):
        self.check_access("write")
        confidential = self.filtered(lambda i: i.confidentiality == "confidential")
        if confidential:
            raise UserError(
                self.env._(
                    "The item about %s is confidential: it cannot be shared with "
                    "parents.",
                    confidential[0].pupil_id.name,
                )
            )
        self.write({"shared_with_parents": True})
        return True

    def action_unshare(self):
        self.check_access("write")
        self.write({"shared_with_parents": False, "shared_date": False})
        return True

    def action_open_meeting(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "res_id": self.event_id.id,
            "views": [(False, "form")],
        }

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Minutes %s", self.sudo().pupil_id.name)

    def _ib_parent_agreements(self):
        """The agreements printed for parents: all open or done ones of the item."""
        self.ensure_one()
        return self.agreement_ids.filtered(lambda a: a.state != "cancelled")
