from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.ib_analysis.models.ib_care_report import SUPPRESSED

from .suppression import COMPLEMENT, SMALL, hidden_cells, share

# A cell hidden so that a hidden small number cannot be worked out from a
# total (the sign Statistics Netherlands uses for "confidential").
CONFIDENTIAL = "x"


class IbSafetySurvey(models.Model):
    """The yearly social safety monitor of one school (Wet veiligheid op
    school): per group of grades 6 to 8 and per question, how many pupils
    answered and how many answered positively. Anonymous: no pupil anywhere.

    Figures leave the care team with fewer than 5 respondents hidden, and a
    total never tells a hidden number (see ``suppression``)."""

    _name = "ib.safety.survey"
    _description = "Social Safety Monitor"
    _inherit = ["ib.school.year.mixin", "ib.write.guard.mixin", "mail.thread"]
    # School figures, not about a pupil: Odoo's own chatter.
    _ib_thread_policy = "staff"
    _order = "school_year_start desc, company_id, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    school_year_start = fields.Date(
        related="school_year_id.date_start", store=True, string="Year Start"
    )
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Done")],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    date = fields.Date(
        string="Taken On", help="When the pupils filled in the questionnaire."
    )
    instrument = fields.Char(
        string="Questionnaire",
        help="The monitor the school used, e.g. its own questionnaire.",
    )
    note = fields.Text()
    line_ids = fields.One2many("ib.safety.survey.line", "survey_id", string="Results")
    respondent_count = fields.Integer(
        string="Respondents",
        compute="_compute_headline",
        store=True,
        help="Pupils who answered the question for feeling safe.",
    )
    safe_count = fields.Integer(
        string="Feeling Safe", compute="_compute_headline", store=True
    )
    safe_share_display = fields.Char(
        string="Feeling Safe (%)", compute="_compute_safe_share_display"
    )
    figures_html = fields.Html(
        string="Figures", compute="_compute_figures_html", sanitize=False
    )

    _company_year_uniq = models.Constraint(
        "UNIQUE(company_id, school_year_id)",
        "The school already has a social safety monitor for this school year.",
    )

    @api.constrains("company_id", "school_year_id")
    def _check_lines_school(self):
        """Moving a monitor to another school or year keeps its results'
        groups and questions of that school and year."""
        self.line_ids._check_group()

    @api.depends("school_year_id.name")
    def _compute_name(self):
        for survey in self:
            survey.name = self.env._(
                "Social safety %(year)s", year=survey.school_year_id.name or ""
            )

    @api.depends(
        "line_ids.respondent_count",
        "line_ids.positive_count",
        "line_ids.question_id.is_headline",
    )
    def _compute_headline(self):
        for survey in self:
            lines = survey.line_ids.filtered(lambda line: line.question_id.is_headline)
            survey.respondent_count = sum(lines.mapped("respondent_count"))
            survey.safe_count = sum(lines.mapped("positive_count"))

    @api.depends("respondent_count", "safe_count")
    def _compute_safe_share_display(self):
        for survey in self:
            survey.safe_share_display = survey._ib_display(
                {
                    "respondents": survey.respondent_count,
                    "positive": survey.safe_count,
                    "hidden": SMALL
                    if survey.respondent_count < 5 and survey.line_ids
                    else False,
                },
                "share",
            )

    def _compute_figures_html(self):
        for survey in self:
            survey.figures_html = self.env["ir.qweb"]._render(
                "ib_social_safety.safety_figures",
                {"survey": survey, "figures": survey._ib_figures()},
            )

    # ----------------------------------------------------------------- figures
    def _ib_figures(self, suppress=True, with_groups=True):
        """The figures of the survey per question (the one for feeling safe
        first): ``[{"question", "school": cell, "grades": [{"grade", "cell",
        "groups": [{"label", "cell"}]}]}]``. A cell is ``{"respondents",
        "positive", "hidden"}``; ``hidden`` is False, ``SMALL`` (fewer than 5
        respondents) or ``COMPLEMENT`` (hidden so that a small number cannot be
        worked out from a total) when ``suppress``. With ``with_groups`` the
        groups are shown (and protected) too."""
        self.ensure_one()
        by_question = defaultdict(lambda: defaultdict(list))
        for line in self.line_ids:
            by_question[line.question_id][line.grade_id].append(line)
        figures = []
        questions = sorted(
            by_question, key=lambda q: (not q.is_headline, q.sequence, q.id)
        )
        for question in questions:
            values, positive, relations, grade_keys = {}, {}, [], []
            grades = sorted(by_question[question], key=lambda g: g.number)
            for grade in grades:
                lines = by_question[question][grade]
                key = ("grade", grade.id)
                values[key] = sum(line.respondent_count for line in lines)
                positive[key] = sum(line.positive_count for line in lines)
                grade_keys.append(key)
                if with_groups:
                    parts = []
                    for line in lines:
                        values[("line", line.id)] = line.respondent_count
                        positive[("line", line.id)] = line.positive_count
                        parts.append(("line", line.id))
                    relations.append((key, parts))
            values["school"] = sum(values[key] for key in grade_keys)
            positive["school"] = sum(positive[key] for key in grade_keys)
            relations.append(("school", grade_keys))
            hidden = hidden_cells(values, relations) if suppress else {}
            cells = {
                key: {
                    "respondents": value,
                    "positive": positive[key],
                    "hidden": hidden.get(key, False),
                }
                for key, value in values.items()
            }

            figures.append(
                {
                    "question": question,
                    "school": cells["school"],
                    "grades": [
                        {
                            "grade": grade,
                            "cell": cells["grade", grade.id],
                            "groups": [
                                {
                                    "label": line.group_id.name
                                    or self.env._("Grade %s", grade.number),
                                    "cell": cells["line", line.id],
                                }
                                for line in by_question[question][grade]
                            ]
                            if with_groups
                            else [],
                        }
                        for grade in grades
                    ],
                }
            )
        return figures

    @api.model
    def _ib_display(self, cell, what):
        """The text of ``what`` (respondents, positive or share) of a cell."""
        if cell["hidden"] == SMALL:
            return SUPPRESSED
        if cell["hidden"] == COMPLEMENT:
            return CONFIDENTIAL
        if what == "share":
            value = share(cell["positive"], cell["respondents"])
            return "-" if value is None else f"{value:.1f}"
        return str(cell[what])

    @api.model
    def _ib_share(self, cell):
        """The share of a cell as a number, or the mark that hides it."""
        if cell["hidden"]:
            return self._ib_display(cell, "share")
        value = share(cell["positive"], cell["respondents"])
        return "-" if value is None else value

    # ----------------------------------------------------------------- actions
    def action_done(self):
        for survey in self:
            if not survey.line_ids:
                raise UserError(
                    self.env._(
                        "Enter or import the results of %s before closing it.",
                        survey.name,
                    )
                )
        self.write({"state": "done"})
        return True

    def action_draft(self):
        self.write({"state": "draft"})
        return True

    def action_import(self):
        self.ensure_one()
        wizard = self.env["ib.safety.import"].create({"survey_id": self.id})
        return wizard._ib_reopen()

    def _ib_check_draft(self):
        """Results are entered in a draft survey only."""
        done = self.filtered(lambda survey: survey.state == "done")
        if done:
            raise UserError(
                self.env._(
                    "The social safety monitor %s is done: set it back to draft "
                    "to change its results.",
                    done[0].name,
                )
            )
