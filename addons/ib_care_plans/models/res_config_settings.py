from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    ib_signal_level_drop = fields.Integer(
        related="company_id.ib_signal_level_drop", readonly=False
    )
    ib_signal_lowest_repeat = fields.Integer(
        related="company_id.ib_signal_lowest_repeat", readonly=False
    )
    ib_signal_user_id = fields.Many2one(
        related="company_id.ib_signal_user_id", readonly=False
    )
    ib_test_reminder_days = fields.Integer(
        related="company_id.ib_test_reminder_days", readonly=False
    )
