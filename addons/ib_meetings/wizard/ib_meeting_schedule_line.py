from odoo import fields, models

from ..models.ib_meeting_schedule_service import Proposal


class IbMeetingScheduleLine(models.TransientModel):
    _name = "ib.meeting.schedule.line"
    _description = "Proposed Group Discussion"
    _order = "state desc, start, company_id, id"

    schedule_id = fields.Many2one(
        "ib.meeting.schedule", required=True, ondelete="cascade", index=True
    )
    round_id = fields.Many2one("ib.meeting.schedule.round")
    round_name = fields.Char(related="round_id.name", string="Round Name")
    company_id = fields.Many2one("res.company", string="School")
    group_id = fields.Many2one("ib.group")
    coordinator_id = fields.Many2one("res.users", string="Care Coordinator")
    teacher_ids = fields.Many2many("res.users")
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

    def _ib_proposal(self):
        """The line as the planner's ``Proposal`` (as the user may have left it)."""
        self.ensure_one()
        return Proposal(
            company=self.company_id,
            group=self.group_id,
            coordinator=self.coordinator_id,
            teachers=self.teacher_ids,
            state=self.state,
            round_name=self.round_name or "",
            round_ref=self.round_id.id,
            start=self.start or None,
            stop=self.stop or None,
            reason=self.reason or "",
        )
