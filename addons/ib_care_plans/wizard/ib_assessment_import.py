import base64
import codecs
import csv
import io
import zipfile
from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from ..models.ib_assessment import MOMENTS, parse_level
from ..models.ib_assessment_import_mapping import IMPORT_COLUMNS
from .import_values import (
    Formula,
    cell_text,
    is_blank,
    looks_like_formula,
    name_keys,
    normalize,
    parse_date,
    parse_moment,
    parse_number,
    pupil_number_key,
)

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ROWS = 50000
MAX_SHOWN_ERRORS = 200
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"


class RowError(Exception):
    """A row of the file that cannot be imported, with the reason."""


class IbAssessmentImport(models.TransientModel):
    _name = "ib.assessment.import"
    _description = "Import Test Results"
    _inherit = ["ib.assessment.import.mapping"]

    state = fields.Selection(
        [
            ("upload", "File"),
            ("map", "Columns"),
            ("preview", "Preview"),
            ("done", "Imported"),
        ],
        default="upload",
        required=True,
    )
    file = fields.Binary(attachment=False)
    filename = fields.Char()
    profile_id = fields.Many2one(
        "ib.assessment.import.profile",
        string="Source",
        help="The pupil tracking system the export comes from: its column mapping "
        "is remembered.",
    )
    profile_name = fields.Char(
        string="New Source", help="Name of the source, to remember this mapping."
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.companies.ids)],
        help="Leave empty to import an export of all your schools (the board).",
    )
    school_year_id = fields.Many2one(
        "ib.school.year",
        required=True,
        default=lambda self: self.env["ib.school.year"]._get_current(),
        domain="[('company_id', 'in', [company_id] if company_id "
        "else allowed_company_ids)]",
    )
    assessment_id = fields.Many2one(
        "ib.assessment",
        string="Test",
        help="The test of every row, when the file has no test column.",
    )
    moment = fields.Selection(
        MOMENTS, help="The moment of every row, when the file has no moment column."
    )
    headers = fields.Text(string="Columns in the File", readonly=True)
    count_rows = fields.Integer(string="Rows", readonly=True)
    count_new = fields.Integer(string="New", readonly=True)
    count_updated = fields.Integer(string="Changed", readonly=True)
    count_unchanged = fields.Integer(string="Unchanged", readonly=True)
    count_errors = fields.Integer(string="Rows with Errors", readonly=True)
    count_empty = fields.Integer(string="Empty Rows", readonly=True)
    report_html = fields.Html(string="Report", readonly=True, sanitize=True)
    result_ids = fields.Many2many("ib.assessment.result", string="Imported Results")

    # --------------------------------------------------------------- actions
    def action_read_file(self):
        """Read the file's columns and propose the mapping."""
        self.ensure_one()
        headers, _rows = self._ib_read_table()
        vals = {"headers": ", ".join(headers), "state": "map"}
        vals.update(self._ib_guess_mapping(headers))
        self.write(vals)
        return self._ib_reopen()

    def action_preview(self):
        """Dry run: check every row and report, write no result."""
        self.ensure_one()
        self._ib_check_profile_name()
        report = self._ib_analyse()
        self.write(self._ib_report_vals(report, done=False))
        return self._ib_reopen()

    def action_import(self):
        """Import the good rows in one go; report the bad rows by line."""
        self.ensure_one()
        self._ib_check_profile_name()
        report = self._ib_analyse()
        results = self._ib_write_results(report)
        self._ib_save_profile()
        vals = self._ib_report_vals(report, done=True)
        vals["result_ids"] = [fields.Command.set(results.ids)]
        self.write(vals)
        return self._ib_reopen()

    def action_back(self):
        self.ensure_one()
        self.state = "map" if self.state in ("preview", "done") else "upload"
        return self._ib_reopen()

    def action_view_results(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ib_care_plans.ib_assessment_result_action"
        )
        action["domain"] = [("id", "in", self.result_ids.ids)]
        action["context"] = {}
        return action

    def _ib_reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Import Test Results"),
        }

    @api.onchange("profile_id")
    def _onchange_profile_id(self):
        if self.profile_id:
            self.update(self.profile_id._ib_mapping_vals())

    # ----------------------------------------------------------- reading files
    def _ib_read_table(self):
        """(headers, rows): rows are (line number, list of cell values)."""
        self.ensure_one()
        if not self.file:
            raise UserError(self.env._("Choose the file to import."))
        data = base64.b64decode(self.file)
        if len(data) > MAX_FILE_BYTES:
            raise UserError(
                self.env._(
                    "The file is too large (%(size)s MB; at most %(max)s MB). Split "
                    "the export, e.g. per school or per test.",
                    size=round(len(data) / 1024 / 1024, 1),
                    max=MAX_FILE_BYTES // 1024 // 1024,
                )
            )
        name = (self.filename or "").lower()
        if data.startswith(XLSX_MAGIC) or name.endswith((".xlsx", ".xlsm")):
            rows = self._ib_read_xlsx(data)
        elif data.startswith(XLS_MAGIC) or name.endswith(".xls"):
            rows = self._ib_read_xls(data)
        else:
            rows = self._ib_read_csv(data)
        return self._ib_split_header(rows)

    def _ib_split_header(self, rows):
        headers, body = None, []
        for line, cells in rows:
            if headers is None:
                if all(is_blank(c) for c in cells):
                    continue
                headers = [cell_text(c) for c in cells]
                continue
            if len(body) >= MAX_ROWS:
                raise UserError(
                    self.env._(
                        "The file has more than %s rows: split the export.", MAX_ROWS
                    )
                )
            body.append((line, cells))
        if not headers:
            raise UserError(self.env._("The file is empty."))
        while headers and not headers[-1]:
            headers.pop()
        return headers, body

    def _ib_read_csv(self, data):
        text = None
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            encodings = ("utf-16",)
        else:
            encodings = ("utf-8-sig", "cp1252")
        for encoding in encodings:
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        if text is None or "\x00" in text:
            raise UserError(
                self.env._(
                    "The file cannot be read as text (UTF-8 or Windows-1252): save "
                    "the export as CSV or XLSX."
                )
            )
        first_line = text.split("\n", 1)[0]
        delimiter = max(";,\t|", key=first_line.count)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            return [(reader.line_num, row) for row in reader]
        except csv.Error as exc:
            raise UserError(
                self.env._(
                    "Line %(line)s of the file cannot be read: %(error)s",
                    line=reader.line_num,
                    error=exc,
                )
            ) from exc

    def _ib_read_xlsx(self, data):
        # openpyxl is in Odoo's requirements; imported here so that the module
        # loads without it
        import openpyxl  # pylint: disable=import-outside-toplevel

        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                unzipped = sum(info.file_size for info in archive.infolist())
            if unzipped > MAX_UNZIPPED_BYTES:
                raise UserError(self.env._("The spreadsheet is too large: split it."))
            workbook = openpyxl.load_workbook(
                io.BytesIO(data), read_only=True, data_only=False
            )
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise UserError(
                self.env._("The file is not a readable XLSX spreadsheet.")
            ) from exc
        try:
            sheet = workbook.worksheets[0]
            rows = []
            for line, cells in enumerate(sheet.iter_rows(min_row=1), start=1):
                if len(rows) > MAX_ROWS + 1:
                    raise UserError(
                        self.env._(
                            "The file has more than %s rows: split the export.",
                            MAX_ROWS,
                        )
                    )
                rows.append(
                    (
                        line,
                        [
                            Formula(c.value) if c.data_type == "f" else c.value
                            for c in cells
                        ],
                    )
                )
            return rows
        finally:
            workbook.close()

    def _ib_read_xls(self, data):
        import xlrd  # pylint: disable=import-outside-toplevel

        try:
            book = xlrd.open_workbook(file_contents=data)
        except xlrd.XLRDError as exc:
            raise UserError(
                self.env._("The file is not a readable XLS spreadsheet.")
            ) from exc
        sheet = book.sheet_by_index(0)
        rows = []
        for index in range(min(sheet.nrows, MAX_ROWS + 2)):
            values = []
            for cell in sheet.row(index):
                if cell.ctype == xlrd.XL_CELL_DATE:
                    values.append(xlrd.xldate_as_datetime(cell.value, book.datemode))
                else:
                    values.append(cell.value)
            rows.append((index + 1, values))
        return rows

    # ----------------------------------------------------------------- mapping
    def _ib_guess_mapping(self, headers):
        """The profile's mapping where its columns are in the file, else the
        columns whose header an LVS usually uses."""
        by_norm = {normalize(h): h for h in headers if h}
        profile = self.profile_id._ib_mapping() if self.profile_id else {}
        vals = {}
        for key, _label, names in IMPORT_COLUMNS:
            header = profile.get(key)
            if header and normalize(header) in by_norm:
                vals[f"col_{key}"] = by_norm[normalize(header)]
                continue
            vals[f"col_{key}"] = next(
                (by_norm[n] for n in names if n in by_norm), False
            )
        return vals

    def _ib_column_indexes(self, headers):
        by_norm = {}
        for index, header in enumerate(headers):
            by_norm.setdefault(normalize(header), index)
        indexes, missing = {}, []
        for key, header in self._ib_mapping().items():
            index = by_norm.get(normalize(header))
            if index is None:
                missing.append(header)
            else:
                indexes[key] = index
        if missing:
            raise UserError(
                self.env._(
                    "These columns are not in the file: %(missing)s. The file has: "
                    "%(headers)s.",
                    missing=", ".join(missing),
                    headers=", ".join(h for h in headers if h),
                )
            )
        if "pupil_number" not in indexes and not (
            "date_of_birth" in indexes
            and ("full_name" in indexes or {"first_name", "last_name"} <= set(indexes))
        ):
            raise UserError(
                self.env._(
                    "Map the pupil number column, or the name and date of birth "
                    "columns: pupils are found by number, else by name and date of "
                    "birth."
                )
            )
        if "assessment" not in indexes and not self.assessment_id:
            raise UserError(
                self.env._("Map the test column, or choose the test of the file.")
            )
        if "moment" not in indexes and not self.moment:
            raise UserError(
                self.env._("Map the moment column, or choose the moment of the file.")
            )
        if not {"score", "level", "percentile"} & set(indexes):
            raise UserError(
                self.env._("Map at least a score, level or percentile column.")
            )
        return indexes

    # ------------------------------------------------------------------ lookups
    def _ib_companies(self):
        return self.company_id or self.env.companies

    def _ib_lookups(self, companies):
        """Everything the rows are checked against, read once (a few queries
        whatever the size of the file). Searches run as the user: a teacher
        finds only the pupils of their groups."""
        pupils = (
            self.env["ib.pupil"]
            .with_context(active_test=False)
            .search_fetch(
                [("company_id", "in", companies.ids)],
                [
                    "pupil_number",
                    "first_name",
                    "infix",
                    "last_name",
                    "date_of_birth",
                    "company_id",
                ],
            )
        )
        by_number, by_name = defaultdict(set), defaultdict(set)
        for pupil in pupils:
            company_id = pupil.company_id.id
            if pupil.pupil_number:
                by_number[pupil_number_key(pupil.pupil_number)].add(
                    (company_id, pupil.id)
                )
            if pupil.date_of_birth:
                for key in name_keys(
                    pupil.first_name, pupil.infix or "", pupil.last_name, None
                ):
                    by_name[(key, pupil.date_of_birth)].add((company_id, pupil.id))
        tests = self.env["ib.assessment"].search_fetch(
            [("company_id", "in", [*companies.ids, False])],
            ["name", "code", "company_id", "score_min", "score_max", "level_scale"],
        )
        tests_by_key = defaultdict(list)
        for test in tests:
            for text in {test.code, test.name}:
                if text:
                    tests_by_key[normalize(text)].append(test)
        years = self.env["ib.school.year"].search_fetch(
            [
                ("company_id", "in", companies.ids),
                ("name", "=", self.school_year_id.name),
            ],
            ["company_id", "date_start", "date_end"],
        )
        grades = self.env["ib.grade"].search_fetch([], ["number"])
        return {
            "pupils": {p.id: p for p in pupils},
            "by_number": by_number,
            "by_name": by_name,
            "tests_by_key": tests_by_key,
            "years": {y.company_id.id: y for y in years},
            "grades": {g.number: g for g in grades},
            "brin": {
                normalize(c.ib_brin_code): c.id for c in companies if c.ib_brin_code
            },
        }

    # ------------------------------------------------------------------ checking
    def _ib_analyse(self):
        """Check every row; return what to create and update and the errors.
        Writes nothing."""
        self.ensure_one()
        headers, rows = self._ib_read_table()
        indexes = self._ib_column_indexes(headers)
        companies = self._ib_companies()
        lookups = self._ib_lookups(companies)
        report = {
            "rows": 0,
            "empty": 0,
            "errors": [],
            "create": [],
            "update": [],
            "unchanged": 0,
        }
        parsed, seen = [], {}
        for line, cells in rows:
            if all(is_blank(c) for c in cells):
                report["empty"] += 1
                continue
            report["rows"] += 1
            try:
                row = self._ib_parse_row(cells, indexes, lookups)
                first = seen.get(row["key"])
                if first:
                    raise RowError(
                        self.env._("duplicate of line %s of the file", first)
                    )
                seen[row["key"]] = line
            except RowError as exc:
                report["errors"].append((line, str(exc)))
                continue
            parsed.append(row)
        self._ib_compare_existing(parsed, report)
        return report

    def _ib_cell(self, cells, indexes, key):
        index = indexes.get(key)
        if index is None or index >= len(cells):
            return None
        value = cells[index]
        return None if is_blank(value) else value

    def _ib_parse_row(self, cells, indexes, lookups):
        for value in cells:
            if looks_like_formula(value):
                raise RowError(
                    self.env._(
                        "contains a formula (%s): export values, not formulas",
                        cell_text(value)[:40],
                    )
                )

        def cell(key):
            return self._ib_cell(cells, indexes, key)

        pupil = self._ib_find_pupil(cell, lookups)
        company_id = pupil.company_id.id
        year = lookups["years"].get(company_id)
        if not year:
            raise RowError(
                self.env._(
                    "%(school)s has no school year %(year)s",
                    school=pupil.company_id.name,
                    year=self.school_year_id.name,
                )
            )
        test = self._ib_find_test(cell("assessment"), company_id, lookups)
        moment, grade = self._ib_row_moment(cell, lookups)
        vals = {
            "pupil_id": pupil.id,
            "assessment_id": test.id,
            "school_year_id": year.id,
            "moment": moment,
        }
        if grade:
            vals["grade_id"] = grade.id
        vals.update(self._ib_row_measures(cell, test))
        test_date = cell("date")
        if test_date is not None:
            day = parse_date(test_date)
            if not day:
                raise RowError(
                    self.env._("unreadable test date %s", cell_text(test_date))
                )
            if not year.date_start <= day <= year.date_end:
                raise RowError(
                    self.env._(
                        "test date %(date)s lies outside school year %(year)s",
                        date=day,
                        year=year.name,
                    )
                )
            vals["date"] = day
        elif moment == "other":
            raise RowError(self.env._("a test on another date needs its test date"))
        remarks = cell("remarks")
        if remarks is not None:
            vals["remarks"] = cell_text(remarks)
        key = (pupil.id, test.id, year.id, moment)
        return {"key": key, "vals": vals}

    def _ib_find_pupil(self, cell, lookups):
        company_id = None
        school = cell("school")
        if school is not None:
            company_id = lookups["brin"].get(normalize(cell_text(school)))
            if not company_id:
                raise RowError(self.env._("unknown school %s", cell_text(school)))
        number = cell("pupil_number")
        found = set()
        if number is not None:
            found = lookups["by_number"].get(pupil_number_key(number), set())
        birth = cell("date_of_birth")
        if not found and birth is not None:
            born = parse_date(birth)
            if not born:
                raise RowError(
                    self.env._("unreadable date of birth %s", cell_text(birth))
                )
            keys = name_keys(
                cell_text(cell("first_name")),
                cell_text(cell("infix")),
                cell_text(cell("last_name")),
                cell_text(cell("full_name")),
            )
            for key in keys:
                found = found | lookups["by_name"].get((key, born), set())
        if company_id:
            found = {(c, p) for c, p in found if c == company_id}
        pupil_ids = {p for _c, p in found}
        if not pupil_ids:
            raise RowError(self.env._("unknown pupil %s", self._ib_row_who(cell)))
        if len(pupil_ids) > 1:
            raise RowError(
                self.env._(
                    "more than one pupil matches %s: add the school column",
                    self._ib_row_who(cell),
                )
            )
        return lookups["pupils"][pupil_ids.pop()]

    def _ib_row_who(self, cell):
        name = " ".join(
            cell_text(cell(k))
            for k in ("first_name", "infix", "last_name", "full_name")
            if cell(k) is not None
        )
        number = cell("pupil_number")
        if number is not None:
            return f"{cell_text(number)} {name}".strip()
        return name or "?"

    def _ib_find_test(self, value, company_id, lookups):
        if value is None:
            if self.assessment_id:
                return self.assessment_id
            raise RowError(self.env._("no test"))
        candidates = [
            t
            for t in lookups["tests_by_key"].get(normalize(cell_text(value)), [])
            if not t.company_id or t.company_id.id == company_id
        ]
        # a school's own test wins over a test shared by the board
        candidates.sort(key=lambda t: not t.company_id)
        if not candidates:
            raise RowError(self.env._("unknown test %s", cell_text(value)))
        return candidates[0]

    def _ib_row_moment(self, cell, lookups):
        value = cell("moment")
        grade_number = None
        if value is None:
            moment = self.moment
        else:
            moment, grade_number = parse_moment(value)
            if not moment:
                raise RowError(self.env._("unknown moment %s", cell_text(value)))
        grade_value = cell("grade")
        if grade_value is not None:
            number = parse_number(grade_value)
            if number is None or not number.is_integer():
                raise RowError(self.env._("unknown grade %s", cell_text(grade_value)))
            grade_number = int(number)
        grade = None
        if grade_number is not None:
            grade = lookups["grades"].get(grade_number)
            if not grade:
                raise RowError(self.env._("unknown grade %s", grade_number))
        return moment, grade

    def _ib_row_measures(self, cell, test):
        vals = {}
        score = cell("score")
        if score is not None:
            number = parse_number(score)
            if number is None:
                raise RowError(self.env._("score %s is not a number", cell_text(score)))
            if not test._ib_score_in_range(number):
                raise RowError(
                    self.env._(
                        "score %(score)s is out of range for %(test)s (%(min)s to "
                        "%(max)s)",
                        score=cell_text(score),
                        test=test.name,
                        min=f"{test.score_min:g}",
                        max=f"{test.score_max:g}",
                    )
                )
            vals["score"] = number
        level = cell("level")
        if level is not None:
            parsed = parse_level(cell_text(level))
            if not parsed:
                raise RowError(self.env._("unknown level %s", cell_text(level)))
            vals["level"] = parsed
        percentile = cell("percentile")
        if percentile is not None:
            number = parse_number(percentile)
            if number is None or not 0 <= number <= 100:
                raise RowError(
                    self.env._(
                        "percentile %s is not a number from 0 to 100",
                        cell_text(percentile),
                    )
                )
            vals["percentile"] = round(number)
        if not vals:
            raise RowError(self.env._("no score, level or percentile"))
        return vals

    def _ib_compare_existing(self, parsed, report):
        """Split the good rows into new results, changed results and unchanged
        ones (one query)."""
        if not parsed:
            return
        keys = [row["key"] for row in parsed]
        existing = self.env["ib.assessment.result"].search_fetch(
            [
                ("pupil_id", "in", list({k[0] for k in keys})),
                ("assessment_id", "in", list({k[1] for k in keys})),
                ("school_year_id", "in", list({k[2] for k in keys})),
            ],
            [
                "pupil_id",
                "assessment_id",
                "school_year_id",
                "moment",
                "score",
                "level",
                "percentile",
                "date",
                "remarks",
                "grade_id",
            ],
        )
        by_key = {
            (r.pupil_id.id, r.assessment_id.id, r.school_year_id.id, r.moment): r
            for r in existing
        }
        for row in parsed:
            record = by_key.get(row["key"])
            if not record:
                report["create"].append(row["vals"])
                continue
            changes = {
                name: value
                for name, value in row["vals"].items()
                if not self._ib_same_value(record, name, value)
            }
            if changes:
                report["update"].append((record, changes))
            else:
                report["unchanged"] += 1

    @api.model
    def _ib_same_value(self, record, name, value):
        current = record[name]
        if name == "score":
            return float_compare(current, value, precision_digits=4) == 0
        if isinstance(current, models.BaseModel):
            return current.id == value
        return (current or False) == (value or False)

    # ------------------------------------------------------------------ writing
    def _ib_write_results(self, report):
        """Create the new results in one batch and write the changed ones, then
        refresh changes and signals once."""
        Result = self.env["ib.assessment.result"].with_context(ib_defer_refresh=True)
        created = Result.create(report["create"]) if report["create"] else Result
        updated = Result
        groups = defaultdict(lambda: Result)
        for record, changes in report["update"]:
            groups[tuple(sorted(changes.items()))] |= record
        for changes, records in groups.items():
            records.with_context(ib_defer_refresh=True).write(dict(changes))
            updated |= records
        results = (created | updated).with_context(ib_defer_refresh=False)
        results._ib_refresh_sequence()
        return results

    def _ib_check_profile_name(self):
        """A new source name that is taken is refused before anything is read or
        written (the profile itself is only created after the import)."""
        if self.profile_name and not self.profile_id:
            self.env["ib.assessment.import.profile"]._ib_check_unique_names(
                [(self.profile_name, self.company_id.id)]
            )

    def _ib_save_profile(self):
        mapping = self._ib_mapping_vals()
        if self.profile_id:
            if any(self.profile_id[k] != (v or False) for k, v in mapping.items()):
                self.profile_id.write(mapping)
        elif self.profile_name:
            self.profile_id = self.env["ib.assessment.import.profile"].create(
                dict(mapping, name=self.profile_name, company_id=self.company_id.id)
            )

    # ------------------------------------------------------------------ report
    def _ib_report_vals(self, report, done):
        errors = sorted(report["errors"])
        return {
            "state": "done" if done else "preview",
            "count_rows": report["rows"],
            "count_new": len(report["create"]),
            "count_updated": len(report["update"]),
            "count_unchanged": report["unchanged"],
            "count_errors": len(errors),
            "count_empty": report["empty"],
            "report_html": self._ib_errors_html(errors),
        }

    def _ib_errors_html(self, errors):
        if not errors:
            return False
        rows = Markup("").join(
            Markup("<tr><td>%s</td><td>%s</td></tr>") % (line, message)
            for line, message in errors[:MAX_SHOWN_ERRORS]
        )
        more = ""
        if len(errors) > MAX_SHOWN_ERRORS:
            more = Markup("<p>%s</p>") % self.env._(
                "... and %s more rows with errors.", len(errors) - MAX_SHOWN_ERRORS
            )
        return Markup(
            '<table class="table table-sm o_ib_import_errors"><thead><tr>'
            "<th>%s</th><th>%s</th></tr></thead><tbody>%s</tbody></table>%s"
        ) % (self.env._("Line"), self.env._("Not imported because"), rows, more)
