from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    ib_ref_signal_1f = fields.Float(
        related="company_id.ib_ref_signal_1f", readonly=False
    )
    ib_ref_signal_2f = fields.Float(
        related="company_id.ib_ref_signal_2f", readonly=False
    )
