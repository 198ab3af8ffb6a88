import logging
from bisect import insort
from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tools import SQL, format_date

from odoo.addons.base.models.res_partner import _tz_get

_logger = logging.getLogger(__name__)

SLOT_MINUTES = 15
WEEKDAY_FIELDS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday")


class IbMeetingSchedule(models.TransientModel):
    """The yearly schedule (rooster) of group discussions.

    For every group of the chosen schools and every round (e.g. after each test
    moment), find a time within the round's dates, the allowed weekdays and hours
    when the group's teachers and the school's care coordinator are all free:
    free of their existing calendar events and of the other discussions planned
    in the same run. The plan is shown first; meetings are created only on
    confirmation. Whatever cannot be placed is listed with the reason.

    All calendar data is read in two queries before planning starts; placing is
    done in memory (no query per group or per slot).
    """

    _name = "ib.meeting.schedule"
    _description = "Plan Group Discussions"

    state = fields.Selection(
        [("draft", "Settings"), ("preview", "Preview"), ("done", "Created")],
        default="draft",
        required=True,
    )
    company_ids = fields.Many2many(
        "res.company",
        string="Schools",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
    )
    school_ids = fields.One2many(
        "ib.meeting.schedule.school",
        "schedule_id",
        string="Care Coordinators",
        compute="_compute_school_ids",
        store=True,
        readonly=False,
    )
    group_ids = fields.Many2many(
        "ib.group",
        string="Only These Groups",
        help="Leave empty to plan all groups of the schools.",
    )
    round_ids = fields.One2many(
        "ib.meeting.schedule.round", "schedule_id", string="Rounds"
    )
    duration = fields.Float(
        default=0.75, help="Length of one group discussion (hours)."
    )
    hour_from = fields.Float(string="From", default=8.5)
    hour_to = fields.Float(string="Until", default=16.0)
    monday = fields.Boolean(default=True)
    tuesday = fields.Boolean(default=True)
    wednesday = fields.Boolean(default=False)
    thursday = fields.Boolean(default=True)
    friday = fields.Boolean(default=True)
    saturday = fields.Boolean(default=False)
    buffer_minutes = fields.Integer(
        string="Pause (minutes)",
        default=15,
        help="Free time kept between two meetings of the same person.",
    )
    max_per_day = fields.Integer(
        string="Maximum per Day",
        default=4,
        help="At most this many care meetings per day for a care coordinator "
        "(existing ones included). 0: no maximum.",
    )
    tz = fields.Selection(
        _tz_get,
        string="Time Zone",
        required=True,
        default=lambda self: self.env.user.tz or "Europe/Amsterdam",
    )
    send_invitations = fields.Boolean(
        help="Also e-mail an invitation to each teacher. Either way the meetings "
        "appear in their Odoo calendar."
    )
    line_ids = fields.One2many(
        "ib.meeting.schedule.line", "schedule_id", string="Proposed Schedule"
    )
    placed_count = fields.Integer(compute="_compute_counts", string="Placed")
    unplaceable_count = fields.Integer(compute="_compute_counts", string="Not Placed")
    skipped_count = fields.Integer(compute="_compute_counts", string="Already Planned")
    event_ids = fields.Many2many("calendar.event", string="Created Meetings")
    plan_seconds = fields.Float(string="Planned in (s)", readonly=True, digits=(6, 2))

    @api.depends("company_ids")
    def _compute_school_ids(self):
        # _origin: in the form the schools are new-record wrappers of real ones.
        coordinators = self._ib_default_coordinators(self.company_ids._origin)
        for wizard in self:
            companies = wizard.company_ids._origin
            current = {line.company_id._origin: line for line in wizard.school_ids}
            commands = [
                Command.unlink(line.id)
                for company, line in current.items()
                if company not in companies
            ]
            commands += [
                Command.create(
                    {
                        "company_id": company.id,
                        "coordinator_id": coordinators.get(company.id, False),
                    }
                )
                for company in companies
                if company not in current
            ]
            if commands:
                wizard.school_ids = commands

    @api.depends("line_ids.state")
    def _compute_counts(self):
        for wizard in self:
            states = wizard.line_ids.mapped("state")
            wizard.placed_count = states.count("placed")
            wizard.unplaceable_count = states.count("unplaceable")
            wizard.skipped_count = states.count("skipped")

    @api.model
    def _ib_default_coordinators(self, companies):
        """``{company_id: user_id}``: each school's own care coordinator; the
        current user first where they are one, managers (board staff, who imply
        the role) only for a school without a coordinator of its own."""
        if not companies:
            return {}
        coordinator = self.env.ref("ib_core.group_ib_coordinator")
        manager = self.env.ref("ib_core.group_ib_manager")
        users = self.env["res.users"].search(
            [
                ("all_group_ids", "in", coordinator.ids),
                ("company_ids", "in", companies.ids),
                ("share", "=", False),
            ],
            order="id",
        )
        result = {}
        for company in companies:
            of_school = users.filtered(lambda u, c=company: c in u.company_ids)
            ranked = of_school.sorted(
                lambda u: (manager in u.all_group_ids, u != self.env.user, u.id)
            )
            result[company.id] = ranked[:1].id
        return result

    # ------------------------------------------------------------------ checks

    def _ib_check_access(self):
        if not self.env.user.has_group("ib_core.group_ib_coordinator"):
            raise AccessError(
                self.env._("Only a care coordinator can plan group discussions.")
            )
        foreign = self.company_ids - self.env.user.company_ids
        if foreign:
            raise AccessError(
                self.env._(
                    "You cannot plan meetings for %s.",
                    ", ".join(foreign.mapped("name")),
                )
            )

    def _ib_validate(self):
        self.ensure_one()
        errors = []
        if not self.company_ids:
            errors.append(self.env._("Choose at least one school."))
        if not self.round_ids:
            errors.append(self.env._("Add at least one round with its dates."))
        for rnd in self.round_ids:
            if not rnd.date_from or not rnd.date_to or rnd.date_to < rnd.date_from:
                errors.append(
                    self.env._(
                        "Round %s needs a first and a last day, the last not before "
                        "the first.",
                        rnd.name or rnd.sequence,
                    )
                )
        if self.duration <= 0:
            errors.append(self.env._("The duration must be longer than zero."))
        if not 0 <= self.hour_from < self.hour_to <= 24:
            errors.append(
                self.env._("The hours must run from early to late in one day.")
            )
        elif self.duration > self.hour_to - self.hour_from:
            errors.append(
                self.env._("A meeting does not fit between the hours you chose.")
            )
        if not any(self[name] for name in WEEKDAY_FIELDS):
            errors.append(self.env._("Choose at least one weekday."))
        if self.buffer_minutes < 0 or self.max_per_day < 0:
            errors.append(
                self.env._("The pause and the maximum per day cannot be negative.")
            )
        for school in self.school_ids:
            user = school.coordinator_id
            if user and (user.share or school.company_id not in user.company_ids):
                errors.append(
                    self.env._(
                        "%(user)s does not work for %(school)s.",
                        user=user.name,
                        school=school.company_id.name,
                    )
                )
        if errors:
            raise UserError("\n".join(errors))

    # ------------------------------------------------------------------ actions

    def action_preview(self):
        self.ensure_one()
        self._ib_check_access()
        self._ib_validate()
        started = datetime.now()
        lines = self._ib_plan()
        self.line_ids.unlink()
        self.env["ib.meeting.schedule.line"].create(lines)
        self.plan_seconds = (datetime.now() - started).total_seconds()
        self.state = "preview"
        _logger.info(
            "ib_meetings: planned %d group discussions (%d not placed, %d already "
            "planned) in %.2f s",
            self.placed_count,
            self.unplaceable_count,
            self.skipped_count,
            self.plan_seconds,
        )
        return self._ib_reopen()

    def action_back(self):
        self.ensure_one()
        self.state = "draft"
        return self._ib_reopen()

    def action_create(self):
        """Create the placed meetings, after checking once more that nobody got
        busy since the preview."""
        self.ensure_one()
        self._ib_check_access()
        if self.state != "preview":
            raise UserError(self.env._("Make the proposed schedule first."))
        lines = self.line_ids.filtered(lambda ln: ln.state == "placed")
        self._ib_recheck(lines)
        lines = lines.filtered(lambda ln: ln.state == "placed")
        kind_label = self.env._("Group discussion")
        vals_list = [
            {
                "name": f"{kind_label} {line.group_id.name}"
                + (f" - {line.round_name}" if line.round_name else ""),
                "ib_kind": "group_discussion",
                "ib_company_id": line.company_id.id,
                "ib_group_id": line.group_id.id,
                "ib_round": line.round_name,
                # The organizer is whoever planned it (Odoo lets only the organizer
                # and the attendees create or change a private event); the
                # coordinator of the school takes part.
                "user_id": self.env.user.id,
                "partner_ids": [
                    Command.set((line.coordinator_id | line.teacher_ids).partner_id.ids)
                ],
                "start": line.start,
                "stop": line.stop,
                "privacy": "private",
                "show_as": "busy",
            }
            for line in lines
        ]
        # The meetings belong to the chosen schools (all of them the user's).
        events = (
            self.env["calendar.event"]
            .with_context(
                allowed_company_ids=self.company_ids.ids,
                no_mail_to_attendees=not self.send_invitations,
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
                tracking_disable=True,
                # No reminders are set on these meetings: no alarm to schedule.
                dont_notify=True,
            )
            .create(vals_list)
        )
        self.event_ids = [Command.set(events.ids)]
        self.state = "done"
        return self._ib_reopen()

    def action_view_events(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ib_meetings.calendar_event_action_ib"
        )
        action["domain"] = [("id", "in", self.event_ids.ids)]
        action["view_mode"] = "list,calendar,form"
        action["views"] = [(False, "list"), (False, "calendar"), (False, "form")]
        return action

    def _ib_reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": self.env.context,
        }

    # ------------------------------------------------------------------ planning

    def _ib_tz(self):
        return pytz.timezone(self.tz or "Europe/Amsterdam")

    def _ib_to_utc(self, day, hours):
        """Naive UTC datetime of local ``hours`` (float) on ``day``."""
        minutes = round(hours * 60)
        local = datetime.combine(day, time()) + timedelta(minutes=minutes)
        return self._ib_tz().localize(local).astimezone(pytz.utc).replace(tzinfo=None)

    def _ib_local_day(self, utc_dt):
        return pytz.utc.localize(utc_dt).astimezone(self._ib_tz()).date()

    def _ib_candidate_slots(self, rnd):
        """All (local day, UTC start, UTC stop) of a round, in time order."""
        weekdays = {i for i, name in enumerate(WEEKDAY_FIELDS) if self[name]}
        step = SLOT_MINUTES / 60
        slots = []
        day = rnd.date_from
        while day <= rnd.date_to:
            if day.weekday() in weekdays:
                hour = self.hour_from
                while hour + self.duration <= self.hour_to + 1e-9:
                    slots.append(
                        (
                            day,
                            self._ib_to_utc(day, hour),
                            self._ib_to_utc(day, hour + self.duration),
                        )
                    )
                    hour += step
            day += timedelta(days=1)
        return slots

    def _ib_busy_map(self, partner_ids, dt_from, dt_to):
        """Busy times of partners from their calendar events, in one query.

        :return: (busy, care_count) with busy ``{partner_id: {local day: [(start,
            stop), ...]}}`` (UTC, sorted) and care_count ``{partner_id: {local day:
            number of care meetings}}``
        """
        busy = defaultdict(lambda: defaultdict(list))
        care_count = defaultdict(lambda: defaultdict(int))
        if not partner_ids:
            return busy, care_count
        self.env["calendar.event"].flush_model(
            [
                "start",
                "stop",
                "allday",
                "start_date",
                "stop_date",
                "active",
                "show_as",
                "ib_kind",
            ]
        )
        self.env["calendar.attendee"].flush_model(["partner_id", "event_id", "state"])
        # SQL (no record rules): the busy times of the teachers and coordinators
        # across all schools and private events; only times are read, no content.
        rows = self.env.execute_query(
            SQL(
                """
                SELECT a.partner_id, e.start, e.stop, e.allday, e.start_date,
                       e.stop_date, e.ib_kind IS NOT NULL
                  FROM calendar_attendee a
                  JOIN calendar_event e ON e.id = a.event_id
                 WHERE a.partner_id = ANY(%s)
                   AND COALESCE(a.state, '') != 'declined'
                   AND e.active
                   AND e.show_as = 'busy'
                   AND e.start < %s
                   AND e.stop > %s
                """,
                list(partner_ids),
                dt_to + timedelta(days=1),
                dt_from - timedelta(days=1),
            )
        )
        tz = self._ib_tz()
        for partner_id, start, stop, allday, start_date, stop_date, is_care in rows:
            if allday and start_date:
                last = stop_date or start_date
                day = start_date
                while day <= last:
                    begin = tz.localize(datetime.combine(day, time())).astimezone(
                        pytz.utc
                    )
                    end = tz.localize(
                        datetime.combine(day + timedelta(days=1), time())
                    ).astimezone(pytz.utc)
                    insort(
                        busy[partner_id][day],
                        (begin.replace(tzinfo=None), end.replace(tzinfo=None)),
                    )
                    day += timedelta(days=1)
                first_day = start_date
            else:
                first_day = self._ib_local_day(start)
                last_day = self._ib_local_day(stop - timedelta(seconds=1))
                day = first_day
                while day <= last_day:
                    insort(busy[partner_id][day], (start, stop))
                    day += timedelta(days=1)
            if is_care:
                care_count[partner_id][first_day] += 1
        return busy, care_count

    def _ib_planned_groups(self, groups, dt_from, dt_to):
        """``{group_id: [start, ...]}``: group discussions that already exist."""
        # sudo: only which groups already have a discussion and when, across the
        # private events of the schools being planned; nothing else is read.
        events = (
            self.env["calendar.event"]
            .sudo()
            .search_fetch(
                [
                    ("ib_kind", "=", "group_discussion"),
                    ("ib_group_id", "in", groups.ids),
                    ("ib_state", "!=", "cancelled"),
                    ("start", "<", dt_to + timedelta(days=1)),
                    ("stop", ">", dt_from - timedelta(days=1)),
                ],
                ["ib_group_id", "start"],
            )
        )
        planned = defaultdict(list)
        for event in events:
            planned[event.ib_group_id.id].append(event.start)
        return planned

    def _ib_groups(self, date_from, date_to):
        domain = [
            ("company_id", "in", self.company_ids.ids),
            ("school_year_id.date_start", "<=", date_to),
            ("school_year_id.date_end", ">=", date_from),
        ]
        if self.group_ids:
            domain.append(("id", "in", self.group_ids.ids))
        groups = self.env["ib.group"].search(
            domain, order="company_id, sequence, name, id"
        )
        groups.fetch(["name", "company_id", "school_year_id", "teacher_ids"])
        groups.school_year_id.fetch(["date_start", "date_end"])
        groups.teacher_ids.fetch(["partner_id", "name"])
        return groups

    def _ib_plan(self):
        """The proposed schedule: a list of values for ``ib.meeting.schedule.line``."""
        self.ensure_one()
        rounds = self.round_ids.sorted(lambda r: (r.sequence, r.date_from, r.id))
        date_from = min(rounds.mapped("date_from"))
        date_to = max(rounds.mapped("date_to"))
        dt_from = self._ib_to_utc(date_from, 0)
        dt_to = self._ib_to_utc(date_to + timedelta(days=1), 0)
        groups = self._ib_groups(date_from, date_to)
        coordinators = {s.company_id: s.coordinator_id for s in self.school_ids}
        people = groups.teacher_ids | self.school_ids.coordinator_id
        busy, care_count = self._ib_busy_map(set(people.partner_id.ids), dt_from, dt_to)
        planned = self._ib_planned_groups(groups, dt_from, dt_to)
        buffer = timedelta(minutes=self.buffer_minutes)
        lines = []
        for rnd in rounds:
            slots = self._ib_candidate_slots(rnd)
            round_from = self._ib_to_utc(rnd.date_from, 0)
            round_to = self._ib_to_utc(rnd.date_to + timedelta(days=1), 0)
            for group in groups:
                year = group.school_year_id
                if not (year.date_start <= rnd.date_from <= year.date_end):
                    continue
                coordinator = coordinators.get(group.company_id)
                base = {
                    "schedule_id": self.id,
                    "round_id": rnd.id,
                    "company_id": group.company_id.id,
                    "group_id": group.id,
                    "coordinator_id": coordinator.id if coordinator else False,
                    "teacher_ids": [Command.set(group.teacher_ids.ids)],
                }
                existing = [
                    start
                    for start in planned.get(group.id, [])
                    if round_from <= start < round_to
                ]
                if existing:
                    lines.append(
                        dict(
                            base,
                            state="skipped",
                            start=existing[0],
                            reason=self.env._(
                                "Already has a group discussion in this round."
                            ),
                        )
                    )
                    continue
                if not group.teacher_ids:
                    lines.append(
                        dict(
                            base,
                            state="unplaceable",
                            reason=self.env._("The group has no teacher."),
                        )
                    )
                    continue
                if not coordinator:
                    lines.append(
                        dict(
                            base,
                            state="unplaceable",
                            reason=self.env._(
                                "No care coordinator chosen for %s.",
                                group.company_id.name,
                            ),
                        )
                    )
                    continue
                placed, reason = self._ib_place(
                    slots, coordinator, group.teacher_ids, busy, care_count, buffer, rnd
                )
                if placed:
                    lines.append(
                        dict(base, state="placed", start=placed[0], stop=placed[1])
                    )
                else:
                    lines.append(dict(base, state="unplaceable", reason=reason))
        return lines

    def _ib_place(self, slots, coordinator, teachers, busy, care_count, buffer, rnd):
        """Earliest slot when everyone is free; books it in ``busy``.

        :return: ((start, stop), None) or (None, reason)
        """
        coordinator_partner = coordinator.partner_id.id
        participants = [(coordinator_partner, coordinator.name)] + [
            (t.partner_id.id, t.name)
            for t in teachers
            if t.partner_id.id != coordinator_partner
        ]
        blocked = defaultdict(int)
        full_days = set()
        for day, start, stop in slots:
            if (
                self.max_per_day
                and care_count[coordinator_partner][day] >= self.max_per_day
            ):
                full_days.add(day)
                continue
            low, high = start - buffer, stop + buffer
            blocker = next(
                (
                    partner_id
                    for partner_id, _name in participants
                    if any(b < high and e > low for b, e in busy[partner_id][day])
                ),
                None,
            )
            if blocker is not None:
                blocked[blocker] += 1
                continue
            for partner_id, _name in participants:
                insort(busy[partner_id][day], (start, stop))
            care_count[coordinator_partner][day] += 1
            return (start, stop), None
        return None, self._ib_reason(slots, participants, blocked, full_days, rnd)

    def _ib_reason(self, slots, participants, blocked, full_days, rnd):
        if not slots:
            return self.env._(
                "The round has no allowed day and time: check its dates, the "
                "weekdays and the hours."
            )
        parts = [
            self.env._(
                "%(name)s is busy at %(count)s of the %(total)s possible times",
                name=name,
                count=blocked[partner_id],
                total=len(slots),
            )
            for partner_id, name in participants
            if blocked.get(partner_id)
        ]
        if full_days:
            parts.append(
                self.env._(
                    "%(name)s already has %(max)s care meetings on %(days)s of the "
                    "days",
                    name=participants[0][1],
                    max=self.max_per_day,
                    days=len(full_days),
                )
            )
        return self.env._(
            "No time when everyone is free between %(start)s and %(end)s: %(why)s.",
            start=format_date(self.env, rnd.date_from),
            end=format_date(self.env, rnd.date_to),
            why="; ".join(parts),
        )

    def _ib_recheck(self, lines):
        """Mark placed lines unplaceable when someone got busy since the preview."""
        if not lines:
            return
        dt_from = min(lines.mapped("start"))
        dt_to = max(lines.mapped("stop"))
        people = lines.teacher_ids | lines.coordinator_id
        busy, _count = self._ib_busy_map(set(people.partner_id.ids), dt_from, dt_to)
        for line in lines:
            day = self._ib_local_day(line.start)
            partners = (line.coordinator_id | line.teacher_ids).partner_id
            taken = [
                p
                for p in partners
                if any(b < line.stop and e > line.start for b, e in busy[p.id][day])
            ]
            if taken:
                line.write(
                    {
                        "state": "unplaceable",
                        "reason": self.env._(
                            "%s got busy at this time after the preview: make the "
                            "schedule again.",
                            ", ".join(p.name for p in taken),
                        ),
                    }
                )

    # ------------------------------------------------------------------ demo

    @api.model
    def _ib_demo_plan_year(self, company_id, coordinator_id):
        """Demo data: a team meeting every Monday afternoon of the rounds, then three
        rounds of group discussions planned around it in the current school year
        of the school (after the autumn, the middle and the end tests)."""
        company = self.env["res.company"].browse(company_id)
        coordinator = self.env["res.users"].browse(coordinator_id)
        year = self.env["ib.school.year"].search(
            [("company_id", "=", company.id), ("is_current", "=", True)], limit=1
        )
        if not year:
            return False
        windows = [
            ("Ronde 1 (herfst)", year.date_start + timedelta(days=70)),
            ("Ronde 2 (na de M-toetsen)", year.date_start + timedelta(days=196)),
            ("Ronde 3 (na de E-toetsen)", year.date_start + timedelta(days=308)),
        ]
        groups = self.env["ib.group"].search([("school_year_id", "=", year.id)])
        team = (groups.teacher_ids | coordinator).partner_id
        wizard = (
            self.with_user(coordinator)
            .with_context(
                allowed_company_ids=company.ids,
                tz="Europe/Amsterdam",
                lang=coordinator.lang or self.env.lang,
            )
            .create(
                {
                    "company_ids": [Command.set(company.ids)],
                    "hour_from": 12.5,
                    "hour_to": 16.5,
                    "tz": "Europe/Amsterdam",
                    "round_ids": [
                        Command.create(
                            {
                                "sequence": i,
                                "name": name,
                                "date_from": first,
                                "date_to": first + timedelta(days=18),
                            }
                        )
                        for i, (name, first) in enumerate(windows, 1)
                    ],
                }
            )
        )
        team_meetings = []
        for _name, first in windows:
            monday = first + timedelta(days=(7 - first.weekday()) % 7)
            while monday <= first + timedelta(days=18):
                team_meetings.append(
                    {
                        "name": "Teamvergadering",
                        "start": wizard._ib_to_utc(monday, 15.0),
                        "stop": wizard._ib_to_utc(monday, 16.5),
                        "user_id": coordinator.id,
                        "partner_ids": [Command.set(team.ids)],
                    }
                )
                monday += timedelta(days=7)
        self.env["calendar.event"].with_context(no_mail_to_attendees=True).create(
            team_meetings
        )
        wizard.school_ids.coordinator_id = coordinator
        wizard.action_preview()
        wizard.action_create()
        return wizard.event_ids.ids
