from odoo import fields, models


class IbMeetingScheduleSchool(models.TransientModel):
    _name = "ib.meeting.schedule.school"
    _description = "School in the Schedule of Group Discussions"

    schedule_id = fields.Many2one(
        "ib.meeting.schedule", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one("res.company", string="School", required=True)
    coordinator_id = fields.Many2one(
        "res.users",
        string="Care Coordinator",
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        help="Takes part in every group discussion of the school.",
    )
