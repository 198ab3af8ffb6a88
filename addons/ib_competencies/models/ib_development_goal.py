from odoo import fields, models


class IbDevelopmentGoal(models.Model):
    _name = "ib.development.goal"
    _inherit = ["ib.write.guard.mixin"]
    _description = "Development Goal"
    _order = "plan_id, sequence, id"

    plan_id = fields.Many2one(
        "ib.development.plan",
        string="Development Plan",
        required=True,
        index=True,
        ondelete="cascade",
    )
    user_id = fields.Many2one(
        related="plan_id.user_id", store=True, index=True, string="Coordinator"
    )
    company_id = fields.Many2one(
        related="plan_id.company_id", store=True, index=True, string="School"
    )
    school_year_id = fields.Many2one(
        related="plan_id.school_year_id", store=True, index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Goal", required=True)
    competence_ids = fields.Many2many(
        "ib.competency",
        "ib_development_goal_competency_rel",
        "goal_id",
        "competency_id",
        string="Competences",
    )
    actions = fields.Html(
        sanitize_style=True, help="What will you do to reach the goal?"
    )
    deadline = fields.Date()
    state = fields.Selection(
        [
            ("open", "Open"),
            ("achieved", "Achieved"),
            ("partly", "Partly achieved"),
            ("not_achieved", "Not achieved"),
        ],
        default="open",
        required=True,
    )
    evaluation = fields.Text()
    training_ids = fields.One2many("ib.training", "goal_id", string="Trainings")
