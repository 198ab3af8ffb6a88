from odoo import fields, models

from odoo.addons.ib_meetings.models.ib_meeting_schedule_service import Proposal


class IbCareRosterLine(models.TransientModel):
    _name = "ib.care.roster.line"
    _description = "Proposed Meeting of the Care Roster"
    _order = "sequence, id"

    roster_id = fields.Many2one(
        "ib.care.roster", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer()
    round_id = fields.Many2one("ib.care.roster.round")
    round_name = fields.Char(related="round_id.name", string="Round Name")
    group_id = fields.Many2one("ib.group")
    teacher_ids = fields.Many2many("res.users", string="Teachers")
    start = fields.Datetime()
    stop = fields.Datetime()
    state = fields.Selection(
        [
            ("placed", "Placed"),
            ("unplaceable", "Not placed"),
            ("skipped", "Already planned"),
        ],
        string="Result",
        required=True,
    )
    reason = fields.Text()
    proposed_pupil_ids = fields.Many2many(
        "ib.pupil",
        string="Proposed Pupils",
        help="Pupils with a test signal or an open support request: they are put "
        "on the agenda of this meeting. Remove those who need no discussion.",
    )
    event_id = fields.Many2one("calendar.event", string="Meeting", readonly=True)

    def _ib_proposal(self):
        """The line as the planner's ``Proposal`` (a pupil discussion)."""
        self.ensure_one()
        roster = self.roster_id
        return Proposal(
            company=roster.company_id,
            group=self.group_id,
            coordinator=roster.coordinator_id,
            teachers=self.teacher_ids,
            state=self.state,
            round_name=self.round_name or "",
            round_ref=self.round_id.id,
            start=self.start or None,
            stop=self.stop or None,
            reason=self.reason or "",
            participants=roster.participant_ids,
        )
