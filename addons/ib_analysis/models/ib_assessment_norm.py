from odoo import fields, models


class IbAssessmentNorm(models.Model):
    _inherit = "ib.assessment.norm"

    ib_expected_score = fields.Float(
        string="Expected Score",
        help="The national median score at this grade and moment, as the "
        "publisher gives it. Growth between two moments is compared with the "
        "growth of this score. Empty: the middle of the average band (level III; "
        "for A-E tests the start of level B).",
    )
