from odoo import api, fields, models


class IbTaskProfileLine(models.Model):
    _name = "ib.task.profile.line"
    _inherit = ["ib.write.guard.mixin"]
    _description = "Task Profile Line"
    _order = "profile_id, domain_sequence, sequence, id"

    profile_id = fields.Many2one(
        "ib.task.profile",
        string="Task Profile",
        required=True,
        index=True,
        ondelete="cascade",
    )
    user_id = fields.Many2one(
        related="profile_id.user_id", store=True, index=True, string="Coordinator"
    )
    company_id = fields.Many2one(
        related="profile_id.company_id", store=True, index=True, string="School"
    )
    school_year_id = fields.Many2one(
        related="profile_id.school_year_id", store=True, index=True
    )
    sequence = fields.Integer(default=10)
    task_id = fields.Many2one(
        "ib.competency.task", string="Standard Task", ondelete="restrict"
    )
    name = fields.Char(
        string="Task",
        compute="_compute_name",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    domain_id = fields.Many2one(
        related="task_id.domain_id", store=True, string="Task Area"
    )
    domain_sequence = fields.Integer(
        related="domain_id.sequence", store=True, string="Domain Sequence"
    )
    planned_hours = fields.Float()
    actual_hours = fields.Float(string="Real Hours")
    note = fields.Char()

    _hours_positive = models.Constraint(
        "CHECK(planned_hours >= 0 AND actual_hours >= 0)",
        "Hours cannot be negative.",
    )

    @api.depends("task_id")
    def _compute_name(self):
        for line in self:
            if line.task_id:
                line.name = line.task_id.name
