from odoo import fields, models


class IbAssessmentImportMapping(models.AbstractModel):
    _inherit = "ib.assessment.import.mapping"

    col_ib_dle = fields.Char(
        string="DLE Column",
        help="The didactic age equivalent in months (0 to 80).",
    )
    col_ib_reference_level = fields.Char(
        string="Reference Level Column",
        help="1F, 2F, 1S, niet or <1F. A test with reference cut-offs derives "
        "the reference level from the score instead.",
    )
