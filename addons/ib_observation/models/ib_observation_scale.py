from odoo import fields, models


class IbObservationScale(models.Model):
    """A scale of an instrument (e.g. well-being): its items' answers make one
    score per pupil; a score below the cut-off is a signal."""

    _name = "ib.observation.scale"
    _description = "Observation Scale"
    _inherit = ["ib.write.guard.mixin"]
    _order = "instrument_id, sequence, id"

    instrument_id = fields.Many2one(
        "ib.observation.instrument",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="instrument_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    cutoff = fields.Float(
        string="Cut-off",
        digits=(6, 2),
        help="A score below this value is a signal (the instrument's own norm, "
        "as the school enters it). 0: no signal.",
    )
    item_ids = fields.One2many("ib.observation.item", "scale_id", string="Items")
