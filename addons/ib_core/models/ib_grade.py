from odoo import fields, models


class IbGrade(models.Model):
    _name = "ib.grade"
    _inherit = ["ib.write.guard.mixin"]
    _description = "Grade"
    _order = "number"

    name = fields.Char(required=True, translate=True)
    number = fields.Integer(required=True)

    _number_uniq = models.Constraint("UNIQUE(number)", "Each grade exists only once.")
    _number_range = models.Constraint(
        "CHECK(number BETWEEN 1 AND 8)", "Primary school grades run from 1 to 8."
    )
