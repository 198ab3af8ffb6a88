from odoo import api, fields, models


class IbCompetency(models.Model):
    _name = "ib.competency"
    _inherit = ["ib.competency.domain.part.mixin", "ib.write.guard.mixin"]
    _description = "Competence"
    _order = "framework_id, domain_sequence, sequence, id"
    _rec_names_search = ["name", "code"]

    sequence = fields.Integer(default=10)
    code = fields.Char(help="Short code, e.g. A1; used to compare across frameworks.")
    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    indicator_ids = fields.One2many(
        "ib.competency.indicator", "competence_id", string="Indicators", copy=True
    )
    active = fields.Boolean(default=True)

    @api.depends("code", "name")
    def _compute_display_name(self):
        for competence in self:
            competence.display_name = (
                f"{competence.code} {competence.name}"
                if competence.code
                else competence.name
            )
