from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

from odoo.addons.base.models.res_partner import _tz_get
from odoo.addons.ib_core.models.ib_support_request import ACTION_STATES
from odoo.addons.ib_meetings.models import schedule_slots
from odoo.addons.ib_meetings.models.ib_meeting_schedule_service import (
    ScheduleRound,
    ScheduleSettings,
)

WEEKDAY_FIELDS = ("monday", "tuesday", "wednesday", "thursday", "friday")
KINDS = [
    ("pupil_discussion", "Pupil discussions (per group)"),
    ("care_meeting", "Care-team meetings (per round)"),
]


class IbCareRoster(models.TransientModel):
    """The yearly roster (rooster) of pupil discussions or care-team meetings of
    one school: rounds, participants, times, and the pupils proposed for each
    meeting's agenda.

    Pupil discussions are planned per group and round by ib_meetings' planner
    (``ib.meeting.schedule.service`` with the kind ``pupil_discussion`` and the
    extra participants): who is free when is its business. Care-team meetings
    are one per round, with the team's internal members, placed with the same
    busy map and slots. Pupils are proposed from the test signals of this school
    year and the open support requests: on the first meeting of their group in
    the roster (a pupil discussion) or on the first care-team meeting; the
    meetings of later rounds use *Propose Agenda* when their time comes."""

    _name = "ib.care.roster"
    _description = "Plan Pupil Discussions and Care-Team Meetings"

    state = fields.Selection(
        [("draft", "Settings"), ("preview", "Preview"), ("done", "Created")],
        default="draft",
        required=True,
    )
    kind = fields.Selection(KINDS, required=True, default="pupil_discussion")
    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
    )
    team_id = fields.Many2one(
        "ib.care.team",
        string="Care Team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        domain="[('company_id', '=', company_id)]",
    )
    coordinator_id = fields.Many2one(
        "res.users",
        string="Care Coordinator",
        compute="_compute_coordinator_id",
        store=True,
        readonly=False,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        help="Takes part in every meeting of the roster.",
    )
    participant_ids = fields.Many2many(
        "res.users",
        "ib_care_roster_participant_rel",
        "roster_id",
        "user_id",
        string="Also Taking Part",
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        help="Colleagues who take part in every meeting besides the coordinator "
        "(and the group's teachers), e.g. the remedial teacher.",
    )
    group_ids = fields.Many2many(
        "ib.group",
        string="Only These Groups",
        domain="[('company_id', '=', company_id)]",
        help="Pupil discussions: leave empty to plan all groups of the school.",
    )
    round_ids = fields.One2many("ib.care.roster.round", "roster_id", string="Rounds")
    duration = fields.Float(default=0.75, help="Length of one meeting (hours).")
    hour_from = fields.Float(string="From", default=8.5)
    hour_to = fields.Float(string="Until", default=16.0)
    monday = fields.Boolean(default=True)
    tuesday = fields.Boolean(default=True)
    wednesday = fields.Boolean(default=False)
    thursday = fields.Boolean(default=True)
    friday = fields.Boolean(default=True)
    tz = fields.Selection(
        _tz_get,
        string="Time Zone",
        required=True,
        default=lambda self: self.env.user.tz or "Europe/Amsterdam",
    )
    propose_pupils = fields.Boolean(
        default=True,
        help="Put the pupils with a test signal or an open support request on the "
        "agenda of the first meeting.",
    )
    line_ids = fields.One2many(
        "ib.care.roster.line", "roster_id", string="Proposed Roster"
    )
    placed_count = fields.Integer(compute="_compute_counts", string="Placed")
    unplaceable_count = fields.Integer(compute="_compute_counts", string="Not Placed")
    event_ids = fields.Many2many("calendar.event", string="Created Meetings")

    @api.depends("company_id")
    def _compute_team_id(self):
        teams = self.env["ib.care.team"].search(
            [("company_id", "in", self.company_id.ids)]
        )
        for roster in self:
            roster.team_id = teams.filtered(
                lambda t, r=roster: t.company_id == r.company_id
            )[:1]

    @api.depends("company_id")
    def _compute_coordinator_id(self):
        coordinators = self._ib_service().default_coordinators(self.company_id._origin)
        for roster in self:
            roster.coordinator_id = coordinators.get(roster.company_id._origin.id)

    @api.depends("line_ids.state")
    def _compute_counts(self):
        for roster in self:
            states = roster.line_ids.mapped("state")
            roster.placed_count = states.count("placed")
            roster.unplaceable_count = states.count("unplaceable")

    # ------------------------------------------------------------------ settings

    def _ib_service(self):
        return self.env["ib.meeting.schedule.service"]

    def _ib_settings(self):
        self.ensure_one()
        company = self.company_id
        return ScheduleSettings(
            companies=company,
            rounds=[
                ScheduleRound(
                    date_from=rnd.date_from,
                    date_to=rnd.date_to,
                    name=rnd.name or "",
                    sequence=rnd.sequence,
                    ref=rnd.id,
                )
                for rnd in self.round_ids
            ],
            coordinators={company.id: self.coordinator_id},
            groups=self.group_ids,
            duration=self.duration,
            hour_from=self.hour_from,
            hour_to=self.hour_to,
            weekdays=frozenset(
                i for i, name in enumerate(WEEKDAY_FIELDS) if self[name]
            ),
            tz=self.tz,
            kind="pupil_discussion",
            participants={company.id: self.participant_ids}
            if self.participant_ids
            else {},
        )

    # ------------------------------------------------------------------ preview

    def action_preview(self):
        self.ensure_one()
        self._ib_service().check_access(self.company_id)
        settings = self._ib_settings()
        if self.kind == "pupil_discussion":
            vals_list = self._ib_plan_pupil_discussions(settings)
        else:
            vals_list = self._ib_plan_team_meetings(settings)
        self.line_ids.unlink()
        lines = self.env["ib.care.roster.line"].create(vals_list)
        if self.propose_pupils:
            self._ib_attach_proposals(lines)
        self.state = "preview"
        return self._ib_reopen()

    def _ib_plan_pupil_discussions(self, settings):
        proposals = self._ib_service().plan(settings)
        skipped = self.env._("Already has a pupil discussion in this round.")
        return [
            {
                "roster_id": self.id,
                "sequence": index,
                "round_id": proposal.round_ref or False,
                "group_id": proposal.group.id,
                "teacher_ids": [Command.set(proposal.teachers.ids)],
                "state": proposal.state,
                "start": proposal.start or False,
                "stop": proposal.stop or False,
                "reason": skipped if proposal.state == "skipped" else proposal.reason,
            }
            for index, proposal in enumerate(proposals)
        ]

    def _ib_team_people(self):
        """The coordinator first, then the team's internal members and the other
        participants (users)."""
        self.ensure_one()
        members = self.team_id.member_ids.filtered(
            lambda m: m.active and not m.is_external
        )
        return self.coordinator_id | members.user_id | self.participant_ids

    def _ib_plan_team_meetings(self, settings):
        """One care-team meeting per round, when the coordinator and the team's
        internal members are all free (ib_meetings' busy map and slots)."""
        service = self._ib_service()
        service.check_access(settings.companies)
        service.validate(settings)
        if not self.team_id:
            raise UserError(
                self.env._("%s has no care team yet.", self.company_id.name)
            )
        if not self.coordinator_id:
            raise UserError(self.env._("Choose the care coordinator."))
        tz = settings.tzinfo
        rounds = sorted(settings.rounds, key=lambda r: (r.sequence, r.date_from))
        dt_from = schedule_slots.to_utc(tz, min(r.date_from for r in rounds), 0)
        dt_to = schedule_slots.to_utc(
            tz, max(r.date_to for r in rounds) + timedelta(days=1), 0
        )
        people = self._ib_team_people()
        busy, care_count = service._ib_busy_map(
            set(people.partner_id.ids), dt_from, dt_to, tz
        )
        # sudo: only when the team already meets, across private events.
        existing = (
            self.env["calendar.event"]
            .sudo()
            .search_fetch(
                [
                    ("ib_care_team_id", "=", self.team_id.id),
                    ("ib_state", "!=", "cancelled"),
                    ("start", "<", dt_to),
                    ("stop", ">", dt_from),
                ],
                ["start"],
            )
            .mapped("start")
        )
        windows = service._ib_meeting_windows(self.company_id, settings)
        buffer = timedelta(minutes=settings.buffer_minutes)
        partner_ids = people.partner_id.ids
        vals_list = []
        for index, rnd in enumerate(rounds):
            vals = {
                "roster_id": self.id,
                "sequence": index,
                "round_id": rnd.ref or False,
                "teacher_ids": [Command.set(people.ids)],
                "state": "unplaceable",
            }
            vals_list.append(vals)
            round_from = schedule_slots.to_utc(tz, rnd.date_from, 0)
            round_to = schedule_slots.to_utc(tz, rnd.date_to + timedelta(days=1), 0)
            planned = [s for s in existing if round_from <= s < round_to]
            if planned:
                vals.update(
                    state="skipped",
                    start=planned[0],
                    reason=self.env._("The care team already meets in this round."),
                )
                continue
            slots = schedule_slots.candidate_slots(
                tz,
                rnd.date_from,
                rnd.date_to,
                settings.weekdays,
                settings.hour_from,
                settings.hour_to,
                settings.duration,
                windows,
            )
            placed, _blocked, _full = schedule_slots.place(
                slots, partner_ids, busy, care_count, buffer, settings.max_per_day
            )
            if placed:
                vals.update(state="placed", start=placed[0], stop=placed[1])
            else:
                vals["reason"] = self.env._(
                    "No time when the coordinator and the care team are all free "
                    "in this round."
                )
        return vals_list

    def _ib_candidates(self, groups):
        """``{pupil: [(label, source), ...]}``: the pupils of ``groups`` with a
        test signal of this school year or an open support request (new or in
        analysis), each with why. Two searches for all pupils."""
        pupils = self.env["ib.pupil"].search([("group_id", "in", groups.ids)])
        reasons = defaultdict(list)
        if not pupils:
            return reasons
        requests = self.env["ib.support.request"].search(
            [("pupil_id", "in", pupils.ids), ("state", "in", ACTION_STATES)]
        )
        for request in requests:
            reasons[request.pupil_id].append(
                (self.env._("Support request %s", request.display_name), request)
            )
        results = self.env["ib.assessment.result"].search(
            [
                ("pupil_id", "in", pupils.ids),
                ("signal", "!=", False),
                ("school_year_id.is_current", "=", True),
            ]
        )
        for result in results:
            reasons[result.pupil_id].append(
                (self.env._("Test signal %s", result.display_name), result)
            )
        return reasons

    def _ib_attach_proposals(self, lines):
        """Propose the pupils with signals or open requests on the first placed
        meeting of their group (pupil discussions) or on the first placed
        care-team meeting."""
        placed = lines.filtered(lambda ln: ln.state == "placed")
        if not placed:
            return
        if self.kind == "pupil_discussion":
            reasons = self._ib_candidates(placed.group_id)
            first = {}
            for line in placed:
                first.setdefault(line.group_id, line)
            by_line = defaultdict(list)
            for pupil in reasons:
                line = first.get(pupil.group_id)
                if line:
                    by_line[line].append(pupil.id)
        else:
            groups = self.env["ib.group"].search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("school_year_id.is_current", "=", True),
                ]
            )
            reasons = self._ib_candidates(groups)
            by_line = {placed[0]: [pupil.id for pupil in reasons]}
        for line, pupil_ids in by_line.items():
            line.proposed_pupil_ids = [Command.set(pupil_ids)]

    # ------------------------------------------------------------------ create

    def action_back(self):
        self.ensure_one()
        self.state = "draft"
        return self._ib_reopen()

    def action_create(self):
        """Create the placed meetings, then the agenda items of the proposed
        pupils (one create for all)."""
        self.ensure_one()
        service = self._ib_service()
        service.check_access(self.company_id)
        if self.state != "preview":
            raise UserError(self.env._("Make the proposed roster first."))
        lines = self.line_ids.filtered(lambda ln: ln.state == "placed")
        if self.kind == "pupil_discussion":
            events = self._ib_create_pupil_discussions(lines)
        else:
            events = self._ib_create_team_meetings(lines)
        self._ib_create_items(lines)
        self.event_ids = [Command.set(events.ids)]
        self.state = "done"
        return self._ib_reopen()

    def _ib_context(self):
        return {
            "allowed_company_ids": self.company_id.ids,
            "no_mail_to_attendees": True,
            "mail_create_nolog": True,
            "mail_create_nosubscribe": True,
            "tracking_disable": True,
            "dont_notify": True,
        }

    def _ib_create_pupil_discussions(self, lines):
        proposals = [line._ib_proposal() for line in lines]
        settings = self._ib_settings()
        events = self._ib_service().create_meetings(settings, proposals)
        by_key = {(event.ib_group_id.id, event.start): event for event in events}
        for line, proposal in zip(lines, proposals, strict=True):
            if proposal.state != "placed":
                line.write({"state": proposal.state, "reason": proposal.reason})
                continue
            line.event_id = by_key.get((line.group_id.id, line.start))
        return events

    def _ib_create_team_meetings(self, lines):
        team = self.team_id
        people = self._ib_team_people()
        label = self.env._("Care team meeting (ZAT)")
        vals_list = []
        for line in lines:
            vals = team._ib_meeting_vals(
                line.start,
                line.stop,
                f"{label} - {line.round_name}" if line.round_name else label,
                externals=False,
            )
            vals["partner_ids"] = [Command.set(people.partner_id.ids)]
            vals["ib_round"] = line.round_name or False
            vals_list.append(vals)
        events = (self.env["calendar.event"].with_context(**self._ib_context())).create(
            vals_list
        )
        for line, event in zip(lines, events, strict=True):
            line.event_id = event
        return events

    def _ib_create_items(self, lines):
        lines = lines.filtered(lambda ln: ln.event_id and ln.proposed_pupil_ids)
        if not lines:
            return
        if self.kind == "pupil_discussion":
            reasons = self._ib_candidates(lines.group_id)
        else:
            reasons = self._ib_candidates(lines.proposed_pupil_ids.group_id)
        vals_list, sources = [], []
        for line in lines:
            for pupil in line.proposed_pupil_ids:
                found = reasons.get(pupil) or []
                labels = [label for label, _source in found] or [
                    self.env._("Proposed in the roster")
                ]
                vals = {
                    "event_id": line.event_id.id,
                    "pupil_id": pupil.id,
                    "question": Markup("").join(
                        Markup("<p>%s</p>") % label for label in labels
                    ),
                    "source_label": ", ".join(labels)[:255],
                }
                if found:
                    vals["source_model"] = found[0][1]._name
                    vals["source_id"] = found[0][1].id
                vals_list.append(vals)
                sources.append([source for _label, source in found])
        Item = self.env["ib.meeting.item"].with_context(**self._ib_context())
        items = Item.create(vals_list)
        # As ib_meetings' Propose Agenda: a support request records that it led
        # to a meeting.
        for item, item_sources in zip(items, sources, strict=True):
            for source in item_sources:
                if hasattr(source, "_ib_record_outcome"):
                    source._ib_record_outcome(item, "meeting")

    def action_view_events(self):
        self.ensure_one()
        return self.env["ir.actions.act_window"]._ib_action_for(
            "ib_meetings.calendar_event_action_ib",
            [("id", "in", self.event_ids.ids)],
            view_mode="list,calendar,form",
            views=[(False, "list"), (False, "calendar"), (False, "form")],
        )

    def _ib_reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Plan Pupil Discussions"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": self.env.context,
        }
