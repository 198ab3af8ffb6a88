from odoo import api, fields, models
from odoo.exceptions import ValidationError

# The grades the monitor covers (groups 6 to 8).
SURVEY_GRADES = (6, 7, 8)


class IbSafetySurveyLine(models.Model):
    """The answers of one group (or grade) to one question of the monitor:
    how many pupils answered and how many positively. Counts only: no pupil."""

    _name = "ib.safety.survey.line"
    _description = "Social Safety Result"
    _inherit = ["ib.write.guard.mixin"]
    _order = "survey_id, question_id, grade_id, group_id, id"
    _check_company_auto = True

    survey_id = fields.Many2one(
        "ib.safety.survey",
        string="Monitor",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="survey_id.company_id", store=True, index=True, string="School"
    )
    school_year_id = fields.Many2one(
        related="survey_id.school_year_id", store=True, index=True
    )
    question_id = fields.Many2one(
        "ib.safety.question",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    group_id = fields.Many2one(
        "ib.group",
        index=True,
        ondelete="restrict",
        check_company=True,
        domain="[('school_year_id', '=', school_year_id)]",
        help="Leave empty to enter the figures of a whole grade.",
    )
    grade_id = fields.Many2one(
        "ib.grade",
        required=True,
        ondelete="restrict",
        domain=[("number", "in", SURVEY_GRADES)],
    )
    respondent_count = fields.Integer(
        string="Respondents", help="Pupils who answered the question."
    )
    positive_count = fields.Integer(
        string="Positive",
        help="Pupils who answered positively (e.g. feel safe, are not bullied).",
    )

    _line_uniq = models.UniqueIndex(
        "(survey_id, question_id, grade_id, COALESCE(group_id, 0))",
        "This group already has a result for this question.",
    )

    @api.onchange("group_id")
    def _onchange_group_id(self):
        if len(self.group_id.grade_ids) == 1:
            self.grade_id = self.group_id.grade_ids

    @api.constrains("group_id", "grade_id", "question_id", "survey_id")
    def _check_group(self):
        for line in self:
            if line.grade_id.number not in SURVEY_GRADES:
                raise ValidationError(
                    self.env._("The monitor covers groups 6 to 8 only.")
                )
            if line.question_id.company_id != line.survey_id.company_id:
                raise ValidationError(
                    self.env._(
                        "Question %(question)s is not a question of %(school)s.",
                        question=line.question_id.name,
                        school=line.survey_id.company_id.name,
                    )
                )
            group = line.group_id
            if not group:
                continue
            if group.school_year_id != line.survey_id.school_year_id:
                raise ValidationError(
                    self.env._(
                        "Group %(group)s is not a group of school year %(year)s.",
                        group=group.name,
                        year=line.survey_id.school_year_id.name,
                    )
                )
            if line.grade_id not in group.grade_ids:
                raise ValidationError(
                    self.env._(
                        "Group %(group)s has no pupils of grade %(grade)s.",
                        group=group.name,
                        grade=line.grade_id.number,
                    )
                )

    @api.constrains("respondent_count", "positive_count")
    def _check_counts(self):
        for line in self:
            if line.respondent_count < 0 or line.positive_count < 0:
                raise ValidationError(self.env._("Counts cannot be negative."))
            if line.positive_count > line.respondent_count:
                raise ValidationError(
                    self.env._(
                        "More pupils answered positively (%(positive)s) than "
                        "answered (%(respondents)s).",
                        positive=line.positive_count,
                        respondents=line.respondent_count,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        surveys = self.env["ib.safety.survey"].browse(
            {vals["survey_id"] for vals in vals_list if vals.get("survey_id")}
        )
        surveys._ib_check_draft()
        return super().create(vals_list)

    def write(self, vals):
        self.survey_id._ib_check_draft()
        if vals.get("survey_id"):
            self.env["ib.safety.survey"].browse(vals["survey_id"])._ib_check_draft()
        return super().write(vals)

    def unlink(self):
        self.survey_id._ib_check_draft()
        return super().unlink()
