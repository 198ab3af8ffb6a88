from collections import defaultdict
from dataclasses import dataclass, field

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from . import import_files
from .ib_assessment import parse_level
from .ib_assessment_import_mapping import IMPORT_COLUMNS
from .import_files import ImportTable
from .import_values import (
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

RESULT_FIELDS = [
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
]


class RowError(Exception):
    """A row of the file that cannot be imported, with the reason."""


@dataclass
class ImportReport:
    """What an import of a file does, found by ``preview`` (which writes nothing).

    ``errors``: ``(line number, reason)`` of the rows not imported, by line;
    ``create``: values of the new results; ``update``: ``(result, changed
    values)``; ``rows``: the rows read (empty ones not counted)."""

    rows: int = 0
    empty: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)
    create: list = field(default_factory=list)
    update: list = field(default_factory=list)


@dataclass
class ImportApplied:
    """The results written by ``apply``."""

    created: models.BaseModel
    updated: models.BaseModel

    @property
    def results(self):
        return self.created | self.updated


class IbAssessmentImportService(models.AbstractModel):
    """Import of test results from an LVS export (CSV, XLSX, XLS).

    Three steps, each callable on its own (the import wizard is a form over them):

    - ``parse(data, filename, mapping)``: read the file and find the mapped
      columns; an unreadable file or a mapped column that is missing raises a
      UserError.
    - ``preview(table, school_year, ...)``: check and match every row (pupil,
      test, school year, moment, values) and compare it with the results already
      stored; returns an ``ImportReport`` and writes nothing.
    - ``apply(report)``: create the new results and write the changed ones in
      one batch.

    Everything runs as the calling user, without sudo: pupils, tests and results
    the user cannot read are not found (a teacher imports for the pupils of their
    groups only), and writing is subject to the user's access rights and rules.
    """

    _name = "ib.assessment.import.service"
    _description = "Test Result Import"

    # ------------------------------------------------------------ parse
    @api.model
    def parse(self, data, filename="", mapping=None):
        """The table of the file, with the columns of ``mapping`` (``{column key:
        header}``) located in it. Empty or missing ``mapping``: headers only."""
        headers, rows = import_files.read_table(self.env, data, filename)
        return ImportTable(
            headers=headers, rows=rows, columns=self._ib_columns(headers, mapping)
        )

    @api.model
    def guess_mapping(self, headers, known=None):
        """``{column key: header}``: the headers of ``known`` (a source's
        remembered mapping) found in the file, else the headers an LVS usually
        writes for the column."""
        by_norm = {normalize(h): h for h in headers if h}
        known = known or {}
        mapping = {}
        for key, _label, names in IMPORT_COLUMNS:
            header = known.get(key)
            if header and normalize(header) in by_norm:
                mapping[key] = by_norm[normalize(header)]
                continue
            found = next((by_norm[n] for n in names if n in by_norm), None)
            if found:
                mapping[key] = found
        return mapping

    def _ib_columns(self, headers, mapping):
        by_norm = {}
        for index, header in enumerate(headers):
            by_norm.setdefault(normalize(header), index)
        columns, missing = {}, []
        for key, header in (mapping or {}).items():
            index = by_norm.get(normalize(header))
            if index is None:
                missing.append(header)
            else:
                columns[key] = index
        if missing:
            raise UserError(
                self.env._(
                    "These columns are not in the file: %(missing)s. The file has: "
                    "%(headers)s.",
                    missing=", ".join(missing),
                    headers=", ".join(h for h in headers if h),
                )
            )
        return columns

    # ------------------------------------------------------------ preview
    @api.model
    def preview(self, table, school_year, companies=None, assessment=None, moment=None):
        """Check every row of ``table``; return an ``ImportReport``. Writes
        nothing.

        :param school_year: the school year of the results (its namesake in each
            pupil's school is used)
        :param companies: the schools of the pupils (default: the user's current
            ones)
        :param assessment: the test of the rows without a test column
        :param moment: the moment of the rows without a moment column
        """
        self._ib_check_columns(table.columns, assessment, moment)
        companies = companies or self.env.companies
        lookups = self._ib_lookups(companies, school_year)
        lookups.update(
            default_test=assessment or None,
            default_moment=moment or None,
            year_name=school_year.name,
        )
        report = ImportReport()
        parsed, seen = [], {}
        for line, cells in table.rows:
            if all(is_blank(c) for c in cells):
                report.empty += 1
                continue
            report.rows += 1
            try:
                row = self._ib_parse_row(cells, table.columns, lookups)
                first = seen.get(row["key"])
                if first:
                    raise RowError(
                        self.env._("duplicate of line %s of the file", first)
                    )
                seen[row["key"]] = line
            except RowError as exc:
                report.errors.append((line, str(exc)))
                continue
            parsed.append(row)
        report.errors.sort()
        self._ib_compare_existing(parsed, report)
        return report

    def _ib_check_columns(self, columns, assessment, moment):
        if "pupil_number" not in columns and not (
            "date_of_birth" in columns
            and ("full_name" in columns or {"first_name", "last_name"} <= set(columns))
        ):
            raise UserError(
                self.env._(
                    "Map the pupil number column, or the name and date of birth "
                    "columns: pupils are found by number, else by name and date of "
                    "birth."
                )
            )
        if "assessment" not in columns and not assessment:
            raise UserError(
                self.env._("Map the test column, or choose the test of the file.")
            )
        if "moment" not in columns and not moment:
            raise UserError(
                self.env._("Map the moment column, or choose the moment of the file.")
            )
        if not {"score", "level", "percentile"} & set(columns):
            raise UserError(
                self.env._("Map at least a score, level or percentile column.")
            )

    def _ib_lookups(self, companies, school_year):
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
                ("name", "=", school_year.name),
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

    # ------------------------------------------------------------ one row
    @staticmethod
    def _ib_cell(cells, columns, key):
        index = columns.get(key)
        if index is None or index >= len(cells):
            return None
        value = cells[index]
        return None if is_blank(value) else value

    def _ib_parse_row(self, cells, columns, lookups):
        for value in cells:
            if looks_like_formula(value):
                raise RowError(
                    self.env._(
                        "contains a formula (%s): export values, not formulas",
                        cell_text(value)[:40],
                    )
                )

        def cell(key):
            return self._ib_cell(cells, columns, key)

        pupil = self._ib_find_pupil(cell, lookups)
        company_id = pupil.company_id.id
        year = lookups["years"].get(company_id)
        if not year:
            raise RowError(
                self.env._(
                    "%(school)s has no school year %(year)s",
                    school=pupil.company_id.name,
                    year=lookups["year_name"],
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

    @staticmethod
    def _ib_row_who(cell):
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
            if lookups["default_test"]:
                return lookups["default_test"]
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
            moment = lookups["default_moment"]
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

    # ------------------------------------------------------------ compare
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
            RESULT_FIELDS,
        )
        by_key = {
            (r.pupil_id.id, r.assessment_id.id, r.school_year_id.id, r.moment): r
            for r in existing
        }
        for row in parsed:
            record = by_key.get(row["key"])
            if not record:
                report.create.append(row["vals"])
                continue
            changes = {
                name: value
                for name, value in row["vals"].items()
                if not self._ib_same_value(record, name, value)
            }
            if changes:
                report.update.append((record, changes))
            else:
                report.unchanged += 1

    @staticmethod
    def _ib_same_value(record, name, value):
        current = record[name]
        if name == "score":
            return float_compare(current, value, precision_digits=4) == 0
        if isinstance(current, models.BaseModel):
            return current.id == value
        return (current or False) == (value or False)

    # ------------------------------------------------------------ apply
    @api.model
    def apply(self, report):
        """Write what ``preview`` found (in the same transaction): create the new
        results in one batch and write the changed ones, then refresh the
        sequence, levels and signals once. Returns an ``ImportApplied``."""
        Result = self.env["ib.assessment.result"].with_context(ib_defer_refresh=True)
        created = Result.create(report.create) if report.create else Result
        updated = Result
        groups = defaultdict(lambda: Result)
        for record, changes in report.update:
            groups[tuple(sorted(changes.items()))] |= record
        for changes, records in groups.items():
            records.with_context(ib_defer_refresh=True).write(dict(changes))
            updated |= records
        results = (created | updated).with_context(ib_defer_refresh=False)
        results._ib_refresh_sequence()
        return ImportApplied(
            created=created.with_context(ib_defer_refresh=False),
            updated=updated.with_context(ib_defer_refresh=False),
        )
