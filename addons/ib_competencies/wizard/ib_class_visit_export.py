import base64
import io

import xlsxwriter

from odoo import fields, models
from odoo.exceptions import UserError

from odoo.addons.ib_core.tools.spreadsheet import xlsx_write, xlsx_write_row


class IbClassVisitExport(models.TransientModel):
    """XLSX of the class-visit scores per look-for over one school year."""

    _name = "ib.class.visit.export"
    _description = "Export Class Visit Scores"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        default=lambda self: self.env.company,
    )
    school_year_id = fields.Many2one(
        "ib.school.year",
        required=True,
        check_company=True,
        default=lambda self: self.env["ib.school.year"]._get_current(),
    )
    file_data = fields.Binary(string="File", readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)

    def _ib_visits(self):
        # Searched with the user's own rights: a coordinator or director gets the
        # school's visits; nobody gets visits they may not read.
        return self.env["ib.class.visit"].search(
            [
                ("school_year_id", "=", self.school_year_id.id),
                ("state", "!=", "cancelled"),
            ],
            order="start, id",
        )

    def _ib_build_xlsx(self, visits):
        scores = visits.score_ids
        look_fors = scores.look_for_id.sorted(lambda lf: (lf.sequence, lf.id))
        teachers = visits.teacher_id.sorted("name")
        focus_labels = dict(visits._fields["focus"]._description_selection(self.env))
        by_visit = {
            (score.visit_id.id, score.look_for_id.id): score.score_value
            for score in scores
            if score.score_value
        }

        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        date_format = book.add_format({"num_format": "dd-mm-yyyy"})
        decimal = book.add_format({"num_format": "0.00"})

        sheet = book.add_worksheet(self.env._("Visits"))
        header = [
            self.env._("Date"),
            self.env._("Teacher"),
            self.env._("Group"),
            self.env._("Focus"),
            self.env._("Visitor"),
        ]
        header += look_fors.mapped("name") + [self.env._("Average")]
        # Names are user text: written as text, never run as a formula.
        xlsx_write_row(sheet, 0, 0, header, bold)
        sheet.set_row(0, 60)
        sheet.set_column(0, 0, 12)
        sheet.set_column(1, 4, 20)
        sheet.set_column(5, 5 + len(look_fors), 14)
        sheet.freeze_panes(1, 2)
        for row, visit in enumerate(visits, start=1):
            xlsx_write(sheet, row, 0, visit.start, date_format)
            xlsx_write_row(
                sheet,
                row,
                1,
                [
                    visit.teacher_id.name,
                    visit.group_id.name,
                    focus_labels.get(visit.focus, ""),
                    visit.coordinator_id.name,
                ],
            )
            for col, look_for in enumerate(look_fors, start=5):
                value = by_visit.get((visit.id, look_for.id))
                if value:
                    sheet.write_number(row, col, value)
            if visit.score_average:
                sheet.write_number(
                    row, 5 + len(look_fors), visit.score_average, decimal
                )

        summary = book.add_worksheet(self.env._("Per look-for"))
        header = [
            self.env._("Look-for"),
            self.env._("Scores"),
            self.env._("Average"),
            self.env._("Lowest"),
            self.env._("Highest"),
        ]
        header += teachers.mapped("name")
        xlsx_write_row(summary, 0, 0, header, bold)
        summary.set_column(0, 0, 50)
        summary.set_column(1, 4 + len(teachers), 12)
        for row, look_for in enumerate(look_fors, start=1):
            values = [
                v for (visit_id, lf_id), v in by_visit.items() if lf_id == look_for.id
            ]
            xlsx_write(summary, row, 0, look_for.name)
            summary.write_number(row, 1, len(values))
            if values:
                summary.write_number(row, 2, sum(values) / len(values), decimal)
                summary.write_number(row, 3, min(values))
                summary.write_number(row, 4, max(values))
            for col, teacher in enumerate(teachers, start=5):
                teacher_values = [
                    by_visit[visit.id, look_for.id]
                    for visit in visits
                    if visit.teacher_id == teacher
                    and (visit.id, look_for.id) in by_visit
                ]
                if teacher_values:
                    summary.write_number(
                        row, col, sum(teacher_values) / len(teacher_values), decimal
                    )
        book.close()
        return output.getvalue()

    def action_export(self):
        self.ensure_one()
        visits = self._ib_visits()
        if not visits:
            raise UserError(
                self.env._(
                    "There are no class visits in school year %s to export.",
                    self.school_year_id.name,
                )
            )
        content = self._ib_build_xlsx(visits)
        self.write(
            {
                "file_data": base64.b64encode(content),
                "file_name": self.env._(
                    "class-visit-scores-%s.xlsx", self.school_year_id.name
                ),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": (
                f"/web/content/{self._name}/{self.id}/file_data/"
                f"{self.file_name}?download=true"
            ),
            "target": "self",
        }
