from odoo import api, fields, models
from odoo.exceptions import ValidationError

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
]


class IbMeetingSlot(models.Model):
    """A time the school keeps for meetings (e.g. Wednesday 13:00-15:00): when a
    school marks slots, the yearly schedule plans group discussions only in them."""

    _name = "ib.meeting.slot"
    _inherit = ["ib.write.guard.mixin"]
    _description = "Meeting Slot"
    _order = "company_id, weekday, hour_from"

    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        index=True,
        ondelete="cascade",
        default=lambda self: self.env.company,
    )
    weekday = fields.Selection(WEEKDAYS, required=True, default="2")
    hour_from = fields.Float(string="From", required=True, default=13.0)
    hour_to = fields.Float(string="Until", required=True, default=15.0)

    @api.constrains("hour_from", "hour_to")
    def _check_hours(self):
        for slot in self:
            if not 0 <= slot.hour_from < slot.hour_to <= 24:
                raise ValidationError(
                    self.env._("A meeting slot runs from early to late within one day.")
                )
