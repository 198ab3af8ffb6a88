from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import pytz

from odoo import api, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tools import SQL, format_date

from . import schedule_slots
from .schedule_slots import add_busy, local_day, to_utc


@dataclass(frozen=True)
class ScheduleRound:
    """A period in which every group gets one group discussion."""

    date_from: date
    date_to: date
    name: str = ""
    sequence: int = 1
    ref: int = 0  # the caller's reference, e.g. the wizard's round id


@dataclass
class ScheduleSettings:
    """What to plan: the schools, their care coordinator (``{company id:
    res.users}``), the rounds, and when meetings may take place."""

    companies: models.BaseModel
    rounds: list
    coordinators: dict = field(default_factory=dict)
    groups: models.BaseModel | None = None  # only these groups; None: all
    duration: float = 0.75
    hour_from: float = 8.5
    hour_to: float = 16.0
    weekdays: frozenset = frozenset({0, 1, 3, 4})  # 0 = Monday
    buffer_minutes: int = 15
    max_per_day: int = 4
    tz: str = "Europe/Amsterdam"
    send_invitations: bool = False
    # Plan around each school's lesson times (or in its marked meeting slots).
    respect_lessons: bool = True
    # The kind of meeting planned per group and round (``calendar.event.ib_kind``):
    # group discussions by default; e.g. pupil discussions (ib_care_team).
    kind: str = "group_discussion"
    # ``{company id: res.users}``: who takes part in every meeting of the school
    # besides its coordinator and the group's teachers (e.g. the remedial teacher).
    participants: dict = field(default_factory=dict)

    @property
    def tzinfo(self):
        return pytz.timezone(self.tz or "Europe/Amsterdam")


@dataclass
class Proposal:
    """One group discussion of the schedule: ``placed`` (start and stop),
    ``unplaceable`` (with the reason) or ``skipped`` (the group already has one
    in the round: start)."""

    company: models.BaseModel
    group: models.BaseModel
    coordinator: models.BaseModel
    teachers: models.BaseModel
    state: str
    round_name: str = ""
    round_ref: int = 0
    start: datetime | None = None
    stop: datetime | None = None
    reason: str = ""
    participants: models.BaseModel | None = None  # besides coordinator, teachers

    def attendees(self):
        """Everyone who takes part: the coordinator, the teachers and the others."""
        people = self.coordinator | self.teachers
        return people | self.participants if self.participants else people


class IbMeetingScheduleService(models.AbstractModel):
    """The yearly schedule (rooster) of group discussions.

    For every group of the chosen schools and every round (e.g. after each test
    moment), find a time within the round's dates, the allowed weekdays and hours
    when the group's teachers and the school's care coordinator are all free:
    free of their existing calendar events and of the other discussions planned
    in the same run. ``plan`` proposes and writes nothing; ``create_meetings``
    checks once more and creates the placed ones. Whatever cannot be placed is
    reported with the reason.

    All calendar data is read in two queries before planning starts; placing is
    done in memory (no query per group or per slot). Only care coordinators of
    the schools plan; everything runs as the calling user, except reading busy
    times and existing discussions (see ``_ib_busy_map``, ``_ib_planned_groups``).
    """

    _name = "ib.meeting.schedule.service"
    _description = "Group Discussion Planner"

    # ------------------------------------------------------------ settings
    @api.model
    def default_coordinators(self, companies):
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

    @api.model
    def check_access(self, companies):
        if not self.env.user._ib_has_role("coordinator"):
            raise AccessError(
                self.env._("Only a care coordinator can plan group discussions.")
            )
        foreign = companies - self.env.user.company_ids
        if foreign:
            raise AccessError(
                self.env._(
                    "You cannot plan meetings for %s.",
                    ", ".join(foreign.mapped("name")),
                )
            )

    @api.model
    def validate(self, settings):
        """Raise a UserError listing everything wrong with ``settings``."""
        errors = []
        if not settings.companies:
            errors.append(self.env._("Choose at least one school."))
        if not settings.rounds:
            errors.append(self.env._("Add at least one round with its dates."))
        for rnd in settings.rounds:
            if not rnd.date_from or not rnd.date_to or rnd.date_to < rnd.date_from:
                errors.append(
                    self.env._(
                        "Round %s needs a first and a last day, the last not before "
                        "the first.",
                        rnd.name or rnd.sequence,
                    )
                )
        if settings.duration <= 0:
            errors.append(self.env._("The duration must be longer than zero."))
        if not 0 <= settings.hour_from < settings.hour_to <= 24:
            errors.append(
                self.env._("The hours must run from early to late in one day.")
            )
        elif settings.duration > settings.hour_to - settings.hour_from:
            errors.append(
                self.env._("A meeting does not fit between the hours you chose.")
            )
        if not settings.weekdays:
            errors.append(self.env._("Choose at least one weekday."))
        if settings.buffer_minutes < 0 or settings.max_per_day < 0:
            errors.append(
                self.env._("The pause and the maximum per day cannot be negative.")
            )
        for company_id, user in settings.coordinators.items():
            company = self.env["res.company"].browse(company_id)
            if user and (user.share or company not in user.company_ids):
                errors.append(
                    self.env._(
                        "%(user)s does not work for %(school)s.",
                        user=user.name,
                        school=company.name,
                    )
                )
        if errors:
            raise UserError("\n".join(errors))

    # ------------------------------------------------------------ planning
    @api.model
    def plan(self, settings):
        """The proposed schedule: a list of ``Proposal``, per round and group.
        Writes nothing."""
        self.check_access(settings.companies)
        self.validate(settings)
        tz = settings.tzinfo
        rounds = sorted(
            settings.rounds, key=lambda r: (r.sequence, r.date_from, r.ref or 0)
        )
        date_from = min(r.date_from for r in rounds)
        date_to = max(r.date_to for r in rounds)
        dt_from = to_utc(tz, date_from, 0)
        dt_to = to_utc(tz, date_to + timedelta(days=1), 0)
        groups = self._ib_groups(settings, date_from, date_to)
        coordinators = settings.coordinators
        people = groups.teacher_ids.union(
            *(u for u in coordinators.values() if u),
            *settings.participants.values(),
        )
        busy, care_count = self._ib_busy_map(
            set(people.partner_id.ids), dt_from, dt_to, tz
        )
        planned = self._ib_planned_groups(groups, dt_from, dt_to, settings.kind)
        buffer = timedelta(minutes=settings.buffer_minutes)
        proposals = []
        windows = {
            company.id: self._ib_meeting_windows(company, settings)
            for company in groups.company_id
        }
        for rnd in rounds:
            slots_of = {
                company_id: schedule_slots.candidate_slots(
                    tz,
                    rnd.date_from,
                    rnd.date_to,
                    settings.weekdays,
                    settings.hour_from,
                    settings.hour_to,
                    settings.duration,
                    company_windows,
                )
                for company_id, company_windows in windows.items()
            }
            round_from = to_utc(tz, rnd.date_from, 0)
            round_to = to_utc(tz, rnd.date_to + timedelta(days=1), 0)
            for group in groups:
                year = group.school_year_id
                if not (year.date_start <= rnd.date_from <= year.date_end):
                    continue
                coordinator = coordinators.get(group.company_id.id)
                proposal = Proposal(
                    company=group.company_id,
                    group=group,
                    coordinator=coordinator or self.env["res.users"],
                    teachers=group.teacher_ids,
                    state="unplaceable",
                    round_name=rnd.name,
                    round_ref=rnd.ref,
                    participants=settings.participants.get(group.company_id.id),
                )
                proposals.append(proposal)
                existing = [
                    start
                    for start in planned.get(group.id, [])
                    if round_from <= start < round_to
                ]
                if existing:
                    proposal.state = "skipped"
                    proposal.start = existing[0]
                    proposal.reason = self.env._(
                        "Already has a group discussion in this round."
                    )
                elif not group.teacher_ids:
                    proposal.reason = self.env._("The group has no teacher.")
                elif not coordinator:
                    proposal.reason = self.env._(
                        "No care coordinator chosen for %s.", group.company_id.name
                    )
                else:
                    self._ib_place(
                        proposal,
                        slots_of[group.company_id.id],
                        busy,
                        care_count,
                        buffer,
                        settings,
                        rnd,
                    )
        return proposals

    @api.model
    def fit_report(self, proposals):
        """One translated sentence per round and school that does not fit: some
        of its group discussions could not be placed (outside the lesson times or
        in the marked slots). Empty when every round fits."""
        rounds = {}
        for proposal in proposals:
            key = (proposal.round_ref, proposal.round_name, proposal.company)
            rounds.setdefault(key, []).append(proposal)
        lines = []
        for (_ref, name, company), of_round in rounds.items():
            missing = [p for p in of_round if p.state == "unplaceable"]
            if not missing:
                continue
            lines.append(
                self.env._(
                    "Round %(round)s does not fit for %(school)s: %(count)s of "
                    "%(total)s group discussions could not be placed outside lesson "
                    "time (%(lessons)s). Lengthen the round, allow more weekdays or "
                    "hours, or mark more meeting slots for the school.",
                    round=name or "-",
                    school=company.name,
                    count=len(missing),
                    total=len(of_round),
                    lessons=self.lesson_times_text(company),
                )
            )
        return lines

    @api.model
    def _ib_meeting_windows(self, company, settings):
        """When meetings of ``company`` may take place per weekday: in the slots
        the school marked, or else outside its lesson times, within the hours of
        ``settings``."""
        if not settings.respect_lessons:
            return None
        return schedule_slots.meeting_windows(
            settings.hour_from,
            settings.hour_to,
            company._ib_lesson_times(),
            company._ib_marked_meeting_slots(),
        )

    @api.model
    def lesson_times_text(self, company):
        """The school's lesson times (or marked slots) in words, for messages."""
        labels = dict(
            self.env["ib.meeting.slot"]
            ._fields["weekday"]
            ._description_selection(self.env)
        )

        def hours(value):
            minutes = round(value * 60)
            return f"{minutes // 60:02d}:{minutes % 60:02d}"

        marked = company._ib_marked_meeting_slots()
        times = marked or {
            day: [span] for day, span in company._ib_lesson_times().items()
        }
        text = ", ".join(
            f"{labels[str(day)]} "
            + " & ".join(f"{hours(low)}-{hours(high)}" for low, high in spans)
            for day, spans in sorted(times.items())
        )
        if marked:
            return self.env._("meeting slots %s", text)
        return self.env._("lessons %s", text)

    def _ib_place(self, proposal, slots, busy, care_count, buffer, settings, rnd):
        coordinator = proposal.coordinator
        participants = [(coordinator.partner_id.id, coordinator.name)] + [
            (t.partner_id.id, t.name) for t in proposal.attendees() - coordinator
        ]
        placed, blocked, full_days = schedule_slots.place(
            slots,
            [partner_id for partner_id, _name in participants],
            busy,
            care_count,
            buffer,
            settings.max_per_day,
        )
        if placed:
            proposal.state = "placed"
            proposal.start, proposal.stop = placed
            return
        if not slots:
            proposal.reason = self.env._(
                "The round does not fit: outside the lesson times of %(school)s "
                "(%(lessons)s) there is no time for a meeting on the chosen "
                "weekdays and hours between %(start)s and %(end)s.",
                school=proposal.company.name,
                lessons=self.lesson_times_text(proposal.company),
                start=format_date(self.env, rnd.date_from),
                end=format_date(self.env, rnd.date_to),
            )
            return
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
                    max=settings.max_per_day,
                    days=len(full_days),
                )
            )
        proposal.reason = self.env._(
            "No time when everyone is free between %(start)s and %(end)s: %(why)s.",
            start=format_date(self.env, rnd.date_from),
            end=format_date(self.env, rnd.date_to),
            why="; ".join(parts),
        )

    def _ib_groups(self, settings, date_from, date_to):
        domain = [
            ("company_id", "in", settings.companies.ids),
            ("school_year_id.date_start", "<=", date_to),
            ("school_year_id.date_end", ">=", date_from),
        ]
        if settings.groups:
            domain.append(("id", "in", settings.groups.ids))
        groups = self.env["ib.group"].search(
            domain, order="company_id, sequence, name, id"
        )
        groups.fetch(["name", "company_id", "school_year_id", "teacher_ids"])
        groups.school_year_id.fetch(["date_start", "date_end"])
        groups.teacher_ids.fetch(["partner_id", "name"])
        return groups

    def _ib_busy_map(self, partner_ids, dt_from, dt_to, tz):
        """Busy times of partners from their calendar events, in one query; see
        ``schedule_slots.new_busy_map``."""
        busy, care_count = schedule_slots.new_busy_map()
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
                    add_busy(
                        busy,
                        partner_id,
                        day,
                        begin.replace(tzinfo=None),
                        end.replace(tzinfo=None),
                    )
                    day += timedelta(days=1)
                first_day = start_date
            else:
                first_day = local_day(tz, start)
                last_day = local_day(tz, stop - timedelta(seconds=1))
                day = first_day
                while day <= last_day:
                    add_busy(busy, partner_id, day, start, stop)
                    day += timedelta(days=1)
            if is_care:
                care_count[partner_id][first_day] += 1
        return busy, care_count

    def _ib_planned_groups(self, groups, dt_from, dt_to, kind="group_discussion"):
        """``{group_id: [start, ...]}``: meetings of ``kind`` (group discussions)
        of the groups that already exist."""
        # sudo: only which groups already have a discussion and when, across the
        # private events of the schools being planned; nothing else is read.
        events = (
            self.env["calendar.event"]
            .sudo()
            .search_fetch(
                [
                    ("ib_kind", "=", kind),
                    ("ib_group_id", "in", groups.ids),
                    ("ib_state", "!=", "cancelled"),
                    ("start", "<", dt_to + timedelta(days=1)),
                    ("stop", ">", dt_from - timedelta(days=1)),
                ],
                ["ib_group_id", "start"],
            )
        )
        planned = {}
        for event in events:
            planned.setdefault(event.ib_group_id.id, []).append(event.start)
        return planned

    # ------------------------------------------------------------ creating
    @api.model
    def recheck(self, proposals, tz):
        """Mark the placed ``proposals`` unplaceable when someone got busy at
        their time since they were planned. Returns the proposals changed."""
        placed = [p for p in proposals if p.state == "placed"]
        if not placed:
            return []
        dt_from = min(p.start for p in placed)
        dt_to = max(p.stop for p in placed)
        people = self.env["res.users"].union(*(p.attendees() for p in placed))
        busy, _count = self._ib_busy_map(set(people.partner_id.ids), dt_from, dt_to, tz)
        changed = []
        for proposal in placed:
            day = local_day(tz, proposal.start)
            partners = proposal.attendees().partner_id
            taken = [
                p
                for p in partners
                if any(
                    b < proposal.stop and e > proposal.start for b, e in busy[p.id][day]
                )
            ]
            if taken:
                proposal.state = "unplaceable"
                proposal.reason = self.env._(
                    "%s got busy at this time after the preview: make the "
                    "schedule again.",
                    ", ".join(p.name for p in taken),
                )
                changed.append(proposal)
        return changed

    @api.model
    def create_meetings(self, settings, proposals):
        """Create the placed ``proposals`` as private calendar events of their
        school, organised by the user, after checking once more that nobody got
        busy (``recheck``: proposals that no longer fit are marked unplaceable and
        not created). Returns the events."""
        self.check_access(settings.companies)
        self.recheck(proposals, settings.tzinfo)
        kind_label = (
            self.env._("Group discussion")
            if settings.kind == "group_discussion"
            else dict(
                self.env["calendar.event"]
                ._fields["ib_kind"]
                ._description_selection(self.env)
            )[settings.kind]
        )
        vals_list = [
            {
                "name": f"{kind_label} {proposal.group.name}"
                + (f" - {proposal.round_name}" if proposal.round_name else ""),
                "ib_kind": settings.kind,
                "ib_company_id": proposal.company.id,
                "ib_group_id": proposal.group.id,
                "ib_round": proposal.round_name or False,
                # The organizer is whoever planned it (Odoo lets only the organizer
                # and the attendees create or change a private event); the
                # coordinator of the school takes part.
                "user_id": self.env.user.id,
                "partner_ids": [Command.set(proposal.attendees().partner_id.ids)],
                "start": proposal.start,
                "stop": proposal.stop,
                "privacy": "private",
                "show_as": "busy",
            }
            for proposal in proposals
            if proposal.state == "placed"
        ]
        # The meetings belong to the chosen schools (all of them the user's).
        return (
            self.env["calendar.event"]
            .with_context(
                allowed_company_ids=settings.companies.ids,
                no_mail_to_attendees=not settings.send_invitations,
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
                tracking_disable=True,
                # No reminders are set on these meetings: no alarm to schedule.
                dont_notify=True,
            )
            .create(vals_list)
        )

    # ------------------------------------------------------------ demo
    @api.model
    def _ib_demo_plan_year(self, company_id, coordinator_id):
        """Demo data: a team meeting every Monday afternoon of the rounds, then three
        rounds of group discussions planned around it in the current school year
        of the school (after the autumn, the middle and the end tests), by the
        school's care coordinator."""
        company = self.env["res.company"].browse(company_id)
        coordinator = self.env["res.users"].browse(coordinator_id)
        year = self.env["ib.school.year"].search(
            [("company_id", "=", company.id), ("is_current", "=", True)], limit=1
        )
        if not year:
            return False
        settings = ScheduleSettings(
            companies=company,
            coordinators={company.id: coordinator},
            hour_from=12.5,
            hour_to=16.5,
            tz="Europe/Amsterdam",
            rounds=[
                ScheduleRound(
                    date_from=first,
                    date_to=first + timedelta(days=18),
                    name=name,
                    sequence=i,
                )
                for i, (name, first) in enumerate(
                    [
                        ("Ronde 1 (herfst)", year.date_start + timedelta(days=70)),
                        (
                            "Ronde 2 (na de M-toetsen)",
                            year.date_start + timedelta(days=196),
                        ),
                        (
                            "Ronde 3 (na de E-toetsen)",
                            year.date_start + timedelta(days=308),
                        ),
                    ],
                    1,
                )
            ],
        )
        groups = self.env["ib.group"].search([("school_year_id", "=", year.id)])
        team = (groups.teacher_ids | coordinator).partner_id
        team_meetings = []
        for rnd in settings.rounds:
            monday = rnd.date_from + timedelta(days=(7 - rnd.date_from.weekday()) % 7)
            while monday <= rnd.date_to:
                team_meetings.append(
                    {
                        "name": "Teamvergadering",
                        "start": to_utc(settings.tzinfo, monday, 15.0),
                        "stop": to_utc(settings.tzinfo, monday, 16.5),
                        "user_id": coordinator.id,
                        "partner_ids": [Command.set(team.ids)],
                    }
                )
                monday += timedelta(days=7)
        self.env["calendar.event"].with_context(no_mail_to_attendees=True).create(
            team_meetings
        )
        planner = self.with_user(coordinator).with_context(
            allowed_company_ids=company.ids,
            tz="Europe/Amsterdam",
            lang=coordinator.lang or self.env.lang,
        )
        proposals = planner.plan(settings)
        return planner.create_meetings(settings, proposals).ids
