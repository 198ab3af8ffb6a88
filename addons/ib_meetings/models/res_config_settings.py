from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    ib_lesson_mon_from = fields.Float(
        related="company_id.ib_lesson_mon_from", readonly=False
    )
    ib_lesson_mon_to = fields.Float(
        related="company_id.ib_lesson_mon_to", readonly=False
    )
    ib_lesson_tue_from = fields.Float(
        related="company_id.ib_lesson_tue_from", readonly=False
    )
    ib_lesson_tue_to = fields.Float(
        related="company_id.ib_lesson_tue_to", readonly=False
    )
    ib_lesson_wed_from = fields.Float(
        related="company_id.ib_lesson_wed_from", readonly=False
    )
    ib_lesson_wed_to = fields.Float(
        related="company_id.ib_lesson_wed_to", readonly=False
    )
    ib_lesson_thu_from = fields.Float(
        related="company_id.ib_lesson_thu_from", readonly=False
    )
    ib_lesson_thu_to = fields.Float(
        related="company_id.ib_lesson_thu_to", readonly=False
    )
    ib_lesson_fri_from = fields.Float(
        related="company_id.ib_lesson_fri_from", readonly=False
    )
    ib_lesson_fri_to = fields.Float(
        related="company_id.ib_lesson_fri_to", readonly=False
    )
