from odoo import api, fields, models

REFERENCE_LEVELS = [
    ("1f", "1F"),
    ("1s", "1S"),
    ("2f", "2F"),
    ("2a", "2A"),
]


class IbLearningGoal(models.Model):
    """A goal of a learning line, in the line's order, with the level it
    belongs to: the end of a group ("eind groep 4") or a reference level."""

    _name = "ib.learning.goal"
    _inherit = ["ib.write.guard.mixin"]
    _description = "Learning Line Goal"
    _order = "line_id, sequence, id"
    _check_company_auto = True

    line_id = fields.Many2one(
        "ib.learning.line",
        string="Learning Line",
        required=True,
        index=True,
        ondelete="cascade",
    )
    sequence = fields.Integer(default=10)
    name = fields.Text(string="Goal", required=True)
    grade_id = fields.Many2one(
        "ib.grade",
        string="End of Group",
        help="The group at whose end this goal is normally reached.",
    )
    reference_level = fields.Selection(
        REFERENCE_LEVELS,
        help="The reference level (referentieniveau) the goal belongs to.",
    )
    level_label = fields.Char(string="Level", compute="_compute_level_label")
    domain = fields.Selection(related="line_id.domain", store=True, index=True)
    company_id = fields.Many2one(
        related="line_id.company_id", store=True, index=True, string="School"
    )

    @api.depends("grade_id", "reference_level")
    def _compute_level_label(self):
        levels = dict(self._fields["reference_level"]._description_selection(self.env))
        for goal in self:
            parts = []
            if goal.grade_id:
                parts.append(self.env._("end of %s", goal.grade_id.name))
            if goal.reference_level:
                parts.append(levels[goal.reference_level])
            goal.level_label = ", ".join(parts)

    @api.depends("line_id", "sequence", "name")
    def _compute_display_name(self):
        for goal in self:
            text = (goal.name or "").splitlines()[0] if goal.name else ""
            goal.display_name = text[:80]
