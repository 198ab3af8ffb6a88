from odoo import api, fields, models


class IbCompetencyFramework(models.Model):
    """The competence profile of the care coordinator: domains of competences with
    indicators, the task list per domain and the level scale of the assessments.

    The suite ships one framework without a school (shared by all schools); a school
    adapts it by duplicating it for itself (domains, competences, indicators, tasks
    and levels are copied along).
    """

    _name = "ib.competency.framework"
    _inherit = ["ib.write.guard.mixin"]
    _description = "Competency Framework"
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        "res.company",
        string="School",
        index=True,
        help="Leave empty to offer the framework to every school.",
    )
    level_ids = fields.One2many(
        "ib.competency.level", "framework_id", string="Levels", copy=True
    )
    domain_ids = fields.One2many(
        "ib.competency.domain", "framework_id", string="Domains", copy=True
    )
    competence_ids = fields.One2many(
        "ib.competency", "framework_id", string="Competences"
    )
    task_ids = fields.One2many("ib.competency.task", "framework_id", string="Tasks")
    competence_count = fields.Integer(compute="_compute_counts")
    task_count = fields.Integer(compute="_compute_counts")
    active = fields.Boolean(default=True)

    @api.depends("competence_ids", "task_ids")
    def _compute_counts(self):
        for framework in self:
            framework.competence_count = len(framework.competence_ids)
            framework.task_count = len(framework.task_ids)

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        if default and "name" in default:
            return vals_list
        for framework, vals in zip(self, vals_list, strict=True):
            vals["name"] = self.env._("%s (copy)", framework.name)
        return vals_list

    def action_copy_for_school(self):
        """Copy the framework for the current school, to adapt it there."""
        self.ensure_one()
        copy = self.copy({"company_id": self.env.company.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": copy.id,
            "view_mode": "form",
            "target": "current",
        }

    @api.model
    def _get_default(self, company=None):
        """The framework a school uses: its own one first, else the shared one."""
        company = company or self.env.company
        return self.search(
            [("company_id", "in", [company.id, False])],
            order="company_id, sequence, id",
            limit=1,
        )
