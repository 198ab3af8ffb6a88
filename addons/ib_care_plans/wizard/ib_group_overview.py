import io
import re

from odoo import api, fields, models
from odoo.exceptions import AccessError

from odoo.addons.ib_core.tools.spreadsheet import xlsx_write

from ..models.ib_assessment import DOMAINS, LEVEL_LABELS, MOMENT_CODES, MOMENTS

# Background colours of the levels, as pupil tracking systems print them:
# I/A dark green ... V/E red.
LEVEL_COLORS = {
    1: "#63BE7B",
    2: "#C6E9B4",
    3: "#FFEB84",
    4: "#F8B26A",
    5: "#F8696B",
}
MOMENT_ORDER = {key: index for index, (key, _label) in enumerate(MOMENTS)}
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class IbGroupOverview(models.TransientModel):
    """The group overview (groepsoverzicht): the group's pupils against the tests
    of the school year, with levels, changes and signals."""

    _name = "ib.group.overview"
    _description = "Group Overview"

    group_id = fields.Many2one(
        "ib.group",
        required=True,
        default=lambda self: self._default_group(),
        domain="[('company_id', 'in', allowed_company_ids)]",
    )
    school_year_id = fields.Many2one(related="group_id.school_year_id")
    domain = fields.Selection(
        DOMAINS,
        help="Only the tests of this domain; empty: all tests.",
    )
    overview_html = fields.Html(
        string="Overview", compute="_compute_overview_html", sanitize=False
    )

    @api.model
    def _default_group(self):
        if self.env.context.get("active_model") == "ib.group":
            return self.env.context.get("active_id")
        Group = self.env["ib.group"]
        current = [("is_current", "=", True), ("company_id", "=", self.env.company.id)]
        return Group.search(
            [("teacher_ids", "in", self.env.uid), *current], limit=1
        ) or (
            Group.search(current, limit=1)
            if self.env.user._ib_has_role("director")
            else Group
        )

    @api.depends("group_id", "domain")
    def _compute_overview_html(self):
        for overview in self:
            if not overview.group_id:
                overview.overview_html = False
                continue
            data = overview._ib_overview_data(overview.group_id, overview.domain)
            overview.overview_html = self.env["ir.qweb"]._render(
                "ib_care_plans.group_overview_table", data
            )

    def action_download_xlsx(self):
        self.ensure_one()
        self._ib_check_group_access(self.group_id)
        url = f"/ib_care_plans/group_overview/{self.group_id.id}/xlsx"
        if self.domain:
            url += f"?domain={self.domain}"
        return {"type": "ir.actions.act_url", "url": url, "target": "self"}

    # ------------------------------------------------------------------ data
    @api.model
    def _ib_check_group_access(self, group):
        """Directors and coordinators see the overview of any group of their
        schools, a teacher that of the groups they teach."""
        group = self.env["ib.group"].browse(group.id)  # as this user, not the caller's
        group.check_access("read")
        if self.env["res.users"]._ib_current_user_has_role("director"):
            return
        if self.env.user not in group.teacher_ids:
            raise AccessError(
                self.env._(
                    "Only the teachers of %s see its group overview.", group.name
                )
            )

    @api.model
    def _ib_overview_data(self, group, domain=None):
        """Rows (pupils), columns (test and moment) and cells, read as the user
        (record rules apply) in a fixed number of queries."""
        group = self.env["ib.group"].browse(group.id)  # as this user, not the caller's
        self._ib_check_group_access(group)
        memberships = self.env["ib.group.membership"].search_fetch(
            [("group_id", "=", group.id)], ["pupil_id"]
        )
        pupils = memberships.pupil_id.sorted(
            lambda p: (p.last_name or "", p.first_name or "", p.id)
        )
        result_domain = [
            ("pupil_id", "in", pupils.ids),
            ("school_year_id", "=", group.school_year_id.id),
        ]
        if domain:
            result_domain.append(("domain", "=", domain))
        results = self.env["ib.assessment.result"].search_fetch(
            result_domain,
            [
                "pupil_id",
                "assessment_id",
                "moment",
                "score",
                "level",
                "level_label",
                "level_change",
                "signal",
                "percentile",
            ],
        )
        columns = sorted(
            {(r.assessment_id, r.moment) for r in results},
            key=lambda c: (c[0].sequence, c[0].name, c[0].id, MOMENT_ORDER[c[1]]),
        )
        cells = {(r.pupil_id.id, r.assessment_id.id, r.moment): r for r in results}
        rows = []
        for pupil in pupils:
            rows.append(
                {
                    "pupil": pupil,
                    "support_level": pupil.support_level_id.display_name or "",
                    "cells": [
                        self._ib_cell(cells.get((pupil.id, test.id, moment)))
                        for test, moment in columns
                    ],
                }
            )
        scales = {test.level_scale for test, _moment in columns} or {"roman"}
        return {
            "group": group,
            "school": group.company_id,
            "year": group.school_year_id,
            "columns": [
                {
                    "test": test.name,
                    "moment": MOMENT_CODES.get(moment) or self.env._("other"),
                    "label": f"{test.name} {MOMENT_CODES.get(moment) or ''}".strip(),
                }
                for test, moment in columns
            ],
            "rows": rows,
            "legend": [
                {
                    "level": level,
                    "label": " / ".join(
                        LEVEL_LABELS[s][level - 1] for s in sorted(scales, reverse=True)
                    ),
                    "color": LEVEL_COLORS[level],
                }
                for level in range(1, 6)
            ],
            "signal_count": sum(1 for r in results if r.signal),
        }

    @api.model
    def _ib_cell(self, result):
        if not result:
            return None
        change = result.level_change
        if change > 0:
            change_label = f"\u25b2{change}"
        elif change < 0:
            change_label = f"\u25bc{-change}"
        else:
            change_label = ""
        score = f"({result.score:g})" if result.score else ""
        signal = "!" if result.signal else ""
        return {
            "label": result.level_label or "",
            "level": result.level,
            "score": result.score,
            "color": LEVEL_COLORS.get(result.level, "#FFFFFF"),
            "change": change,
            "change_label": change_label,
            "signal": result.signal,
            "text": " ".join(
                p for p in (result.level_label or "", score, change_label, signal) if p
            ),
        }

    # ------------------------------------------------------------------ XLSX
    @api.model
    def _ib_xlsx_for_group(self, group, domain=None):
        """(file content, file name) of the group overview as a spreadsheet
        formatted for print."""
        import xlsxwriter  # pylint: disable=import-outside-toplevel

        group = self.env["ib.group"].browse(group.id)
        data = self._ib_overview_data(group, domain)
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = workbook.add_worksheet(
            re.sub(r"[\[\]:*?/\\]", "-", group.name or "")[:31] or None
        )
        bold = workbook.add_format({"bold": True})
        title = workbook.add_format({"bold": True, "font_size": 14})
        head = workbook.add_format(
            {
                "bold": True,
                "text_wrap": True,
                "valign": "top",
                "bg_color": "#D9D9D9",
                "border": 1,
            }
        )
        plain = workbook.add_format({"border": 1})
        level_formats = {
            level: workbook.add_format(
                {
                    "bg_color": color,
                    "border": 1,
                    "align": "center",
                }
            )
            for level, color in LEVEL_COLORS.items()
        }
        signal_formats = {
            level: workbook.add_format(
                {
                    "bg_color": color,
                    "border": 2,
                    "align": "center",
                    "bold": True,
                }
            )
            for level, color in LEVEL_COLORS.items()
        }
        empty = workbook.add_format({"border": 1, "align": "center"})

        heading = self.env._(
            "Group overview %(group)s, school year %(year)s",
            group=group.name,
            year=group.school_year_id.name,
        )
        xlsx_write(sheet, 0, 0, heading, title)
        xlsx_write(sheet, 1, 0, group.company_id.name or "", bold)
        header_row = 3
        xlsx_write(sheet, header_row, 0, self.env._("Pupil"), head)
        xlsx_write(sheet, header_row, 1, self.env._("Support Level"), head)
        for col, column in enumerate(data["columns"], start=2):
            xlsx_write(sheet, header_row, col, column["label"], head)
        row_index = header_row
        for row_index, row in enumerate(data["rows"], start=header_row + 1):
            xlsx_write(sheet, row_index, 0, row["pupil"].name or "", plain)
            xlsx_write(sheet, row_index, 1, row["support_level"], plain)
            for col, cell in enumerate(row["cells"], start=2):
                if not cell:
                    sheet.write_blank(row_index, col, None, empty)
                    continue
                formats = signal_formats if cell["signal"] else level_formats
                xlsx_write(
                    sheet,
                    row_index,
                    col,
                    cell["text"],
                    formats.get(cell["level"], empty),
                )
        sheet.set_column(0, 0, 28)
        sheet.set_column(1, 1, 22)
        if data["columns"]:
            sheet.set_column(2, len(data["columns"]) + 1, 14)
        sheet.set_row(header_row, 45)
        sheet.freeze_panes(header_row + 1, 1)

        legend_row = row_index + 2
        xlsx_write(sheet, legend_row, 0, self.env._("Legend"), bold)
        for offset, item in enumerate(data["legend"], start=1):
            xlsx_write(
                sheet,
                legend_row + offset,
                0,
                self.env._("Level %s", item["label"]),
                level_formats[item["level"]],
            )
        notes_row = legend_row + len(data["legend"]) + 1
        xlsx_write(
            sheet,
            notes_row,
            0,
            self.env._("▲/▼ levels gained or lost since the previous moment"),
        )
        xlsx_write(
            sheet,
            notes_row + 1,
            0,
            self.env._(
                "! signal: a drop of levels, or the lowest level (at the first "
                "result or again)"
            ),
        )

        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(header_row)
        sheet.repeat_columns(0)
        school_text = self._ib_xlsx_header_text(group.company_id.name or "")
        heading_text = self._ib_xlsx_header_text(heading)
        today = fields.Date.to_string(fields.Date.context_today(self))
        sheet.set_header(f"&L{school_text}&C{heading_text}&R{today}")
        sheet.set_footer("&C&P / &N")
        workbook.close()
        label = self.env._("Group overview")
        filename = f"{label} {group.name} {group.school_year_id.name}.xlsx"
        return buffer.getvalue(), filename.replace("/", "-")

    @api.model
    def _ib_xlsx_header_text(self, text):
        # '&' starts a control code in spreadsheet headers
        return text.replace("&", "&&")
