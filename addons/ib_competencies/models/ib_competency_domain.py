from odoo import api, fields, models


class IbCompetencyDomain(models.Model):
    """A cluster of competences, paired with the area of tasks that needs them."""

    _name = "ib.competency.domain"
    _inherit = ["ib.competency.framework.part.mixin", "ib.write.guard.mixin"]
    _description = "Competency Domain"
    _order = "framework_id, sequence, id"

    sequence = fields.Integer(default=10)
    code = fields.Char(help="Short code, e.g. A.")
    name = fields.Char(required=True, translate=True)
    task_area = fields.Char(
        translate=True,
        help="The area of the coordinator's tasks that calls on these competences.",
    )
    description = fields.Text(translate=True)
    competence_ids = fields.One2many(
        "ib.competency", "domain_id", string="Competences", copy=True
    )
    task_ids = fields.One2many(
        "ib.competency.task", "domain_id", string="Tasks", copy=True
    )

    @api.depends("code", "name")
    def _compute_display_name(self):
        for domain in self:
            domain.display_name = (
                f"{domain.code}. {domain.name}" if domain.code else domain.name
            )
