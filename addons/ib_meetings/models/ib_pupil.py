from odoo import fields, models


class IbPupil(models.Model):
    _inherit = "ib.pupil"

    ib_meeting_item_ids = fields.One2many(
        "ib.meeting.item", "pupil_id", string="Meeting Minutes"
    )
    ib_meeting_agreement_ids = fields.One2many(
        "ib.meeting.agreement", "pupil_id", string="Meeting Agreements"
    )
    ib_meeting_item_count = fields.Integer(
        compute="_compute_ib_counts", string="Meetings"
    )

    def _ib_count_sources(self):
        # Counted as the current user: confidential items stay out of a
        # teacher's count.
        sources = super()._ib_count_sources()
        sources["ib_meeting_item_count"] = [("ib.meeting.item", "pupil_id", [])]
        return sources

    def action_view_ib_meeting_items(self):
        self.ensure_one()
        return self.env["ir.actions.act_window"]._ib_action_linked(
            "ib_meetings.ib_meeting_item_action", "pupil_id", self
        )
