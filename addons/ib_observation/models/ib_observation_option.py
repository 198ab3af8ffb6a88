from odoo import fields, models


class IbObservationOption(models.Model):
    """An answer option of an instrument: its label and score value."""

    _name = "ib.observation.option"
    _description = "Observation Answer Option"
    _inherit = ["ib.write.guard.mixin"]
    _order = "instrument_id, sequence, value, id"

    instrument_id = fields.Many2one(
        "ib.observation.instrument",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="instrument_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Label", required=True)
    value = fields.Float(string="Score Value", digits=(6, 2))
