from odoo import api, fields, models
from odoo.exceptions import ValidationError


class IbObservationItem(models.Model):
    """One statement of an instrument, answered per pupil with one of the
    instrument's options."""

    _name = "ib.observation.item"
    _description = "Observation Item"
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
    name = fields.Char(string="Statement", required=True)
    scale_id = fields.Many2one(
        "ib.observation.scale",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('instrument_id', '=', instrument_id)]",
    )
    in_parent_version = fields.Boolean(
        string="For Parents",
        default=True,
        help="Asked in the parents' version as well.",
    )

    @api.constrains("scale_id", "instrument_id")
    def _check_scale(self):
        for item in self:
            if item.scale_id.instrument_id != item.instrument_id:
                raise ValidationError(
                    self.env._(
                        'The item "%s" belongs to a scale of another instrument.',
                        item.name,
                    )
                )
