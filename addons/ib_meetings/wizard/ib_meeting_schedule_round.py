from odoo import fields, models


class IbMeetingScheduleRound(models.TransientModel):
    _name = "ib.meeting.schedule.round"
    _description = "Round of Group Discussions"
    _order = "sequence, date_from, id"

    schedule_id = fields.Many2one(
        "ib.meeting.schedule", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=1)
    name = fields.Char(string="Round", help="E.g. Round 2 (after the middle tests).")
    date_from = fields.Date(string="First Day", required=True)
    date_to = fields.Date(string="Last Day", required=True)
