from odoo import fields, models


class IbCompetencyIndicator(models.Model):
    """Observable behaviour that shows a competence."""

    _name = "ib.competency.indicator"
    _inherit = ["ib.write.guard.mixin"]
    _description = "Competency Indicator"
    _order = "competence_id, sequence, id"

    competence_id = fields.Many2one(
        "ib.competency",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="competence_id.company_id", store=True, index=True, string="School"
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Indicator", required=True, translate=True)
