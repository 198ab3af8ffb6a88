from odoo import fields, models


class IbCompetencyTask(models.Model):
    """A task of the care coordinator, as listed in the job profile."""

    _name = "ib.competency.task"
    _inherit = ["ib.competency.domain.part.mixin", "ib.write.guard.mixin"]
    _description = "Care Coordinator Task"
    _order = "framework_id, domain_sequence, sequence, id"

    task_area = fields.Char(related="domain_id.task_area")
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Task", required=True, translate=True)
    default_hours = fields.Float(
        string="Usual Hours per Year",
        help="Suggested hours per school year, proposed when a task profile is filled.",
    )
