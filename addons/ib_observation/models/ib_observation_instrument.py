from odoo import api, fields, models
from odoo.exceptions import ValidationError

SCORING_METHODS = [("sum", "Sum of the Answers"), ("mean", "Mean of the Answers")]


class IbObservationInstrument(models.Model):
    """An observation instrument as the school uses it: statements (items)
    grouped in scales, the answer options with their score values, the grades it
    is meant for, and the cut-off per scale (the instrument's own norms, entered
    by the school). Shared by the schools of the board when it has no school."""

    _name = "ib.observation.instrument"
    _description = "Observation Instrument"
    _inherit = ["ib.write.guard.mixin"]
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        string="School",
        index=True,
        help="Empty: shared by all schools of the board.",
    )
    description = fields.Text(help="What the instrument observes, and how.")
    scoring = fields.Selection(
        SCORING_METHODS,
        string="Scale Score",
        required=True,
        default="mean",
        help="How the answers of a scale make its score.",
    )
    grade_ids = fields.Many2many(
        "ib.grade",
        string="Grades",
        help="The grades (groups 1-8) the instrument is meant for; empty: all.",
    )
    has_parent_version = fields.Boolean(
        string="Parents' Version",
        help="The instrument has a version for parents: a round may ask the "
        "parents to fill in the items marked for them, in the portal.",
    )
    scale_ids = fields.One2many(
        "ib.observation.scale", "instrument_id", string="Scales", copy=True
    )
    item_ids = fields.One2many(
        "ib.observation.item", "instrument_id", string="Items", copy=True
    )
    option_ids = fields.One2many(
        "ib.observation.option", "instrument_id", string="Answer Options", copy=True
    )
    item_count = fields.Integer(compute="_compute_item_count", string="Items #")

    @api.depends("item_ids")
    def _compute_item_count(self):
        for instrument in self:
            instrument.item_count = len(instrument.item_ids)

    @api.constrains("option_ids")
    def _check_options(self):
        for instrument in self:
            values = instrument.option_ids.mapped("value")
            if len(values) != len(set(values)):
                raise ValidationError(
                    self.env._(
                        "Two answer options of %s have the same score value.",
                        instrument.name,
                    )
                )
