from odoo import api, fields, models

REFERENCE_LEVELS = [
    ("below", "Below 1F"),
    ("1f", "1F"),
    ("2f", "2F / 1S"),
]


class IbAssessmentResult(models.Model):
    _inherit = "ib.assessment.result"

    ib_dle = fields.Integer(
        string="DLE",
        aggregator="avg",
        help="Didactic age equivalent (didactische leeftijdsequivalent), where the "
        "test gives one: the months of education whose average pupil scores this.",
    )
    ib_reference_level = fields.Selection(
        REFERENCE_LEVELS,
        string="Reference Level",
        compute="_compute_ib_reference_level",
        store=True,
        readonly=False,
        help="The reference level reached in a final test of group 8: from the "
        "test's reference cut-offs, or as the export or the user gives it.",
    )

    @api.depends("score", "assessment_id.ib_ref_min_1f", "assessment_id.ib_ref_min_2f")
    def _compute_ib_reference_level(self):
        for result in self:
            test = result.assessment_id
            if not (test.ib_ref_min_1f or test.ib_ref_min_2f) or not result.score:
                # given by the export or the user: keep it
                if not result.ib_reference_level:
                    result.ib_reference_level = False
                continue
            if test.ib_ref_min_2f and result.score >= test.ib_ref_min_2f:
                result.ib_reference_level = "2f"
            elif test.ib_ref_min_1f and result.score >= test.ib_ref_min_1f:
                result.ib_reference_level = "1f"
            else:
                result.ib_reference_level = "below"
