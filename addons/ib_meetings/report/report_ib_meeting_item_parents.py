from odoo import api, models
from odoo.exceptions import UserError


class ReportIbMeetingItemParents(models.AbstractModel):
    """The part of the minutes about one pupil, for the parents: the question,
    the conclusion and the agreements (never the internal discussion)."""

    _name = "report.ib_meetings.report_meeting_item_parents"
    _description = "Meeting Minutes for Parents"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["ib.meeting.item"].browse(docids)
        if not self.env.su:
            # Runs as the requesting user: record rules decide (parents only reach
            # the items shared with them about their own children).
            docs.check_access("read")
        confidential = docs.filtered(lambda i: i.confidentiality == "confidential")
        if confidential:
            raise UserError(
                self.env._(
                    "The item about %s is confidential: it cannot be given to parents.",
                    confidential[0].sudo().pupil_id.name,
                )
            )
        return {"doc_ids": docs.ids, "doc_model": "ib.meeting.item", "docs": docs}
