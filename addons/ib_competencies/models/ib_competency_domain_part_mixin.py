from odoo import fields, models


class IbCompetencyDomainPartMixin(models.AbstractModel):
    """A part of a competency domain (a competence, a task): removed with the
    domain, sorted by the domain (``domain_sequence``), of the domain's framework
    and school."""

    _name = "ib.competency.domain.part.mixin"
    _description = "Part of a Competency Domain"

    domain_id = fields.Many2one(
        "ib.competency.domain",
        required=True,
        index=True,
        ondelete="cascade",
    )
    domain_sequence = fields.Integer(
        related="domain_id.sequence", store=True, string="Domain Sequence"
    )
    framework_id = fields.Many2one(
        related="domain_id.framework_id", store=True, index=True, string="Framework"
    )
    company_id = fields.Many2one(
        related="domain_id.company_id", store=True, index=True, string="School"
    )
