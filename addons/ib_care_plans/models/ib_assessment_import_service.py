from collections import defaultdict
from dataclasses import dataclass, field

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_compare

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


@dataclass(frozen=True)
class AssessmentInfo:
    """What checking a row needs of a test, as plain values."""

    id: int
    name: str
    company_id: int
    score_min: float
    score_max: float

    @classmethod
    def of(cls, test):
        return cls(
            test.id,
            test.name,
            test.company_id.id,
            test.score_min,
            test.score_max,
        )

    def in_range(self, score):
        """As ``ib.assessment._ib_score_in_range``."""
        if not (self.score_min or self.score_max):
            return True
        return self.score_min <= score <= self.score_max


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
        columns = IMPORT_COLUMNS + [
            (key, column.label, column.names)
            for key, column in self._ib_extra_import_columns().items()
        ]
        for key, _label, names in columns:
            header = known.get(key)
            if header and normalize(header) in by_norm:
                mapping[key] = by_norm[normalize(header)]
                continue
            found = next((by_norm[n] for n in names if n in by_norm), None)
            if found:
                mapping[key] = found
        return mapping

    @api.model
    def _ib_extra_import_columns(self):
        """The columns other addons add to the import: ``{column key:
        ExtraImportColumn}`` (see ``ib_assessment_import_mapping``). Override,
        call super and add yours; also add a ``col_<key>`` Char field to
        ``ib.assessment.import.mapping`` and show it on the wizard and source
        forms. The parsed values go into the values of the row, so they are
        compared with the stored result, written on changed results and
        inserted with the new ones (``_ib_create_batch`` inserts every stored
        column)."""
        return {}

    def _ib_result_fields(self):
        """The fields of a stored result compared with a row of the file."""
        return RESULT_FIELDS + [
            name
            for column in self._ib_extra_import_columns().values()
            for name in column.fields
            if name not in RESULT_FIELDS
        ]

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
        lookups = self._ib_lookups(
            companies, school_year, with_names="date_of_birth" in table.columns
        )
        lookups.update(
            default_test=AssessmentInfo.of(assessment) if assessment else None,
            default_moment=moment or None,
            year_name=school_year.name,
            extra_columns={
                key: column
                for key, column in self._ib_extra_import_columns().items()
                if key in table.columns
            },
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

    def _ib_lookups(self, companies, school_year, with_names=True):
        """Everything the rows are checked against, read once (a few queries
        whatever the size of the file) into plain Python data, so that checking
        a row costs dictionary look-ups only. Searches run as the user: a
        teacher finds only the pupils of their groups. ``with_names``: whether
        pupils may be found by name and date of birth (the file has that
        column)."""
        Pupil = self.env["ib.pupil"].with_context(active_test=False)
        by_number, by_name = defaultdict(set), defaultdict(set)
        pupil_company = {}
        for pupil_id, number, first, infix, last, born, company_id in self._ib_select(
            Pupil,
            [("company_id", "in", companies.ids)],
            [
                "pupil_number",
                "first_name",
                "infix",
                "last_name",
                "date_of_birth",
                "company_id",
            ],
        ):
            pupil_company[pupil_id] = company_id
            if number:
                by_number[pupil_number_key(number)].add((company_id, pupil_id))
            if born and with_names:
                for key in name_keys(first, infix or "", last, None):
                    by_name[(key, born)].add((company_id, pupil_id))
        tests = self.env["ib.assessment"].search_fetch(
            [("company_id", "in", [*companies.ids, False])],
            ["name", "code", "company_id", "score_min", "score_max", "level_scale"],
        )
        tests_by_key = defaultdict(list)
        for test in tests:
            for text in {test.code, test.name}:
                if text:
                    tests_by_key[normalize(text)].append(AssessmentInfo.of(test))
        years = self.env["ib.school.year"].search_fetch(
            [
                ("company_id", "in", companies.ids),
                ("name", "=", school_year.name),
            ],
            ["name", "company_id", "date_start", "date_end"],
        )
        grades = self.env["ib.grade"].search_fetch([], ["number"])
        return {
            "pupil_company": pupil_company,
            "company_names": {c.id: c.name for c in companies},
            "by_number": by_number,
            "by_name": by_name,
            "tests_by_key": tests_by_key,
            "test_cache": {},
            "moment_cache": {},
            "school_cache": {},
            "years": {
                y.company_id.id: (y.id, y.date_start, y.date_end, y.name) for y in years
            },
            "grades": {g.number: g.id for g in grades},
            "brin": {
                normalize(c.ib_brin_code): c.id for c in companies if c.ib_brin_code
            },
        }

    def _ib_select(self, Model, domain, fnames):
        """``(id, *fnames)`` tuples of the records of ``Model`` the user finds
        with ``domain``: a search with the user's record rules and field access,
        read in one query without building records (``search_fetch`` then reading
        the fields costs more than the rest of a preview)."""
        for name in fnames:
            Model._check_field_access(Model._fields[name], "read")
        Model.flush_model(fnames)
        query = Model._search(domain)
        return self.env.execute_query(
            query.select(
                SQL.identifier(query.table, "id"),
                *(Model._field_to_sql(query.table, name, query) for name in fnames),
            )
        )

    # ------------------------------------------------------------ one row
    def _ib_parse_row(self, cells, columns, lookups):
        for value in cells:
            # most cells are plain text that starts with a letter or digit
            if value.__class__ is str and (
                not value or (value[0] not in "=@+-" and not value[0].isspace())
            ):
                continue
            if looks_like_formula(value):
                raise RowError(
                    self.env._(
                        "contains a formula (%s): export values, not formulas",
                        cell_text(value)[:40],
                    )
                )
        # the mapped cells of the row that are not blank: cell(key) is the value
        # of a column, or None
        count = len(cells)
        cell = {
            key: cells[index]
            for key, index in columns.items()
            if index < count and not is_blank(cells[index])
        }.get

        pupil_id = self._ib_find_pupil(cell, lookups)
        company_id = lookups["pupil_company"][pupil_id]
        year = lookups["years"].get(company_id)
        if not year:
            raise RowError(
                self.env._(
                    "%(school)s has no school year %(year)s",
                    school=lookups["company_names"].get(company_id, ""),
                    year=lookups["year_name"],
                )
            )
        year_id, year_start, year_end, year_name = year
        test = self._ib_find_test(cell("assessment"), company_id, lookups)
        moment, grade_id = self._ib_row_moment(cell, lookups)
        vals = {
            "pupil_id": pupil_id,
            "assessment_id": test.id,
            "school_year_id": year_id,
            "moment": moment,
        }
        if grade_id:
            vals["grade_id"] = grade_id
        vals.update(self._ib_row_measures(cell, test))
        vals.update(self._ib_row_extra_values(cell, test, lookups))
        test_date = cell("date")
        if test_date is not None:
            day = parse_date(test_date)
            if not day:
                raise RowError(
                    self.env._("unreadable test date %s", cell_text(test_date))
                )
            if not year_start <= day <= year_end:
                raise RowError(
                    self.env._(
                        "test date %(date)s lies outside school year %(year)s",
                        date=day,
                        year=year_name,
                    )
                )
            vals["date"] = day
        elif moment == "other":
            raise RowError(self.env._("a test on another date needs its test date"))
        remarks = cell("remarks")
        if remarks is not None:
            vals["remarks"] = cell_text(remarks)
        key = (pupil_id, test.id, year_id, moment)
        return {"key": key, "vals": vals}

    def _ib_find_pupil(self, cell, lookups):
        """The id of the pupil of the row."""
        company_id = None
        school = cell("school")
        if school is not None:
            cache = lookups["school_cache"]
            if school not in cache:
                cache[school] = lookups["brin"].get(normalize(cell_text(school)))
            company_id = cache[school]
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
        return pupil_ids.pop()

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
        cache_key = (value, company_id)
        cache = lookups["test_cache"]
        if cache_key not in cache:
            candidates = [
                t
                for t in lookups["tests_by_key"].get(normalize(cell_text(value)), [])
                if not t.company_id or t.company_id == company_id
            ]
            # a school's own test wins over a test shared by the board
            candidates.sort(key=lambda t: not t.company_id)
            cache[cache_key] = candidates[0] if candidates else None
        test = cache[cache_key]
        if test is None:
            raise RowError(self.env._("unknown test %s", cell_text(value)))
        return test

    def _ib_row_moment(self, cell, lookups):
        """``(moment, grade id or None)`` of the row."""
        value = cell("moment")
        grade_number = None
        if value is None:
            moment = lookups["default_moment"]
        else:
            cache = lookups["moment_cache"]
            if value not in cache:
                cache[value] = parse_moment(value)
            moment, grade_number = cache[value]
            if not moment:
                raise RowError(self.env._("unknown moment %s", cell_text(value)))
        grade_value = cell("grade")
        if grade_value is not None:
            number = parse_number(grade_value)
            if number is None or not number.is_integer():
                raise RowError(self.env._("unknown grade %s", cell_text(grade_value)))
            grade_number = int(number)
        grade_id = None
        if grade_number is not None:
            grade_id = lookups["grades"].get(grade_number)
            if not grade_id:
                raise RowError(self.env._("unknown grade %s", grade_number))
        return moment, grade_id

    def _ib_row_measures(self, cell, test):
        vals = {}
        score = cell("score")
        if score is not None:
            number = parse_number(score)
            if number is None:
                raise RowError(self.env._("score %s is not a number", cell_text(score)))
            if not test.in_range(number):
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

    def _ib_row_extra_values(self, cell, test, lookups):
        """``{field: value}`` of the mapped extra columns of the row (see
        ``_ib_extra_import_columns``); raises a ``RowError`` for a value that
        cannot be imported. ``test``: the ``AssessmentInfo`` of the row."""
        vals = {}
        for key, column in lookups.get("extra_columns", {}).items():
            value = cell(key)
            if value is not None:
                vals.update(column.parse(self.env, value))
        return vals

    # ------------------------------------------------------------ compare
    def _ib_compare_existing(self, parsed, report):
        """Split the good rows into new results, changed results and unchanged
        ones (one query, read as plain values)."""
        if not parsed:
            return
        keys = [row["key"] for row in parsed]
        Result = self.env["ib.assessment.result"]
        result_fields = self._ib_result_fields()
        existing = self._ib_select(
            Result,
            [
                ("pupil_id", "in", list({k[0] for k in keys})),
                ("assessment_id", "in", list({k[1] for k in keys})),
                ("school_year_id", "in", list({k[2] for k in keys})),
            ],
            result_fields,
        )
        by_key = {}
        for row in existing:
            current = dict(zip(result_fields, row[1:], strict=True))
            key = (
                current["pupil_id"],
                current["assessment_id"],
                current["school_year_id"],
                current["moment"],
            )
            by_key[key] = (row[0], current)
        for row in parsed:
            found = by_key.get(row["key"])
            if not found:
                report.create.append(row["vals"])
                continue
            result_id, current = found
            changes = {
                name: value
                for name, value in row["vals"].items()
                if not self._ib_same_value(current.get(name), name, value)
            }
            if changes:
                report.update.append((Result.browse(result_id), changes))
            else:
                report.unchanged += 1

    @staticmethod
    def _ib_same_value(current, name, value):
        """Whether the stored ``current`` (a column value: None for empty) is
        the ``value`` of the file, as the form would show them."""
        if name == "score":
            return float_compare(current or 0.0, value, precision_digits=4) == 0
        return (current or False) == (value or False)

    # ------------------------------------------------------------ apply
    @api.model
    def apply(self, report):
        """Write what ``preview`` found (in the same transaction): write the
        changed results (grouped by change), then create the new ones as one
        batch with their levels, changes and signals (see
        ``ib.assessment.result._ib_create_batch``), which also refreshes the
        sequence of the changed ones and sends one digest of the new signals
        per recipient. Returns an ``ImportApplied``."""
        Result = self.env["ib.assessment.result"].with_context(ib_defer_refresh=True)
        updated = Result
        groups = defaultdict(list)
        for record, changes in report.update:
            groups[tuple(sorted(changes.items()))].append(record.id)
        for changes, ids in groups.items():
            records = Result.browse(ids)
            records.write(dict(changes))
            updated |= records
        updated = updated.with_context(ib_defer_refresh=False)
        created = Result.with_context(ib_defer_refresh=False)._ib_create_batch(
            report.create, refresh=updated
        )
        return ImportApplied(created=created, updated=updated)
