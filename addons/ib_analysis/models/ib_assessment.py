from odoo import api, fields, models
from odoo.exceptions import ValidationError


class IbAssessment(models.Model):
    _inherit = "ib.assessment"

    ib_final_test = fields.Boolean(
        string="Final Test (Group 8)",
        help="The final test of group 8 (doorstroomtoets): its results give the "
        "reference levels 1F and 2F/1S the inspectorate looks at.",
    )
    ib_ref_min_1f = fields.Float(
        string="1F from Score",
        help="The lowest score that reaches 1F. Leave empty when the export gives "
        "the reference level.",
    )
    ib_ref_min_2f = fields.Float(
        string="2F/1S from Score",
        help="The lowest score that reaches 2F (reading, language) or 1S (maths). "
        "Leave empty when the export gives the reference level.",
    )

    @api.constrains("ib_ref_min_1f", "ib_ref_min_2f")
    def _check_ib_ref_cutoffs(self):
        for assessment in self:
            low, high = assessment.ib_ref_min_1f, assessment.ib_ref_min_2f
            if low and high and low >= high:
                raise ValidationError(
                    self.env._(
                        "The 1F score of %s must be below its 2F/1S score.",
                        assessment.name,
                    )
                )
