from odoo import fields, models


class IbPupil(models.Model):
    _inherit = "ib.pupil"

    assessment_result_ids = fields.One2many(
        "ib.assessment.result", "pupil_id", string="Test Results"
    )
    assessment_result_count = fields.Integer(
        compute="_compute_assessment_result_count", string="Test Results #"
    )

    def _compute_assessment_result_count(self):
        counts = dict(
            self.env["ib.assessment.result"]._read_group(
                [("pupil_id", "in", self.ids)], ["pupil_id"], ["__count"]
            )
        )
        for pupil in self:
            pupil.assessment_result_count = counts.get(pupil, 0)

    def action_view_assessment_results(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ib_care_plans.ib_assessment_result_action_pupil"
        )
        action["domain"] = [("pupil_id", "=", self.id)]
        action["context"] = {"default_pupil_id": self.id}
        return action
