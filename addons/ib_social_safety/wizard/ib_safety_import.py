import base64

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError

from odoo.addons.ib_care_plans.models.import_files import errors_table, read_table
from odoo.addons.ib_care_plans.models.import_values import (
    cell_text,
    is_blank,
    looks_like_formula,
    normalize,
)

from ..models.ib_safety_survey_line import SURVEY_GRADES

MAX_SHOWN_ERRORS = 200
# Normalised headers (see ``normalize``) of each column of the file.
COLUMNS = {
    "group": ("groep", "group", "klas", "groepsnaam"),
    "grade": ("leerjaar", "jaargroep", "grade"),
    "question": ("vraag", "thema", "question", "theme"),
    "respondents": (
        "respondenten",
        "aantalrespondenten",
        "respondents",
        "aantal",
        "n",
    ),
    "positive": (
        "positief",
        "aantalpositief",
        "veilig",
        "aantalveilig",
        "positive",
        "feelingsafe",
    ),
}
REQUIRED = ("group", "question", "respondents", "positive")
# Columns that would tell who a pupil is: a file with one is refused whole.
PUPIL_COLUMNS = {
    "naam",
    "name",
    "leerling",
    "leerlingnaam",
    "pupil",
    "pupilname",
    "voornaam",
    "roepnaam",
    "achternaam",
    "tussenvoegsel",
    "firstname",
    "lastname",
    "geboortedatum",
    "dateofbirth",
    "birthdate",
    "bsn",
    "leerlingnummer",
    "pupilnumber",
    "email",
    "emailadres",
    "geslacht",
    "gender",
}


class IbSafetyImport(models.TransientModel):
    """Import the results of a monitor from a CSV or XLSX file, one row per
    group and question. The file is untrusted: every row is checked first, and
    one bad row (reported by its line number) means nothing is written."""

    _name = "ib.safety.import"
    _description = "Import Social Safety Results"

    survey_id = fields.Many2one(
        "ib.safety.survey", string="Monitor", required=True, ondelete="cascade"
    )
    file = fields.Binary(attachment=False)
    filename = fields.Char()
    state = fields.Selection(
        [("upload", "File"), ("error", "Errors"), ("done", "Imported")],
        default="upload",
        required=True,
    )
    count_rows = fields.Integer(string="Rows", readonly=True)
    count_errors = fields.Integer(string="Rows with Errors", readonly=True)
    report_html = fields.Html(string="Report", readonly=True, sanitize=True)

    def action_import(self):
        """Check every row; write the results only when all rows are good."""
        self.ensure_one()
        survey = self.survey_id
        survey.check_access("write")
        survey._ib_check_draft()
        data = base64.b64decode(self.file) if self.file else b""
        headers, rows = read_table(self.env, data, self.filename or "")
        columns = self._ib_columns(headers)
        values, errors = self._ib_check_rows(survey, columns, rows)
        if errors:
            self.write(
                {
                    "state": "error",
                    "count_rows": len(values) + len(errors),
                    "count_errors": len(errors),
                    "report_html": self._ib_errors_html(errors),
                }
            )
            return self._ib_reopen()
        existing = {
            (line.question_id.id, line.grade_id.id, line.group_id.id): line
            for line in survey.line_ids
        }
        new = []
        for vals in values:
            key = (vals["question_id"], vals["grade_id"], vals["group_id"])
            counts = {
                "respondent_count": vals["respondent_count"],
                "positive_count": vals["positive_count"],
            }
            if key in existing:
                existing[key].write(counts)
            else:
                new.append(dict(vals, survey_id=survey.id))
        self.env["ib.safety.survey.line"].create(new)
        self.write(
            {
                "state": "done",
                "count_rows": len(values),
                "count_errors": 0,
                "report_html": False,
            }
        )
        return self._ib_reopen()

    def _ib_reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Import Social Safety Results"),
        }

    # ------------------------------------------------------------------ checks
    def _ib_columns(self, headers):
        """``{column key: index}``; a file whose header names a pupil, has an
        unknown or a repeated column, or lacks a required one is refused."""
        columns = {}
        known = {alias: key for key, aliases in COLUMNS.items() for alias in aliases}
        for index, header in enumerate(headers):
            name = normalize(header)
            if not name:
                continue
            if name in PUPIL_COLUMNS:
                raise UserError(
                    self.env._(
                        "The file has a column %s that tells who a pupil is: the "
                        "monitor is anonymous. Remove the column and import the "
                        "counts per group only.",
                        header,
                    )
                )
            key = known.get(name)
            if not key:
                raise UserError(
                    self.env._(
                        "Unknown column %(column)s. The columns are: %(columns)s.",
                        column=header,
                        columns=self._ib_expected_columns(),
                    )
                )
            if key in columns:
                raise UserError(self.env._("The column %s appears twice.", header))
            columns[key] = index
        missing = [key for key in REQUIRED if key not in columns]
        if missing:
            raise UserError(
                self.env._(
                    "The file lacks a column for %(missing)s. The columns are: "
                    "%(columns)s.",
                    missing=", ".join(COLUMNS[key][0] for key in missing),
                    columns=self._ib_expected_columns(),
                )
            )
        return columns

    def _ib_expected_columns(self):
        return "groep, leerjaar, vraag, respondenten, positief"

    def _ib_check_rows(self, survey, columns, rows):
        """``(values, errors)``: the line values of the good rows and ``(line,
        message)`` of each bad row. Two queries for any number of rows."""
        groups = self.env["ib.group"].search_fetch(
            [
                ("school_year_id", "=", survey.school_year_id.id),
                ("company_id", "=", survey.company_id.id),
            ],
            ["name", "grade_ids"],
        )
        group_by_name = {normalize(group.name): group for group in groups}
        questions = self.env["ib.safety.question"].search_fetch(
            [("company_id", "=", survey.company_id.id)], ["name"]
        )
        question_by_name = {normalize(q.name): q for q in questions}
        values, errors, seen = [], [], {}
        for line, cells in rows:
            if all(is_blank(cell) for cell in cells):
                continue

            def cell(key, cells=cells):
                index = columns.get(key)
                if index is None or index >= len(cells):
                    return None
                return cells[index]

            problems = []
            if any(looks_like_formula(c) for c in cells):
                problems.append(
                    self.env._(
                        "a cell holds a formula (text starting with =, +, - or @)"
                    )
                )
                errors.append((line, "; ".join(problems)))
                continue
            group_name = cell_text(cell("group"))
            group = group_by_name.get(normalize(group_name))
            if not group:
                problems.append(
                    self.env._(
                        "group %(group)s is not a group of %(school)s in %(year)s",
                        group=group_name or "-",
                        school=survey.company_id.name,
                        year=survey.school_year_id.name,
                    )
                )
            grade = self._ib_grade(group, cell("grade"), problems)
            question_name = cell_text(cell("question"))
            question = question_by_name.get(normalize(question_name))
            if not question:
                problems.append(
                    self.env._(
                        "question %s is not one of the school's questions",
                        question_name or "-",
                    )
                )
            respondents = self._ib_count(cell("respondents"), problems)
            positive = self._ib_count(cell("positive"), problems)
            if (
                respondents is not None
                and positive is not None
                and positive > respondents
            ):
                problems.append(
                    self.env._(
                        "more pupils answered positively (%(positive)s) than "
                        "answered (%(respondents)s)",
                        positive=positive,
                        respondents=respondents,
                    )
                )
            if not problems:
                key = (question.id, grade.id, group.id)
                if key in seen:
                    problems.append(
                        self.env._(
                            "group %(group)s already has this question on line "
                            "%(line)s",
                            group=group.name,
                            line=seen[key],
                        )
                    )
                seen[key] = line
            if problems:
                errors.append((line, "; ".join(problems)))
                continue
            values.append(
                {
                    "question_id": question.id,
                    "grade_id": grade.id,
                    "group_id": group.id,
                    "respondent_count": respondents,
                    "positive_count": positive,
                }
            )
        if not values and not errors:
            raise UserError(self.env._("The file has no results."))
        return values, errors

    def _ib_grade(self, group, value, problems):
        """The grade of the row: the column's, or the group's only grade."""
        if not group:
            return None
        text = cell_text(value)
        if not text:
            if len(group.grade_ids) == 1:
                grade = group.grade_ids
            else:
                problems.append(
                    self.env._(
                        "group %s has several grades: fill in the grade",
                        group.name,
                    )
                )
                return None
        else:
            grade = group.grade_ids.filtered(lambda g: str(g.number) == text)
            if not grade:
                problems.append(
                    self.env._(
                        "group %(group)s has no grade %(grade)s",
                        group=group.name,
                        grade=text,
                    )
                )
                return None
        if grade.number not in SURVEY_GRADES:
            problems.append(self.env._("the monitor covers groups 6 to 8 only"))
            return None
        return grade

    def _ib_count(self, value, problems):
        """A count: a whole number of at least 0 (None and a problem if not)."""
        if isinstance(value, bool):
            value = None
        if isinstance(value, (int, float)):
            number = value
        else:
            text = cell_text(value)
            number = int(text) if text.isdigit() and text.isascii() else None
        if (
            number is None
            or number < 0
            or (isinstance(number, float) and not number.is_integer())
        ):
            problems.append(
                self.env._(
                    "%s is not a number of pupils (a whole number of 0 or more)",
                    cell_text(value) or "-",
                )
            )
            return None
        return int(number)

    def _ib_errors_html(self, errors):
        return Markup("<p>%s</p>%s") % (
            self.env._("Nothing was imported. Correct these rows and try again."),
            errors_table(self.env, errors, self.env._("Problem"), MAX_SHOWN_ERRORS),
        )
