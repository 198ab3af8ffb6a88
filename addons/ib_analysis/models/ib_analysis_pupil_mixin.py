from odoo import models


class IbAnalysisPupilMixin(models.AbstractModel):
    """The rows of an analysis view lead to their pupils: one pupil's file, or
    the list of the pupils behind the rows a pivot cell opened."""

    _name = "ib.analysis.pupil.mixin"
    _description = "Analysis Rows with Pupils"

    def action_open_pupil(self):
        self.ensure_one()
        return self.pupil_id.get_formview_action()

    def action_open_pupils(self):
        pupils = self.pupil_id
        pupils.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ib_core.ib_pupil_action"
        )
        action["domain"] = [("id", "in", pupils.ids)]
        action["context"] = {}
        return action
