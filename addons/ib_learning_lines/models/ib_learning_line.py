from odoo import api, fields, models

from odoo.addons.ib_care_plans.models.ib_assessment import DOMAINS


class IbLearningLine(models.Model):
    """A learning line (leerlijn) of one domain: ordered goals a pupil on their
    own line (typically with an OPP) works through. A school's own line, or
    one shared by the board (no school)."""

    _name = "ib.learning.line"
    _inherit = ["ib.write.guard.mixin"]
    _description = "Learning Line"
    _order = "domain, name, id"
    _check_company_auto = True

    name = fields.Char(required=True)
    domain = fields.Selection(
        DOMAINS,
        required=True,
        index=True,
        help="The domain of the test results, e.g. maths or technical reading.",
    )
    description = fields.Text()
    goal_ids = fields.One2many("ib.learning.goal", "line_id", string="Goals", copy=True)
    goal_count = fields.Integer(compute="_compute_goal_count", string="Goals #")
    company_id = fields.Many2one(
        "res.company",
        string="School",
        index=True,
        default=lambda self: self.env.company,
        help="Leave empty to share the line with all schools of the board.",
    )
    active = fields.Boolean(default=True)

    @api.depends("goal_ids")
    def _compute_goal_count(self):
        for line in self:
            line.goal_count = len(line.goal_ids)
