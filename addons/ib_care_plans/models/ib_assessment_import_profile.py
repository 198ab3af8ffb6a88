from odoo import fields, models


class IbAssessmentImportProfile(models.Model):
    """The column mapping of one pupil tracking system's export, remembered so
    that the next import of the same source needs no mapping."""

    _name = "ib.assessment.import.profile"
    _description = "Test Result Import Source"
    _inherit = ["ib.write.guard.mixin", "ib.assessment.import.mapping"]
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(
        string="Source", required=True, help="E.g. ParnasSys, Esis or Cito LOVS."
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        index=True,
        default=lambda self: self.env.company,
        help="Leave empty to share the mapping with all schools of the board.",
    )
    active = fields.Boolean(default=True)

    _name_company_uniq = models.Constraint(
        "UNIQUE(name, company_id)", "This school already has a source with this name."
    )
