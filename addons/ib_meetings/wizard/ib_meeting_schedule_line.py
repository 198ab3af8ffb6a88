from odoo import fields, models


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
