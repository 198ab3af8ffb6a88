from odoo import api, models


class ReportIbMeetingMinutes(models.AbstractModel):
    """The minutes of a whole care meeting.

    The report route runs as the requesting user: only the coordinator and the
    director of the school and the staff who took part may print, and each sees
    the items their role may read (a teacher: the normal items of their pupils).
    """

    _name = "report.ib_meetings.report_meeting_minutes"
    _description = "Care Meeting Minutes"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["calendar.event"].browse(docids)
        docs._ib_check_minutes_access()
        return {"doc_ids": docids, "doc_model": "calendar.event", "docs": docs}
