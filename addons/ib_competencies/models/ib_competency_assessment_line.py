from odoo import api, fields, models


class IbCompetencyAssessmentLine(models.Model):
    _name = "ib.competency.assessment.line"
    _inherit = ["ib.write.guard.mixin"]
    _description = "Competency Assessment Line"
    _order = "assessment_id, competence_sequence, id"

    assessment_id = fields.Many2one(
        "ib.competency.assessment",
        required=True,
        index=True,
        ondelete="cascade",
    )
    user_id = fields.Many2one(
        related="assessment_id.user_id", store=True, index=True, string="Coordinator"
    )
    assessor_id = fields.Many2one(
        related="assessment_id.assessor_id", store=True, index=True
    )
    kind = fields.Selection(related="assessment_id.kind", store=True)
    company_id = fields.Many2one(
        related="assessment_id.company_id", store=True, index=True, string="School"
    )
    school_year_id = fields.Many2one(
        related="assessment_id.school_year_id", store=True, index=True
    )
    framework_id = fields.Many2one(related="assessment_id.framework_id")
    competence_id = fields.Many2one(
        "ib.competency",
        required=True,
        index=True,
        ondelete="restrict",
    )
    competence_sequence = fields.Integer(
        compute="_compute_competence_sequence", store=True
    )
    domain_id = fields.Many2one(
        related="competence_id.domain_id", store=True, index=True, string="Domain"
    )
    indicator_ids = fields.One2many(related="competence_id.indicator_ids")
    level_id = fields.Many2one(
        "ib.competency.level",
        ondelete="restrict",
        domain="[('framework_id', '=', framework_id)]",
    )
    level = fields.Integer(
        related="level_id.value", store=True, aggregator="avg", string="Level Value"
    )
    evidence = fields.Html(sanitize_style=True)
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "ib_competency_assessment_line_attachment_rel",
        "line_id",
        "attachment_id",
        string="Evidence Files",
    )
    previous_level = fields.Integer(
        string="Last Year", compute="_compute_previous_level"
    )
    level_change = fields.Integer(string="Change", compute="_compute_previous_level")

    _competence_uniq = models.Constraint(
        "UNIQUE(assessment_id, competence_id)",
        "A competence occurs only once in an assessment.",
    )

    @api.depends("competence_id.sequence", "competence_id.domain_id.sequence")
    def _compute_competence_sequence(self):
        for line in self:
            line.competence_sequence = (
                line.competence_id.domain_id.sequence * 1000
                + line.competence_id.sequence
            )

    @staticmethod
    def _ib_compare_key(competence):
        # Codes survive copying the framework for a school; ids do not.
        return competence.code or competence.id

    @api.depends("level", "assessment_id.previous_assessment_id")
    def _compute_previous_level(self):
        previous_lines = self.assessment_id.previous_assessment_id.line_ids
        levels = {
            (
                line.assessment_id.id,
                self._ib_compare_key(line.competence_id),
            ): line.level
            for line in previous_lines
        }
        for line in self:
            previous = line.assessment_id.previous_assessment_id
            line.previous_level = levels.get(
                (previous.id, self._ib_compare_key(line.competence_id)), 0
            )
            line.level_change = (
                line.level - line.previous_level
                if line.level and line.previous_level
                else 0
            )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._ib_attach_own_attachments()
        return lines

    def write(self, vals):
        result = super().write(vals)
        if "attachment_ids" in vals:
            self._ib_attach_own_attachments()
        return result

    def _ib_attach_own_attachments(self):
        """Bind uploaded evidence to its line, so the file follows the line's rules."""
        for line in self:
            loose = line.attachment_ids.filtered(
                lambda a, line=line: a.res_model != line._name or a.res_id != line.id
            )
            if loose:
                loose.write({"res_model": line._name, "res_id": line.id})
