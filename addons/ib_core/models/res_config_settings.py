from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    ib_brin_code = fields.Char(related="company_id.ib_brin_code", readonly=False)
    ib_swv_partner_id = fields.Many2one(
        related="company_id.ib_swv_partner_id", readonly=False
    )
    ib_retention_years = fields.Integer(
        related="company_id.ib_retention_years", readonly=False
    )
    ib_retention_years_special = fields.Integer(
        related="company_id.ib_retention_years_special", readonly=False
    )
    ib_retention_years_enrolment = fields.Integer(
        related="company_id.ib_retention_years_enrolment", readonly=False
    )
