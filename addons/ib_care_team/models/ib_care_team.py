from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command


class IbCareTeam(models.Model):
    """The care team (zorg- en adviesteam, ZAT) of a school: its members and its
    meetings (calendar events of kind "care meeting" with pupils on the agenda,
    see ib_meetings). One active team per school.

    Who reads it: the director and the care coordinators of the school, and the
    team's internal members (their own team). Teachers who are not a member and
    portal users (parents, providers) do not."""

    _name = "ib.care.team"
    _description = "Care Team"
    _inherit = ["ib.school.mixin", "ib.write.guard.mixin"]
    _order = "company_id, name"

    name = fields.Char(required=True, default=lambda self: self.env._("Care Team"))
    active = fields.Boolean(default=True)
    member_ids = fields.One2many(
        "ib.care.team.member", "team_id", string="Members", copy=False
    )
    member_count = fields.Integer(compute="_compute_counts", string="Members #")
    meeting_ids = fields.One2many(
        "calendar.event", "ib_care_team_id", string="Meetings", copy=False
    )
    meeting_count = fields.Integer(compute="_compute_counts", string="Meetings #")
    note = fields.Text(help="How often the team meets, who chairs, what it decides.")

    _company_uniq = models.UniqueIndex(
        "(company_id) WHERE active",
        "A school has one care team.",
    )

    @api.depends("member_ids")
    def _compute_counts(self):
        meetings = dict(
            self.env["calendar.event"]._read_group(
                [("ib_care_team_id", "in", self.ids)], ["ib_care_team_id"], ["__count"]
            )
        )
        for team in self:
            team.member_count = len(team.member_ids)
            team.meeting_count = meetings.get(team, 0)

    def _ib_check_coordinator(self):
        if self.env.su:
            return
        self.env["res.users"]._ib_check_role(
            "coordinator",
            self.env._(
                "Only the care coordinator of the school manages its care team."
            ),
            self.company_id,
        )

    @api.model_create_multi
    def create(self, vals_list):
        teams = super().create(vals_list)
        teams._ib_check_coordinator()
        return teams

    def write(self, vals):
        self._ib_check_coordinator()
        result = super().write(vals)
        if "company_id" in vals:
            self._ib_check_coordinator()
        return result

    def _ib_meeting_vals(self, start, stop, name=None, externals=True):
        """Values of a new care-team meeting (ZAT) of this team: its school, the
        kind "care meeting", the ZAT meeting type and the members as attendees
        (external members only with ``externals``: inviting them to a meeting
        with pupils on the agenda needs the parents' consent, ib_meetings'
        guard)."""
        self.ensure_one()
        members = self.member_ids.filtered("active")
        if not externals:
            members = members.filtered(lambda m: not m.is_external)
        return {
            "name": name or self.env._("Care team meeting (ZAT)"),
            "ib_kind": "care_meeting",
            "ib_company_id": self.company_id.id,
            "ib_care_team_id": self.id,
            "categ_ids": [Command.link(self.env.ref("ib_care_team.event_type_zat").id)],
            "user_id": self.env.user.id,
            "partner_ids": [
                Command.set((members.partner_id | self.env.user.partner_id).ids)
            ],
            "start": start,
            "stop": stop,
            "privacy": "private",
            "show_as": "busy",
        }

    def action_new_meeting(self):
        """Open a new care-team meeting of this team (kind, school, members)."""
        self.ensure_one()
        self._ib_check_coordinator()
        if not self.member_ids:
            raise UserError(self.env._("Add the members of the care team first."))
        vals = self._ib_meeting_vals(False, False)
        context = {
            f"default_{name}": value
            for name, value in vals.items()
            if name not in ("start", "stop", "categ_ids", "partner_ids")
        }
        context["default_partner_ids"] = vals["partner_ids"][0][2]
        context["default_categ_ids"] = [vals["categ_ids"][0][1]]
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": context,
        }

    def action_view_meetings(self):
        self.ensure_one()
        return self.env["ir.actions.act_window"]._ib_action_linked(
            "ib_meetings.calendar_event_action_ib", "ib_care_team_id", self
        )

    def action_view_caseload(self):
        self.ensure_one()
        return self.env["ir.actions.act_window"]._ib_action_for(
            "ib_care_team.ib_pupil_action_caseload",
            [("company_id", "=", self.company_id.id), ("ib_in_care", "=", True)],
        )
