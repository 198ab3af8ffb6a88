from odoo import models


class IbCareReport(models.Model):
    _inherit = "ib.care.report"

    def _ib_report_sections(self):
        sections = super()._ib_report_sections()
        if not self.date_from:
            return sections
        sections.append(self._ib_section_social_safety())
        return sections

    def _ib_safety_surveys(self):
        """The monitor (done) of the report's school year and the one of the
        school year before it (or empty records), in one query."""
        surveys = self.env["ib.safety.survey"].search_fetch(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "=", "done"),
                ("school_year_start", "<=", self.school_year_id.date_start),
            ],
            ["school_year_id"],
            order="school_year_start desc",
            limit=2,
        )
        current = surveys.filtered(lambda s: s.school_year_id == self.school_year_id)
        return current, (surveys - current)[:1]

    def _ib_section_social_safety(self):
        """Per question of the monitor of the report's year (feeling safe
        first): the share of positive answers of the school and of each grade,
        next to last year's; small numbers hidden as on the monitor."""
        current, previous = self._ib_safety_surveys()
        suppress = self.suppress_small_numbers
        before = {}
        if current and previous:
            for figure in previous._ib_figures(suppress=suppress, with_groups=False):
                question = figure["question"]
                before[question, False] = figure["school"]
                for grade in figure["grades"]:
                    before[question, grade["grade"]] = grade["cell"]
        Survey = self.env["ib.safety.survey"]
        rows = []
        figures = (
            current._ib_figures(suppress=suppress, with_groups=False) if current else []
        )
        for figure in figures:
            question = figure["question"]
            cells = [(False, self.env._("Whole school"), figure["school"])]
            cells += [
                (g["grade"], self.env._("Grade %s", g["grade"].number), g["cell"])
                for g in figure["grades"]
            ]
            for grade, label, cell in cells:
                last = before.get((question, grade))
                rows.append(
                    [
                        question.name,
                        label,
                        Survey._ib_display(cell, "respondents")
                        if cell["hidden"]
                        else cell["respondents"],
                        Survey._ib_share(cell),
                        Survey._ib_share(last) if last else "-",
                    ]
                )
        return {
            "key": "social_safety",
            "title": self.env._("Social safety"),
            "columns": [
                self.env._("Question"),
                self.env._("Pupils"),
                self.env._("Respondents"),
                self.env._("Positive (%)"),
                self.env._("Last year (%)"),
            ],
            "rows": rows,
            "note": self.env._(
                "The yearly social safety monitor of groups 6 to 8 (anonymous). "
                "x: not shown, so that a number under 5 cannot be worked out "
                "from the total."
            ),
        }
