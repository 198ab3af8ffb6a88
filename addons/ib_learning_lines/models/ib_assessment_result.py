from odoo import fields, models


class IbAssessmentResult(models.Model):
    _inherit = "ib.assessment.result"

    # Not in the portal whitelist of the results: parents do not read it.
    dle = fields.Float(
        string="DLE",
        digits=(4, 1),
        help="Didactic age equivalent (didactische leeftijdsequivalent): the "
        "months of education the score is worth, as the test's table gives it. "
        "The OPP's forecast by DLE uses it.",
    )
