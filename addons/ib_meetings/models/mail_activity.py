from odoo import models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        """Marking the to-do of a meeting agreement done marks the agreement done."""
        agreement_ids = [
            activity.res_id
            for activity in self
            if activity.res_model == "ib.meeting.agreement" and activity.res_id
        ]
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        if agreement_ids:
            agreements = (
                self.env["ib.meeting.agreement"]
                .browse(agreement_ids)
                .exists()
                ._filtered_access("write")
                .filtered(lambda a: a.state == "open")
            )
            if agreements:
                agreements.write({"state": "done"})
        return result
