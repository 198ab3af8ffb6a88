import logging
from datetime import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

from odoo.addons.base.models.res_partner import _tz_get

from ..models.ib_meeting_schedule_service import ScheduleRound, ScheduleSettings

_logger = logging.getLogger(__name__)

WEEKDAY_FIELDS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday")


class IbMeetingSchedule(models.TransientModel):
    """The form of the yearly schedule (rooster) of group discussions: schools,
    rounds and times, the proposed schedule, then the meetings created on
    confirmation. The planning itself (who is free when, where each group
    discussion goes, why one cannot be placed) and the creation of the meetings
    are done by ``ib.meeting.schedule.service``.
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
    fit_message = fields.Text(
        string="Rounds That Do Not Fit",
        readonly=True,
        help="The rounds whose group discussions do not all fit outside the "
        "schools' lesson times (or in their marked meeting slots).",
    )
    plan_seconds = fields.Float(string="Planned in (s)", readonly=True, digits=(6, 2))

    @api.depends("company_ids")
    def _compute_school_ids(self):
        # _origin: in the form the schools are new-record wrappers of real ones.
        coordinators = self.env["ib.meeting.schedule.service"].default_coordinators(
            self.company_ids._origin
        )
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

    # ------------------------------------------------------------------ actions

    def action_preview(self):
        self.ensure_one()
        started = datetime.now()
        proposals = self._ib_service().plan(self._ib_settings())
        self.line_ids.unlink()
        self.env["ib.meeting.schedule.line"].create(
            [self._ib_line_vals(proposal) for proposal in proposals]
        )
        self.fit_message = "\n".join(self._ib_service().fit_report(proposals)) or False
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
        """Create the placed meetings (as they stand in the proposed schedule),
        after checking once more that nobody got busy since the preview."""
        self.ensure_one()
        self._ib_service().check_access(self.company_ids)
        if self.state != "preview":
            raise UserError(self.env._("Make the proposed schedule first."))
        lines = self.line_ids.filtered(lambda ln: ln.state == "placed")
        proposals = [line._ib_proposal() for line in lines]
        events = self._ib_service().create_meetings(self._ib_settings(), proposals)
        for line, proposal in zip(lines, proposals, strict=True):
            if proposal.state != line.state:
                line.write({"state": proposal.state, "reason": proposal.reason})
        self.event_ids = [Command.set(events.ids)]
        self.state = "done"
        return self._ib_reopen()

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
            "name": self.env._("Plan Group Discussions"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": self.env.context,
        }

    # ------------------------------------------------------------ the service

    def _ib_service(self):
        """The planner, run as the same user as the wizard."""
        return self.env["ib.meeting.schedule.service"]

    def _ib_settings(self):
        self.ensure_one()
        return ScheduleSettings(
            companies=self.company_ids,
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
            coordinators={s.company_id.id: s.coordinator_id for s in self.school_ids},
            groups=self.group_ids,
            duration=self.duration,
            hour_from=self.hour_from,
            hour_to=self.hour_to,
            weekdays=frozenset(
                i for i, name in enumerate(WEEKDAY_FIELDS) if self[name]
            ),
            buffer_minutes=self.buffer_minutes,
            max_per_day=self.max_per_day,
            tz=self.tz,
            send_invitations=self.send_invitations,
        )

    def _ib_line_vals(self, proposal):
        return {
            "schedule_id": self.id,
            "round_id": proposal.round_ref or False,
            "company_id": proposal.company.id,
            "group_id": proposal.group.id,
            "coordinator_id": proposal.coordinator.id,
            "teacher_ids": [Command.set(proposal.teachers.ids)],
            "state": proposal.state,
            "start": proposal.start or False,
            "stop": proposal.stop or False,
            "reason": proposal.reason or False,
        }
