from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Command


class CalendarEvent(models.Model):
    """A meeting of a care team (ZAT) is a care meeting of ib_meetings (kind "care
    meeting") with the team: its agenda items, the consent guard for external
    members and its agreements on the pupil files are ib_meetings' own."""

    _inherit = "calendar.event"

    ib_care_team_id = fields.Many2one(
        "ib.care.team",
        string="Care Team",
        index="btree_not_null",
        help="The care team (ZAT) this meeting is a meeting of.",
    )

    @api.model
    def _ib_team_defaults(self, vals_list):
        """A meeting of a team is a care meeting of the team's school, of the
        meeting type "care team meeting (ZAT)"."""
        teams = self.env["ib.care.team"].browse(
            {
                vals["ib_care_team_id"]
                for vals in vals_list
                if vals.get("ib_care_team_id")
            }
        )
        company = {team.id: team.company_id.id for team in teams}
        zat = self.env.ref("ib_care_team.event_type_zat", raise_if_not_found=False)
        for vals in vals_list:
            team_id = vals.get("ib_care_team_id")
            if not team_id:
                continue
            vals.setdefault("ib_kind", "care_meeting")
            vals.setdefault("ib_company_id", company[team_id])
            if zat and "categ_ids" not in vals:
                vals["categ_ids"] = [Command.link(zat.id)]
        return vals_list

    @api.model_create_multi
    def create(self, vals_list):
        return super().create(self._ib_team_defaults(vals_list))

    def write(self, vals):
        if "ib_care_team_id" in vals and not self.env.su:
            # Which team a meeting belongs to is the coordinator's call; decided on
            # the meetings whose team changes, not on the key (an ordinary event
            # saved with an empty team is none of the suite's business).
            new_team = vals["ib_care_team_id"] or False
            changed = self.sudo().filtered(lambda e: e.ib_care_team_id.id != new_team)
            if changed:
                teams = self.env["ib.care.team"].browse(new_team or [])
                self._ib_check_coordinator(changed.ib_company_id | teams.company_id)
        if vals.get("ib_care_team_id"):
            # A meeting made a team's meeting: the coordinator's call (ib_meetings
            # checks it for the care fields that come with it).
            vals = self._ib_team_defaults([dict(vals)])[0]
            vals.pop("categ_ids", None)
        return super().write(vals)

    @api.constrains("ib_care_team_id", "ib_company_id", "ib_kind")
    def _check_ib_care_team(self):
        for event in self.sudo().filtered("ib_care_team_id"):
            if event.ib_care_team_id.company_id != event.ib_company_id:
                raise ValidationError(
                    self.env._(
                        "Care team %(team)s belongs to another school than meeting "
                        "%(meeting)s.",
                        team=event.ib_care_team_id.name,
                        meeting=event.name,
                    )
                )
            if event.ib_kind not in ("care_meeting", "pupil_discussion", "mdo"):
                raise ValidationError(
                    self.env._(
                        "A meeting of the care team is a care meeting, a pupil "
                        "discussion or an MDO."
                    )
                )
