from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    ib_swv_vo_partner_id = fields.Many2one(
        related="company_id.ib_swv_vo_partner_id", readonly=False
    )
