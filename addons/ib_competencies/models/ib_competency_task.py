from odoo import fields, models


class IbCompetencyTask(models.Model):
    """A task of the care coordinator, as listed in the job profile."""

    _name = "ib.competency.task"
    _inherit = ["ib.write.guard.mixin"]
    _description = "Care Coordinator Task"
    _order = "framework_id, domain_sequence, sequence, id"

    domain_id = fields.Many2one(
        "ib.competency.domain",
        required=True,
        index=True,
        ondelete="cascade",
    )
    domain_sequence = fields.Integer(
        related="domain_id.sequence", store=True, string="Domain Sequence"
    )
    task_area = fields.Char(related="domain_id.task_area")
    framework_id = fields.Many2one(
        related="domain_id.framework_id", store=True, index=True, string="Framework"
    )
    company_id = fields.Many2one(
        related="domain_id.company_id", store=True, index=True, string="School"
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Task", required=True, translate=True)
    default_hours = fields.Float(
        string="Usual Hours per Year",
        help="Suggested hours per school year, proposed when a task profile is filled.",
    )
