from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command

MEETING_KINDS = [
    ("group_discussion", "Group discussion"),
    ("pupil_discussion", "Pupil discussion"),
    ("care_meeting", "Care meeting (care team)"),
    ("mdo", "Multidisciplinary meeting (MDO)"),
    ("parent_conversation", "Parent conversation"),
    ("consultation", "Consultation"),
    ("class_visit_followup", "Class visit follow-up"),
]
MEETING_STATES = [
    ("planned", "Planned"),
    ("held", "Held"),
    ("cancelled", "Cancelled"),
]
# Fields only the care coordinator of the school sets on a care meeting.
IB_MANAGED_FIELDS = frozenset(
    {
        "ib_kind",
        "ib_company_id",
        "ib_group_id",
        "ib_pupil_ids",
        "ib_item_ids",
        "ib_topic_ids",
        "ib_state",
        "ib_round",
    }
)
# Who is invited, and whether the meeting exists: also the coordinator's call once
# an event is a care meeting (the consent guard depends on it).
IB_GUARDED_FIELDS = frozenset({"partner_ids", "attendee_ids", "active"})
# A change to one of these may add an external party or a pupil: check consent.
IB_CONSENT_TRIGGERS = frozenset(
    {"partner_ids", "attendee_ids", "ib_pupil_ids", "ib_item_ids", "ib_kind", "start"}
)


class CalendarEvent(models.Model):
    """Care meetings are calendar events with a kind.

    Every internal user can read calendar events, and attendees (parents, external
    experts) receive the name, time, place and description in their invitation.
    So a care meeting keeps its care content in its own models (agenda items,
    topics, agreements) with their own record rules; the event itself carries
    only the kind, the school, the group and the pupils (the latter two readable
    by care roles only). Care meetings are private by default: colleagues who do
    not take part see "Busy"; the director and coordinators of the school see them.
    """

    _inherit = "calendar.event"

    ib_kind = fields.Selection(
        MEETING_KINDS,
        string="Care Meeting Kind",
        index=True,
        help="Set for the meetings of pupil care: group and pupil discussions, care "
        "meetings, MDO, parent conversations, consultations.",
    )
    ib_company_id = fields.Many2one(
        "res.company",
        string="School",
        index=True,
        help="The school whose pupil care this meeting belongs to.",
    )
    ib_state = fields.Selection(
        MEETING_STATES, string="Meeting Status", index=True, copy=False
    )
    ib_round = fields.Char(
        string="Round",
        help="The round of the yearly schedule this group discussion belongs to.",
    )
    ib_group_id = fields.Many2one(
        "ib.group",
        string="Group",
        index="btree_not_null",
        groups="base.group_user",
        help="The group discussed (group discussions) or the group of the pupils.",
    )
    ib_pupil_ids = fields.Many2many(
        "ib.pupil",
        "ib_meeting_pupil_rel",
        "event_id",
        "pupil_id",
        string="Pupils",
        compute="_compute_ib_pupil_ids",
        inverse="_inverse_ib_pupil_ids",
        store=True,
        groups="ib_core.group_ib_teacher",
        help="The pupils on the agenda: each has an agenda item with its minutes.",
    )
    ib_item_ids = fields.One2many(
        "ib.meeting.item",
        "event_id",
        string="Agenda",
        copy=False,
        groups="ib_core.group_ib_teacher",
    )
    ib_topic_ids = fields.One2many(
        "ib.meeting.topic",
        "event_id",
        string="Topics",
        copy=False,
        groups="ib_core.group_ib_teacher",
    )
    ib_agreement_ids = fields.One2many(
        "ib.meeting.agreement",
        "event_id",
        string="Agreements",
        copy=False,
        groups="ib_core.group_ib_teacher",
    )
    ib_item_count = fields.Integer(
        compute="_compute_ib_item_count", groups="ib_core.group_ib_teacher"
    )
    ib_can_manage = fields.Boolean(
        compute="_compute_ib_can_manage",
        help="The current user is a care coordinator of the meeting's school.",
    )

    # ------------------------------------------------------------------ computes

    @api.depends("ib_item_ids.pupil_id", "ib_item_ids.active")
    def _compute_ib_pupil_ids(self):
        for event in self:
            event.ib_pupil_ids = event.ib_item_ids.filtered("active").pupil_id

    def _inverse_ib_pupil_ids(self):
        """Pupils added to the meeting get an agenda item; removed ones lose theirs
        (archived, so minutes already written are kept on the pupil file)."""
        Item = self.env["ib.meeting.item"].with_context(active_test=False)
        items = Item.search([("event_id", "in", self.ids)])
        to_create, to_archive, to_restore = [], Item, Item
        for event in self:
            wanted = event.ib_pupil_ids
            mine = items.filtered(lambda i, e=event: i.event_id == e)
            to_archive |= mine.filtered(
                lambda i, w=wanted: i.active and i.pupil_id not in w
            )
            to_restore |= mine.filtered(
                lambda i, w=wanted: not i.active and i.pupil_id in w
            )
            present = mine.pupil_id
            to_create += [
                {"event_id": event.id, "pupil_id": pupil.id}
                for pupil in wanted - present
            ]
        if to_archive:
            to_archive.active = False
        if to_restore:
            to_restore.active = True
        if to_create:
            Item.create(to_create)

    def _compute_ib_item_count(self):
        # Counted as the current user: confidential items stay out of a teacher's count.
        counts = dict(
            self.env["ib.meeting.item"]._read_group(
                [("event_id", "in", self.ids)], ["event_id"], ["__count"]
            )
        )
        for event in self:
            event.ib_item_count = counts.get(event, 0)

    @api.depends_context("uid")
    @api.depends("ib_company_id")
    def _compute_ib_can_manage(self):
        coordinator = self._ib_user_is_coordinator()
        companies = self.env.user.company_ids
        for event in self:
            event.ib_can_manage = coordinator and (
                not event.ib_company_id or event.ib_company_id in companies
            )

    @api.onchange("ib_group_id")
    def _onchange_ib_group_id(self):
        if self.ib_group_id:
            self.ib_company_id = self.ib_group_id.company_id

    @api.onchange("ib_kind")
    def _onchange_ib_kind(self):
        if self.ib_kind and not self.ib_company_id:
            self.ib_company_id = self.env.company
        if self.ib_kind and not self.privacy:
            self.privacy = "private"

    # ------------------------------------------------------------------ privacy

    def _fetch_query(self, query, fields):
        # The kind and the school decide the global rule that keeps care meetings in
        # their school (calendar_event_rule_ib_school). Odoo checks a record rule in
        # Python (filtered_domain) on the records it reads; fetched here with the
        # event's other columns, they cost no query of their own. Without this,
        # every calendar read of every user fetched them again (issue 25).
        # Not when Odoo asks for no prefetching (the uninstall of this addon, whose
        # columns may already be dropped while the registry still knows them).
        extra = [
            self._fields[name]
            for name in ("ib_kind", "ib_company_id")
            if self._fields[name] not in fields
            and self.env.context.get("prefetch_fields", True)
        ]
        return super()._fetch_query(query, [*fields, *extra] if extra else fields)

    @api.model
    def _get_public_fields(self):
        # The kind and the school say nothing about a pupil; they decide who may see
        # the rest (see _check_private_event_conditions) and must stay readable.
        return super()._get_public_fields() | {"ib_kind", "ib_company_id", "ib_state"}

    def _check_private_event_conditions(self):
        hidden = super()._check_private_event_conditions()
        # The group first (cached): for everyone else the kind of a private event is
        # not read, which would cost a query per calendar read (issue 25).
        if (
            hidden
            and self.env.user._ib_has_role("director")
            and self.ib_kind
            and self._ib_user_is_school_staff()
        ):
            return False
        return hidden

    def _ib_user_is_school_staff(self):
        """Whether the current user directs or coordinates the care of the meeting's
        school (they read all its care meetings, also those they do not attend)."""
        self.ensure_one()
        return bool(
            self.ib_company_id
            and self.env.user._ib_has_role("director", self.ib_company_id)
        )

    # ------------------------------------------------------------------ access

    def _ib_user_is_coordinator(self):
        return self.env["res.users"]._ib_current_user_has_role("coordinator")

    def _ib_check_coordinator(self, companies=None):
        """Only a care coordinator of the school plans care meetings and sets their
        agenda and invitations."""
        if self.env.su:
            return
        companies = companies if companies is not None else self.sudo().ib_company_id
        self.env["res.users"]._ib_check_role(
            "coordinator",
            self.env._(
                "Only the care coordinator of the school can plan care meetings, "
                "invite people to them and change their agenda."
            ),
            companies,
        )

    # ------------------------------------------------------------------ CRUD

    @api.model
    def _ib_is_empty_value(self, value):
        """Whether a value of a care field sets nothing: False, "", an empty list, or
        x2many commands that add nothing (clear, set to no records). The web client
        sends every field of the form for a new record, the empty care fields too."""
        if not value:
            return True
        if not isinstance(value, (list, tuple)):
            return False
        for command in value:
            if not isinstance(command, (list, tuple)) or not command:
                return False
            if command[0] == Command.CLEAR:
                continue
            if command[0] == Command.SET and len(command) > 2 and not command[2]:
                continue
            return False
        return True

    @api.model
    def _ib_makes_care_meeting(self, vals):
        """Whether ``vals`` make an event a care record: a kind, a school, a group,
        pupils, agenda items, topics, a status or a round that is *set*. Decided on
        the values, never on the keys: an empty ib_* value makes nothing."""
        return any(
            not self._ib_is_empty_value(vals[name])
            for name in IB_MANAGED_FIELDS.intersection(vals)
        )

    @api.model
    def _ib_without_empty_care_values(self, vals):
        """``vals`` without the care fields that set nothing, so that an ordinary
        event is created and written exactly as without the suite (no inverse, no
        constraint, no extra query)."""
        if not IB_MANAGED_FIELDS.intersection(vals):
            return vals
        return {
            name: value
            for name, value in vals.items()
            if name not in IB_MANAGED_FIELDS or not self._ib_is_empty_value(value)
        }

    @api.model_create_multi
    def create(self, vals_list):
        # The guard applies to the events that are being made care meetings (a
        # care field that is set), not to ordinary events whose values merely
        # contain an empty ib_* key.
        vals_list = [
            vals
            if self._ib_makes_care_meeting(vals)
            else self._ib_without_empty_care_values(vals)
            for vals in vals_list
        ]
        care_vals = [vals for vals in vals_list if self._ib_makes_care_meeting(vals)]
        if care_vals:
            kind_vals = [vals for vals in care_vals if vals.get("ib_kind")]
            groups = self.env["ib.group"].browse(
                {vals["ib_group_id"] for vals in kind_vals if vals.get("ib_group_id")}
            )
            group_company = {group.id: group.company_id.id for group in groups}
            for vals in kind_vals:
                if not vals.get("ib_company_id"):
                    vals["ib_company_id"] = group_company.get(
                        vals.get("ib_group_id"), self.env.company.id
                    )
                vals.setdefault("privacy", "private")
                vals.setdefault("ib_state", "planned")
            companies = self.env["res.company"].browse(
                {
                    vals["ib_company_id"]
                    for vals in care_vals
                    if vals.get("ib_company_id")
                }
            )
            self._ib_check_coordinator(companies)
            # The organizer's contact details stay out of the description of care
            # meetings: parents and experts receive it in their invitation.
            self = self.with_context(skip_contact_description=True)
        events = super().create(vals_list)
        if care_vals:
            events.filtered("ib_kind")._ib_check_external_consent()
        return events

    def write(self, vals):
        managed = IB_MANAGED_FIELDS.intersection(vals)
        guarded = IB_GUARDED_FIELDS.intersection(vals)
        care = self.browse()
        if managed or guarded or IB_CONSENT_TRIGGERS.intersection(vals):
            # sudo: only the kind is read, to know whether this is a care meeting
            # (it is hidden in cache for private events the user does not attend).
            care = self.sudo().filtered("ib_kind").with_env(self.env)
        makes_care = managed and self._ib_makes_care_meeting(vals)
        if managed and not care and not makes_care:
            # Ordinary events, empty care values: written as without the suite.
            vals = self._ib_without_empty_care_values(vals)
        elif not self.env.su and (makes_care or (care and (managed or guarded))):
            # A care meeting changes, or an event becomes one: the coordinator's call.
            companies = care.sudo().ib_company_id
            if vals.get("ib_company_id"):
                companies |= self.env["res.company"].browse(vals["ib_company_id"])
            self._ib_check_coordinator(companies)
        result = super().write(vals)
        if IB_CONSENT_TRIGGERS.intersection(vals):
            care = self.sudo().filtered("ib_kind").with_env(self.env)
            if care:
                care._ib_check_external_consent()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_care_meeting(self):
        if self.env.su:
            return
        # sudo: whether minutes exist is checked whatever the user may read of them.
        care = self.sudo().filtered("ib_kind")
        if not care:
            return
        self._ib_check_coordinator(care.ib_company_id)
        Item = self.env["ib.meeting.item"].sudo().with_context(active_test=False)
        if Item.search_count([("event_id", "in", care.ids)], limit=1):
            raise UserError(
                self.env._(
                    "This care meeting has agenda items with minutes, which belong to "
                    "the pupil files: cancel or archive the meeting instead of "
                    "deleting it."
                )
            )

    @api.constrains("ib_kind", "ib_company_id", "ib_group_id")
    def _check_ib_school(self):
        for event in self.filtered("ib_kind"):
            if not event.ib_company_id:
                raise ValidationError(
                    self.env._("Care meeting %s needs a school.", event.name)
                )
            group = event.sudo().ib_group_id
            if group and group.company_id != event.ib_company_id:
                raise ValidationError(
                    self.env._(
                        "Group %(group)s belongs to another school than care meeting "
                        "%(meeting)s.",
                        group=group.name,
                        meeting=event.name,
                    )
                )

    # ------------------------------------------------------------------ consent

    # The guard reads invitees, pupils, parents and staff with searches, not through
    # x2many fields: those are cached as the current user could read them (record
    # rules of res.partner, ib.pupil...), and the guard must see everything.

    def _ib_invited_partners(self):
        """Everyone invited to this meeting (from its attendees)."""
        self.ensure_one()
        # sudo: who is invited decides, whatever the current user may read.
        return (
            self.env["calendar.attendee"]
            .sudo()
            .search_fetch([("event_id", "=", self.id)], ["partner_id"])
            .partner_id
        )

    def _ib_agenda_pupil_map(self):
        """``{event_id: ib.pupil}``: the pupils on the agenda (active items)."""
        # sudo: all pupils of the meetings, whatever the current user may read.
        items = (
            self.env["ib.meeting.item"]
            .sudo()
            .search_fetch([("event_id", "in", self.ids)], ["event_id", "pupil_id"])
        )
        result = {event.id: self.env["ib.pupil"].sudo() for event in self}
        for item in items:
            result[item.event_id.id] |= item.pupil_id
        return result

    def _ib_external_partner_map(self):
        """``{event_id: res.partner}``: the attendees of each care meeting who are
        external parties: not staff (internal users), not a school and not a parent
        or guardian of one of its pupils. A fixed number of queries for all."""
        Partner = self.env["res.partner"].sudo()
        # sudo: who is invited, who is staff and who is a parent of the pupils
        # decides, whatever the current user may read; only partners come out.
        attendees = (
            self.env["calendar.attendee"]
            .sudo()
            .search_fetch([("event_id", "in", self.ids)], ["event_id", "partner_id"])
        )
        invited = {event.id: Partner for event in self}
        for attendee in attendees:
            invited[attendee.event_id.id] |= attendee.partner_id
        candidates = attendees.partner_id - self._ib_school_partners()
        if not candidates:
            return {event.id: Partner for event in self}
        staff = (
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search_fetch(
                [("partner_id", "in", candidates.ids), ("share", "=", False)],
                ["partner_id"],
            )
            .partner_id
        )
        pupils = self._ib_agenda_pupil_map()
        all_pupils = self.env["ib.pupil"].sudo().union(*pupils.values())
        parents = defaultdict(lambda: Partner)
        for guardian in (
            self.env["ib.pupil.guardian"]
            .sudo()
            .search_fetch(
                [("pupil_id", "in", all_pupils.ids)], ["pupil_id", "partner_id"]
            )
        ):
            parents[guardian.pupil_id.id] |= guardian.partner_id
        result = {}
        for event in self:
            guardians = Partner.union(*(parents[p.id] for p in pupils[event.id]))
            result[event.id] = (invited[event.id] & candidates) - staff - guardians
        return result

    @api.model
    def _ib_school_partners(self):
        # sudo: the partners of all schools, only to leave them out of "external".
        return (
            self.env["res.company"].sudo().search_fetch([], ["partner_id"]).partner_id
        )

    @api.model
    def _ib_consent_purpose(self):
        """The consent purpose (of ib_core's ``ib.consent``) that covers inviting
        an external party to a care meeting about a pupil."""
        return "mdo"

    def _ib_consent_map(self, pupils, partner, on_date):
        """``{pupil_id: bool}``: which pupils have valid consent for sharing with
        ``partner`` on ``on_date``."""
        answer = pupils._ib_has_valid_consent(
            self._ib_consent_purpose(), partner=partner, on_date=on_date
        )
        return {pupil.id: bool(answer.get(pupil.id)) for pupil in pupils}

    def _ib_check_external_consent(self):
        """Refuse to invite an external party (an expert, SWV staff, anyone who is
        not school staff or a parent of the pupils) to a care meeting about pupils
        without valid consent for each pupil. Called after create/write, before the
        transaction commits: a refusal rolls back the invitation mails as well."""
        problems = []
        if not self:
            return
        externals_map = self._ib_external_partner_map()
        pupils_map = None
        for event in self:
            externals = externals_map[event.id]
            if not externals:
                continue
            if pupils_map is None:
                pupils_map = self._ib_agenda_pupil_map()
            pupils = pupils_map[event.id]
            if not pupils:
                if event.ib_kind == "mdo":
                    raise UserError(
                        self.env._(
                            "Add the pupil(s) this MDO is about before inviting "
                            "external parties (%s): their invitation needs the "
                            "parents' consent for each pupil.",
                            ", ".join(externals.mapped("name")),
                        )
                    )
                continue
            on_date = fields.Date.to_date(event.start) if event.start else None
            for partner in externals:
                consent = event._ib_consent_map(pupils, partner, on_date)
                missing = pupils.filtered(lambda p, c=consent: not c.get(p.id))
                problems += [(event, partner, pupil) for pupil in missing]
        if problems:
            lines = "\n".join(
                self.env._(
                    "- %(party)s: no valid consent for %(pupil)s",
                    party=partner.name,
                    pupil=pupil.name,
                )
                for _event, partner, pupil in problems
            )
            hint = self.env._(
                "Record the parents' consent (Pupil Care > Consent) or remove "
                "these invitees."
            )
            raise UserError(
                self.env._(
                    "External parties can only be invited to a meeting about pupils "
                    "with valid consent of the parents. Missing:\n%(lines)s\n%(hint)s",
                    lines=lines,
                    hint=hint,
                )
            )

    # ------------------------------------------------------------------ agenda

    def _ib_agenda_pupils(self):
        """The pupils whose open questions and signals may be proposed: the pupils
        of the group for a group discussion, else the pupils of the meeting."""
        self.ensure_one()
        pupils = self.ib_pupil_ids
        if self.ib_group_id:
            pupils |= self.ib_group_id.pupil_ids.filtered("is_enrolled")
        return pupils

    def _ib_candidates_from_support_requests(self, pupils):
        """Open support requests (new or in analysis) of ``pupils``.

        :return: list of dicts with pupil, question, source (record) and label
        """
        if not pupils:
            return []
        requests = self.env["ib.support.request"].search(
            [("pupil_id", "in", pupils.ids), ("state", "in", ("new", "analysis"))]
        )
        candidates = []
        for request in requests:
            candidates.append(
                {
                    "pupil": request.pupil_id,
                    "question": request.question or request.display_name,
                    "source": request,
                    "label": self.env._("Support request %s", request.display_name),
                }
            )
        return candidates

    def _ib_propose_candidates(self):
        """What could go on the agenda: one entry per source (a dict with pupil,
        question, source record and label). Hook: other addons add sources by
        overriding this method (call super), e.g. ib_care_plans_meetings adds
        the test signals."""
        self.ensure_one()
        return self._ib_candidates_from_support_requests(self._ib_agenda_pupils())

    def action_ib_propose_items(self):
        """Put the pupils with open support requests or test signals on the agenda:
        one item per pupil (several sources are merged into its question)."""
        self.ensure_one()
        self.check_access("write")
        if not self.ib_kind:
            raise UserError(self.env._("Only care meetings have an agenda."))
        self._ib_check_coordinator()
        by_pupil = defaultdict(list)
        for candidate in self._ib_propose_candidates():
            by_pupil[candidate["pupil"]].append(candidate)
        on_agenda = self.ib_item_ids.pupil_id
        vals_list, sources = [], []
        for pupil, candidates in by_pupil.items():
            if pupil in on_agenda:
                continue
            question = Markup("").join(
                Markup("<p><strong>%s</strong></p>%s")
                % (c["label"], Markup(c["question"] or ""))
                for c in candidates
            )
            first = candidates[0]["source"]
            vals_list.append(
                {
                    "event_id": self.id,
                    "pupil_id": pupil.id,
                    "question": question,
                    "source_model": first._name,
                    "source_id": first.id,
                    "source_label": ", ".join(c["label"] for c in candidates),
                }
            )
            sources.append([c["source"] for c in candidates])
        items = self.env["ib.meeting.item"].create(vals_list)
        for item, item_sources in zip(items, sources, strict=True):
            for source in item_sources:
                if hasattr(source, "_ib_record_outcome"):
                    source._ib_record_outcome(item, "meeting")
        if not items:
            message = self.env._(
                "Nothing to propose: no open support requests or test signals for "
                "pupils who are not on the agenda yet."
            )
            kind = "info"
        else:
            message = self.env._("%s pupil(s) put on the agenda.", len(items))
            kind = "success"
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": kind,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_ib_mark_held(self):
        self._ib_check_coordinator()
        self.filtered(lambda e: e.ib_kind).write({"ib_state": "held"})
        return True

    def action_ib_cancel(self):
        self._ib_check_coordinator()
        self.filtered(lambda e: e.ib_kind).write({"ib_state": "cancelled"})
        return True

    def action_ib_reset_planned(self):
        self._ib_check_coordinator()
        self.filtered(lambda e: e.ib_kind).write({"ib_state": "planned"})
        return True

    def action_ib_view_items(self):
        self.ensure_one()
        return self.env["ir.actions.act_window"]._ib_action_linked(
            "ib_meetings.ib_meeting_item_action", "event_id", self
        )

    # ------------------------------------------------------------------ minutes

    def _ib_check_minutes_access(self):
        """Who may print the minutes of a care meeting: the director and the
        coordinators of its school, and the staff who took part (they only see the
        items their role allows). Everyone else is refused."""
        if self.env.su:
            return
        user = self.env.user
        for event in self:
            if not event.ib_kind or user.share:
                raise AccessError(self.env._("You cannot print these minutes."))
            if event._ib_user_is_school_staff():
                continue
            attends = user.partner_id in event._ib_invited_partners()
            if not (attends and user._ib_has_role("teacher")):
                raise AccessError(
                    self.env._(
                        "Only the care coordinator, the director and the staff who "
                        "took part can print the minutes of %s.",
                        event.sudo().name,
                    )
                )

    def _ib_minutes_pupil_items(self):
        """The pupil items of the minutes, as the current user may read them."""
        self.ensure_one()
        return self.env["ib.meeting.item"].search(
            [("event_id", "=", self.id)], order="sequence, id"
        )

    def _ib_minutes_topics(self):
        self.ensure_one()
        return self.env["ib.meeting.topic"].search(
            [("event_id", "=", self.id)], order="sequence, id"
        )

    def _ib_kind_label(self):
        self.ensure_one()
        return dict(self._fields["ib_kind"]._description_selection(self.env)).get(
            self.ib_kind, ""
        )

    def _ib_attendee_names(self):
        self.ensure_one()
        return ", ".join(self.partner_ids.mapped("name"))
