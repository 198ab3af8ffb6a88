from odoo import fields, models

VISIT_FOCUS = [
    ("instruction", "Instruction"),
    ("class_management", "Class management"),
    ("differentiation", "Differentiation"),
    ("climate", "Pedagogical climate"),
    ("pupil", "A specific pupil"),
]


class IbLookFor(models.Model):
    """An item of the class-visit observation form (kijkwijzer): what the visitor
    looks for, scored per visit."""

    _name = "ib.look.for"
    _inherit = ["ib.write.guard.mixin"]
    _description = "Look-for"
    _order = "sequence, id"

    name = fields.Char(string="Look-for", required=True, translate=True)
    description = fields.Text(
        translate=True, help="What you see when this look-for is fully visible."
    )
    sequence = fields.Integer(default=10)
    focus = fields.Selection(
        VISIT_FOCUS,
        help="Added to visits with this focus; leave empty to add it to every visit.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        index=True,
        help="Leave empty to use the look-for in every school.",
    )
    active = fields.Boolean(default=True)
