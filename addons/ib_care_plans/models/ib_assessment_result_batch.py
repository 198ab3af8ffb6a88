import io

import psycopg2.extensions

from odoo import api, models
from odoo.fields import Domain
from odoo.tools import SQL

from .ib_assessment import PERCENTILE_CUTOFFS, level_from_cutoffs, level_label
from .result_rules import (
    DERIVED_FIELDS,
    INSERT_BATCH,
    MANAGED_FIELDS,
    csv_formatter,
    csv_lines,
    default_moment_date,
)


class IbAssessmentResultBatch(models.AbstractModel):
    """The batch insert of an import: ``create`` for thousands of test results,
    with the stored values computed in Python by the same rules as the computes
    of ``ib.assessment.result``, which inherits this engine."""

    _name = "ib.assessment.result.batch.mixin"
    _description = "Batch Insert of Test Results"

    @api.model
    def _ib_create_batch(self, vals_list, refresh=None):
        """Create the results of an import: ``create`` for thousands of rows.

        The ORM's ``create`` of a list costs about a millisecond per result here
        (defaults and precomputed fields through a new record per row, every
        field through the cache, the constraints record by record), which caps
        an import at about 1,300 rows a second. This path does what ``create``
        does for the whole batch at once:

        - the access checks, once: the user's create right, write access to the
          given fields, the write guard (text and linked records readable, see
          ``ib.write.guard.mixin``);
        - the stored computed values (school, domain, date, group, grade, level,
          label, test session) derived in Python from a few queries, with the
          same rules as the compute methods, and the previous level, change and
          signal from one pass over the pupils' results (``_ib_sequence_pass``);
        - a raw ``INSERT`` of the rows (one statement per 10,000 rows) with ids
          taken from the table's sequence, then the record rules for create
          checked on the inserted rows in one query, the constraints the
          preview already checked checked again on the plain values, the cache
          of the inverse fields invalidated and the test sessions' counters
          marked for recomputation;
        - one digest activity per signal recipient (``_ib_notify_signals``).

        ``vals_list``: the values an import gives (pupil, test, school year,
        moment, and grade, score, level, percentile, date, remarks when known).
        ``refresh``: results written in the same import, whose sequence is
        refreshed in the same pass. Returns the new results."""
        if not vals_list:
            if refresh:
                refresh._ib_refresh_sequence()
            return self.browse()
        self.check_access("create")
        given = {name for vals in vals_list for name in vals}
        for name in given:
            if name in MANAGED_FIELDS + DERIVED_FIELDS or name not in self._fields:
                raise ValueError(f"Invalid field {name!r} for a batch of results")
            self._check_field_access(self._fields[name], "write")
        self._ib_check_text_values(
            [{"remarks": v["remarks"]} for v in vals_list if v.get("remarks")]
        )
        self._ib_check_link_targets(
            [
                {name: value}
                for name in ("pupil_id", "assessment_id", "school_year_id", "grade_id")
                for value in {v[name] for v in vals_list if v.get(name)}
            ]
        )
        self.env.flush_all()
        cr = self.env.cr
        rows = self._ib_computed_values(vals_list)
        cr.execute(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                f"{self._table}_id_seq",
                len(rows),
            )
        )
        ids = [rid for (rid,) in cr.fetchall()]
        pending = dict(zip(ids, rows, strict=True))
        updates, new_signals = (refresh or self)._ib_sequence_pass(pending=pending)
        self._ib_insert_rows(pending)
        self._ib_write_sequence(updates)
        records = self.browse(ids)
        self._ib_check_batch(records, pending)
        self.env["ib.pupil"].invalidate_model(["assessment_result_ids"])
        Session = self.env["ib.assessment.session"]
        Session.invalidate_model(["result_ids"])
        session_ids = {v["session_id"] for v in rows if v.get("session_id")}
        if session_ids:
            Session.browse(session_ids).modified(["result_ids"])
        if new_signals:
            self.browse(new_signals)._ib_notify_signals()
        return records

    @api.model
    def _ib_computed_values(self, vals_list):
        """``vals_list`` completed with every stored value ``create`` would
        compute, derived as the compute methods do (as superuser, as stored
        computed fields are)."""
        cr = self.env.cr
        pupil_ids = list({v["pupil_id"] for v in vals_list})
        year_ids = list({v["school_year_id"] for v in vals_list})
        test_ids = list({v["assessment_id"] for v in vals_list})
        cr.execute(
            SQL(
                "SELECT id, company_id, last_name, first_name FROM ib_pupil "
                "WHERE id = ANY(%s)",
                pupil_ids,
            )
        )
        pupil_data = {row[0]: row[1:] for row in cr.fetchall()}
        tests = {
            t.id: (t.domain, t.share_with_parents, t.level_scale)
            for t in self.env["ib.assessment"]
            .sudo()
            .with_context(active_test=False)
            .browse(test_ids)
        }
        years = {y.id: y for y in self.env["ib.school.year"].sudo().browse(year_ids)}
        cr.execute(
            SQL(
                "SELECT pupil_id, school_year_id, group_id FROM ib_group_membership "
                "WHERE pupil_id = ANY(%s) AND school_year_id = ANY(%s)",
                pupil_ids,
                year_ids,
            )
        )
        group_of = {(pupil, year): group for pupil, year, group in cr.fetchall()}
        groups = self.env["ib.group"].sudo().browse(set(group_of.values()))
        groups.fetch(["grade_ids"])
        single_grade = {g.id: g.grade_ids.id for g in groups if len(g.grade_ids) == 1}
        norms = {
            key: norm._ib_cutoffs()
            for key, norm in self.sudo().browse()._ib_norms_of(test_ids).items()
        }
        sessions = (
            self.env["ib.assessment.session"]
            .sudo()
            .search_fetch(
                [("assessment_id", "in", test_ids), ("group_id", "in", groups.ids)],
                ["assessment_id", "group_id", "moment"],
            )
        )
        session_of = {
            (s.assessment_id.id, s.group_id.id, s.moment): s.id for s in sessions
        }
        percentile_cutoffs = {
            tid: PERCENTILE_CUTOFFS[scale or "roman"]
            for tid, (_domain, _share, scale) in tests.items()
        }
        defaults = {}
        now = cr.now()
        uid = self.env.uid
        rows = []
        for vals in vals_list:
            row = dict(vals)
            test_id = row["assessment_id"]
            domain, share, scale = tests[test_id]
            (
                row["company_id"],
                row["pupil_last_name"],
                row["pupil_first_name"],
            ) = pupil_data[row["pupil_id"]]
            row["domain"] = domain
            row["share_with_parents"] = share
            if not row.get("date"):
                key = (row["school_year_id"], row["moment"])
                if key not in defaults:
                    defaults[key] = default_moment_date(years[key[0]], key[1])
                row["date"] = defaults[key]
            group_id = group_of.get((row["pupil_id"], row["school_year_id"]))
            row["group_id"] = group_id
            if not row.get("grade_id"):
                row["grade_id"] = single_grade.get(group_id)
            row["level_given"] = bool(row.get("level"))
            if not row["level_given"]:
                cutoffs = norms.get((test_id, row["grade_id"] or False, row["moment"]))
                level = None
                if cutoffs:
                    level = level_from_cutoffs(row.get("score") or 0.0, cutoffs)
                elif row.get("percentile"):
                    level = level_from_cutoffs(
                        row["percentile"], percentile_cutoffs[test_id]
                    )
                row["level"] = level or 0
            row["level_label"] = level_label(row["level"], scale) or None
            row["session_id"] = session_of.get((test_id, group_id, row["moment"]))
            row.update(create_uid=uid, create_date=now, write_uid=uid, write_date=now)
            rows.append(row)
        return rows

    @api.model
    def _ib_insert_rows(self, pending):
        """Write the rows of ``pending`` (``{id: complete values}``: column
        values, None for NULL) to the table with ``COPY`` (CSV), 10,000 rows
        a statement, in the order of the unique index (pupil, test, year,
        moment).

        ``COPY`` feeds PostgreSQL the values without a SQL statement to parse
        (an ``INSERT`` of 10,000 rows as arrays is a statement of megabytes,
        parsed and cast value by value); the table's constraints, foreign keys
        and indexes apply as for an ``INSERT``."""
        columns = [
            name
            for name, field in self._fields.items()
            if field.store and field.column_type and name != "id"
        ]
        formats = [
            (name, csv_formatter(self._fields[name].column_type[0])) for name in columns
        ]
        copy = SQL(
            "COPY %s (id, %s) FROM STDIN WITH (FORMAT csv)",
            SQL.identifier(self._table),
            SQL(", ").join(SQL.identifier(name) for name in columns),
        )
        items = sorted(
            pending.items(),
            key=lambda item: (
                item[1]["pupil_id"],
                item[1]["assessment_id"],
                item[1]["school_year_id"],
                item[1]["moment"],
            ),
        )
        cr = self.env.cr
        # as Odoo's own COPY (``_ensure_xml_id``): no wait callback during it
        callback = psycopg2.extensions.get_wait_callback()
        psycopg2.extensions.set_wait_callback(None)
        try:
            for index in range(0, len(items), INSERT_BATCH):
                lines = csv_lines(items[index : index + INSERT_BATCH], formats)
                lines.append("")
                buffer = io.StringIO("\n".join(lines))
                cr.copy_expert(copy.code, buffer)
                # counted as a query, as ``execute`` counts one (on the real
                # cursor, also under a test cursor)
                getattr(cr, "_cursor", cr).sql_log_count += 1
        finally:
            psycopg2.extensions.set_wait_callback(callback)

    @api.model
    def _ib_check_batch(self, records, pending):
        """After the INSERT: the record rules for create, the company
        consistency and the constraints, as ``create`` checks them (an error
        rolls the import back)."""
        domain = self.env["ir.rule"]._compute_domain(self._name, "create")
        if domain:
            # the new ids as a range, not a list of 50,000 ids to parse; the
            # rows of the range that are not of this batch are left out below
            ids = records.ids
            allowed = set(
                self.sudo()
                .search(
                    Domain("id", ">=", min(ids))
                    & Domain("id", "<=", max(ids))
                    & Domain(domain),
                    order="id",
                )
                .ids
            )
            forbidden = records.browse([rid for rid in ids if rid not in allowed])
            if forbidden:
                raise self.env["ir.rule"]._make_access_error("create", forbidden)
        cr = self.env.cr
        cr.execute(
            SQL(
                "SELECT id, company_id, date_start, date_end FROM ib_school_year "
                "WHERE id = ANY(%s)",
                list({v["school_year_id"] for v in pending.values()}),
            )
        )
        years = {row[0]: row[1:] for row in cr.fetchall()}
        cr.execute(
            SQL(
                "SELECT id, company_id, score_min, score_max FROM ib_assessment "
                "WHERE id = ANY(%s)",
                list({v["assessment_id"] for v in pending.values()}),
            )
        )
        tests = {row[0]: row[1:] for row in cr.fetchall()}
        suspects = []
        for rid, vals in pending.items():
            year_company, year_start, year_end = years[vals["school_year_id"]]
            test_company, score_min, score_max = tests[vals["assessment_id"]]
            score = vals.get("score")
            if (
                year_company != vals["company_id"]
                or test_company not in (None, vals["company_id"])
                or not year_start <= vals["date"] <= year_end
                or (
                    score
                    and (score_min or score_max)
                    and not (score_min or 0.0) <= score <= (score_max or 0.0)
                )
            ):
                suspects.append(rid)
        if suspects:
            bad = self.browse(suspects)
            bad._check_date_in_year()
            bad._check_score_range()
            # the ORM's check (not the shortcut above), which raises its error
            super(IbAssessmentResultBatch, bad)._check_company(
                ["assessment_id", "school_year_id"]
            )
        return None
