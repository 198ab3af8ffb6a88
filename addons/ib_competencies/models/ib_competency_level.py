from odoo import api, fields, models


class IbCompetencyLevel(models.Model):
    _name = "ib.competency.level"
    _inherit = ["ib.competency.framework.part.mixin", "ib.write.guard.mixin"]
    _description = "Competency Level"
    _order = "framework_id, value"

    value = fields.Integer(
        required=True, help="The level as a number: higher is more proficient."
    )
    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)

    _value_framework_uniq = models.Constraint(
        "UNIQUE(framework_id, value)",
        "Each level value may occur only once per framework.",
    )
    _value_positive = models.Constraint(
        "CHECK(value > 0)", "A level value must be a positive number."
    )

    @api.depends("value", "name")
    def _compute_display_name(self):
        for level in self:
            level.display_name = f"{level.value} - {level.name}"
