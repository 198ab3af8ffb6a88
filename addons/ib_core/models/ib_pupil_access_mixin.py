import contextvars
from collections import defaultdict

from odoo import api, models
from odoo.exceptions import AccessError
from odoo.fields import Domain
from odoo.tools import SQL

# True while a list/kanban search, a form save or the ``web_read`` of another record
# of pupil data reads the records (the relational fields a form shows are read with a
# nested ``web_read``): those reads are not "opening the file" and are not logged as
# a form access.
_INNER_READ = contextvars.ContextVar("ib_core_inner_read", default=False)

# While a form of pupil data is read (the outer ``web_read``): the lines of its tabs
# that :meth:`IbPupilAccessMixin._ib_prefetch_one2many` found by a search as the
# reader, with the reader's record rules, ``{(model, reader): set of ids}``. The
# reads of those same lines for the tab (``fetch``, moments later in the same read,
# nothing written in between) need not join the rules in again: see
# ``ib.write.guard.mixin._search``. None outside such a read.
_FORM_LINES = contextvars.ContextVar("ib_core_form_lines", default=None)


def _form_reader_key(model):
    """Who reads, as far as record rules can tell: the user and the context
    keys the rules depend on (``ir.rule._compute_domain_keys``: the allowed
    schools)."""
    env = model.env
    keys = env["ir.rule"]._compute_domain_keys()
    return (
        model._name,
        env.uid,
        env.su,
        tuple(repr(env.context.get(key)) for key in keys),
    )


def form_lines_found(model, ids):
    """Remember ``ids`` of ``model``: found by a search as the current user with
    the record rules of ``model``, for the form being read."""
    lines = _FORM_LINES.get()
    if lines is not None and ids:
        lines.setdefault(_form_reader_key(model), set()).update(ids)


def form_lines_known(model, ids):
    """Whether every id of ``ids`` was found by :func:`form_lines_found` for the
    same reader during the form's read."""
    lines = _FORM_LINES.get()
    if not lines or not ids:
        return False
    known = lines.get(_form_reader_key(model))
    return bool(known) and known.issuperset(ids)


class IbPupilAccessMixin(models.AbstractModel):
    """Data about a pupil whose reading is logged in the access log.

    Inherited by ``ib.pupil`` and ``ib.care.mixin`` (so by every care model).
    Opening one record in a form (the web client's ``web_read`` of one record) adds
    a row to ``ib.pupil.access.log``; a refused read is logged as a failed attempt
    (see ``ir.rule._make_access_error``). Reads through lists, kanban cards and
    searches are not logged, nor are the records a form shows in its relational
    fields (read within the form's own ``web_read``).
    """

    _name = "ib.pupil.access.mixin"
    _description = "Pupil Data with Access Logging"

    def _ib_access_log_targets(self):
        """Return ``{record id: pupil}``: the pupil each record of ``self`` is about.

        Called as superuser, only to name the pupil in the access log.
        """
        raise NotImplementedError

    def web_read(self, specification):
        """G6 of docs/security.md, "opening a form of pupil data is logged
        once": the web client opens a form with ``web_read`` of one record;
        that writes one access-log row (way "form"), and a refusal relabels the
        failed attempt queued by ``ir.rule._make_access_error`` (G5) as "form".

        The records the form shows in its relational fields (the consents on a
        pupil's form) are read with a nested ``web_read``: part of this opening,
        not an opening of their own. This is a method of the mixin, inherited by
        ``ib.pupil`` and every care model only: the ``web_read`` of any other
        model is Odoo's own."""
        inner = _INNER_READ.get()
        token = _INNER_READ.set(True)
        lines_token = None if inner else _FORM_LINES.set({})
        try:
            if not inner:
                self._ib_prefetch_one2many(specification)
                specification, pending = self._ib_defer_tab_display_names(specification)
            result = super().web_read(specification)
            if not inner and pending:
                self._ib_fill_tab_display_names(result, pending)
        except AccessError:
            if len(self) == 1 and not inner:
                self.env["ib.pupil.access.log"]._ib_relabel_denied(self, "form")
            raise
        finally:
            _INNER_READ.reset(token)
            if lines_token is not None:
                _FORM_LINES.reset(lines_token)
        if (
            len(self) == 1
            and not self.env.su
            and not inner
            and set(specification) - {"id", "display_name"}
        ):
            self.env["ib.pupil.access.log"]._ib_log_access(self, "form")
        return result

    def _ib_defer_tab_display_names(self, specification):
        """Return ``(specification, pending)``: ``specification`` without the
        display names of the many2one fields of its x2many tabs (the partner of
        each consent, the author of each note...), which ``web_read`` would
        read tab by tab (one read of ``res.partner`` per tab), and ``pending``,
        ``[(tab, field, comodel)]``: the fields whose display names
        :meth:`_ib_fill_tab_display_names` fills in afterwards, one read per
        comodel for all tabs.

        Only many2one fields asking for nothing but the display name (with no
        context of their own) are deferred; every other part of the
        specification is left as it is."""
        pending = []
        new_spec = dict(specification)
        for name, sub in specification.items():
            field = self._fields.get(name)
            if (
                field is None
                or field.type not in ("one2many", "many2many")
                or not sub.get("fields")
                or sub.get("context")
            ):
                continue
            comodel = self.env[field.comodel_name]
            sub_fields = dict(sub["fields"])
            for line_name, line_sub in sub["fields"].items():
                line_field = comodel._fields.get(line_name)
                if (
                    line_field is not None
                    and line_field.type == "many2one"
                    and line_sub.get("fields") == {"display_name": {}}
                    and not line_sub.get("context")
                ):
                    sub_fields[line_name] = {}
                    pending.append((name, line_name, line_field.comodel_name))
            if sub_fields != sub["fields"]:
                new_spec[name] = {**sub, "fields": sub_fields}
        return new_spec, pending

    def _ib_fill_tab_display_names(self, result, pending):
        """Put the display names deferred by :meth:`_ib_defer_tab_display_names`
        into ``result`` as ``web_read`` puts them (``{"id", "display_name"}``,
        ``False`` for an empty field), read the way ``web_read`` reads the
        display name of a many2one value (as superuser, the display name only),
        but for the values of all tabs of a comodel at once. The ids are the
        values ``web_read`` read as the user; nothing else is read."""
        ids_by_model = defaultdict(set)
        for values in result:
            for tab, line_name, comodel_name in pending:
                for line in values.get(tab) or ():
                    if isinstance(line, dict) and line.get(line_name):
                        ids_by_model[comodel_name].add(line[line_name])
        if not ids_by_model:
            return
        names = {}
        for comodel_name in ids_by_model:
            records = self.env[comodel_name].sudo().browse(ids_by_model[comodel_name])
            names[comodel_name] = {rec.id: rec.display_name for rec in records}
        for values in result:
            for tab, line_name, comodel_name in pending:
                for line in values.get(tab) or ():
                    if isinstance(line, dict) and line.get(line_name):
                        line_id = line[line_name]
                        line[line_name] = {
                            "id": line_id,
                            "display_name": names[comodel_name][line_id],
                        }

    def _ib_prefetch_one2many(self, specification):
        """Read the lines of the one2many fields of ``specification`` (the tabs
        of a form: parents, groups, consents, results...) in one query instead
        of one per field, and put them in the cache where ``web_read`` finds
        them.

        Each part of the query is what the field's own read runs: the comodel's
        ``_search`` as the current user (record rules, the field's domain and
        context, archived lines included and filtered by the cache), in the
        comodel's order. Fields already in the cache, computed ones, fields the
        user may not read and comodels the user may not read are left to the
        ORM, which reads (or refuses) them as before."""
        ids = [record_id for record_id in self._ids if isinstance(record_id, int)]
        if not ids:
            return
        fields_ = []
        computed = self._ib_prefetch_computed_lines()
        for name in specification:
            field = self._fields.get(name)
            if (
                name in computed
                and len(list(field._cache_missing_ids(self))) == len(self._ids)
                and self._has_field_access(field, "read")
                and self.env[field.comodel_name].has_access("read")
            ):
                fields_.append(field)
                continue
            if (
                field is None
                or field.type != "one2many"
                or field.compute
                or not field.store
                or len(list(field._cache_missing_ids(self))) != len(self._ids)
                or not self._has_field_access(field, "read")
            ):
                continue
            comodel = self.env[field.comodel_name]
            inverse = comodel._fields.get(field.inverse_name)
            if (
                inverse is None
                or inverse.type != "many2one"
                or not inverse.store
                or not comodel.has_access("read")
            ):
                continue
            fields_.append(field)
        if len(fields_) < 2:
            return
        parts = []
        for index, field in enumerate(fields_):
            if field.name in computed:
                # the search of the field's compute, as it runs it
                inverse_name = computed[field.name]
                comodel = self.env[field.comodel_name]
                domain = Domain(inverse_name, "in", ids)
            else:
                inverse_name = field.inverse_name
                comodel = self.env[field.comodel_name].with_context(
                    **{"active_test": False, **field.context}
                )
                domain = field.get_comodel_domain(self) & Domain(
                    inverse_name, "in", ids
                )
            query = comodel._search(domain, order=comodel._order)
            order = query.order or SQL.identifier(comodel._table, "id")
            query.order = None
            table = comodel._table
            active = (
                comodel._field_to_sql(table, comodel._active_name, query)
                if comodel._active_name
                else SQL("TRUE")
            )
            select = query.select(
                SQL("%s", index),
                SQL.identifier(table, "id"),
                comodel._field_to_sql(table, inverse_name, query),
                active,
                SQL("ROW_NUMBER() OVER (ORDER BY %s)", order),
            )
            parts.append(SQL("(%s)", select))
        rows = self.env.execute_query(SQL(" UNION ALL ").join(parts))
        rows.sort(key=lambda row: (row[0], row[4]))
        for index, field in enumerate(fields_):
            comodel = self.env[field.comodel_name]
            inverse_name = computed.get(field.name) or field.inverse_name
            lines = [row for row in rows if row[0] == index]
            by_record = defaultdict(list)
            for _index, line_id, record_id, _active, _rank in lines:
                by_record[record_id].append(line_id)
            line_records = comodel.browse([row[1] for row in lines])
            # found as the reader, with the record rules of the comodel
            form_lines_found(comodel, line_records.ids)
            self._ib_form_lines_counted(field, inverse_name, lines)
            comodel._fields[inverse_name]._insert_cache(
                line_records, [row[2] for row in lines]
            )
            if comodel._active_name:
                comodel._fields[comodel._active_name]._insert_cache(
                    line_records, [row[3] for row in lines]
                )
            field._insert_cache(
                self, [tuple(by_record[record_id]) for record_id in self._ids]
            )

    def _ib_form_lines_counted(self, field, inverse_name, lines):
        """Remember, for the form being read, how many active lines of
        ``field`` :meth:`_ib_prefetch_one2many` found per record (``lines``:
        its rows), with what it searched: the comodel, the field to the
        record and the domain (the field's own), as the reader."""
        memo = _FORM_LINES.get()
        if memo is None or field.context:
            return
        domain = Domain.TRUE if field.compute else field.get_comodel_domain(self)
        counts = dict.fromkeys(self._ids, 0)
        for _index, _line_id, record_id, active, _rank in lines:
            if active and record_id in counts:
                counts[record_id] += 1
        key = ("counted", _form_reader_key(self), field.comodel_name, inverse_name)
        memo.setdefault(key, []).append((domain, counts))

    def _ib_form_lines_count(self, model_name, field_name, domain):
        """``{record id: count}`` of the active ``model_name`` records whose
        ``field_name`` is a record of ``self`` and that match ``domain``, as
        the reader: the lines of a tab of the form being read, found by
        :meth:`_ib_prefetch_one2many` with the same search (the same comodel,
        field and domain; the reader's record rules), so a smart button showing
        the number of a tab's lines needs no query of its own. None when no tab
        of this read was found that way for every record of ``self``."""
        memo = _FORM_LINES.get()
        if not memo:
            return None
        key = ("counted", _form_reader_key(self), model_name, field_name)
        wanted = Domain(domain)
        for found_domain, counts in memo.get(key, ()):
            if found_domain == wanted and all(
                record_id in counts for record_id in self._ids
            ):
                return {record_id: counts[record_id] for record_id in self._ids}
        return None

    def _ib_prefetch_computed_lines(self):
        """Return ``{field name: field of the comodel to the record}``: the
        computed x2many fields of this model whose value is exactly the lines
        of the comodel pointing to the record that a search as the current user
        finds (in the comodel's order, its default context), so that
        :meth:`_ib_prefetch_one2many` reads them in its query, as their compute
        would. None by default."""
        return {}

    # Opening a form writes a log row: the web client must call this method in a
    # read/write transaction, not on a read-only replica (see the web module's
    # DataSet._call_kw_readonly, which looks for this attribute).
    web_read._readonly = False

    @api.model
    @api.readonly
    def web_search_read(
        self, domain, specification, offset=0, limit=None, order=None, count_limit=None
    ):
        token = _INNER_READ.set(True)
        try:
            return super().web_search_read(
                domain,
                specification,
                offset=offset,
                limit=limit,
                order=order,
                count_limit=count_limit,
            )
        finally:
            _INNER_READ.reset(token)

    def web_save(self, vals, specification, next_id=None):
        token = _INNER_READ.set(True)
        try:
            result = super().web_save(vals, specification, next_id=next_id)
        finally:
            _INNER_READ.reset(token)
        if next_id and result and not self.env.su:
            # "Save and show the next record": that record's form is opened.
            self.env["ib.pupil.access.log"]._ib_log_access(self.browse(next_id), "form")
        return result

    def export_data(self, fields_to_export):
        result = super().export_data(fields_to_export)
        if not self.env.su:
            self.env["ib.pupil.access.log"]._ib_log_access(self, "export")
        return result
