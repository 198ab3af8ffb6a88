from odoo import api, fields, models

QUALITY_THEMES = [
    ("signalling", "Signalling"),
    ("analysis", "Analysis"),
    ("plans", "Plans"),
    ("discussions", "Discussions"),
    ("parents", "Parents"),
    ("external", "External cooperation"),
    ("documentation", "Documentation"),
]


class IbQualityAspect(models.Model):
    """A question of the quality scan of the school's care structure."""

    _name = "ib.quality.aspect"
    _inherit = ["ib.write.guard.mixin"]
    _description = "Quality Scan Aspect"
    _order = "theme_sequence, sequence, id"

    name = fields.Char(string="Aspect", required=True, translate=True)
    description = fields.Text(
        translate=True, help="What good practice looks like for this aspect."
    )
    theme = fields.Selection(QUALITY_THEMES, required=True, index=True)
    theme_sequence = fields.Integer(compute="_compute_theme_sequence", store=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company",
        string="School",
        index=True,
        help="Leave empty to ask this question in every school.",
    )
    active = fields.Boolean(default=True)

    @api.depends("theme")
    def _compute_theme_sequence(self):
        order = {key: index for index, (key, _label) in enumerate(QUALITY_THEMES)}
        for aspect in self:
            aspect.theme_sequence = order.get(aspect.theme, len(order))
