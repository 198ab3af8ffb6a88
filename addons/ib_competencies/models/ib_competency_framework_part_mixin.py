from odoo import fields, models


class IbCompetencyFrameworkPartMixin(models.AbstractModel):
    """A part of a competency framework (a domain, a level): removed with the
    framework, and of the framework's school."""

    _name = "ib.competency.framework.part.mixin"
    _description = "Part of a Competency Framework"

    framework_id = fields.Many2one(
        "ib.competency.framework",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="framework_id.company_id", store=True, index=True, string="School"
    )
