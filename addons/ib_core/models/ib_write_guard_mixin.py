from collections import defaultdict

from odoo import api, models
from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command, Domain
from odoo.tools import SQL

from .ib_pupil_access_mixin import form_lines_known

# Longest accepted value per field type. A btree index row holds about 2,700
# bytes, so an indexed Char longer than that crashes PostgreSQL; nobody's name,
# reference or title needs more than 255 characters. Text and HTML are stored
# unindexed but shown in lists, exports and PDFs.
TEXT_LIMITS = {"char": 255, "text": 100_000, "html": 500_000}


class IbWriteGuardMixin(models.AbstractModel):
    """Checks every create and write of a record of the suite makes, whoever makes
    it (the web client, RPC, an import, code running as the user):

    * **Text is sane**: no NUL characters (PostgreSQL refuses them), and no value
      longer than ``TEXT_LIMITS`` for its field type (or ``_ib_text_limits`` of the
      model); a clear, translated error instead of a database error.
    * **Links stay within reach** (security.md, pitfall 10): every record of the
      suite the values link to (a pupil, a group, a plan, a referral, ...) must be
      readable by the user who links it, so nobody can attach a record to a pupil
      or plan they may not see and then read it through the link.
    * **A write does not move the record out of reach**: record rules are checked
      on the record as it was; after the write, the user must still be able to
      read it, or the write is refused (a teacher cannot move their plan to
      another group, nor a goal to another group's plan).

    Superuser code (the retention job, portal controllers after their own checks)
    is not checked. Every concrete model of the suite inherits this mixin; a test
    of ib_core fails for a model that does not. It therefore also holds the few
    helpers every model of the suite shares: the state-transition guard's lookup
    (``_ib_wrong_state``) and the count of linked records (``_ib_count_linked``).
    """

    _name = "ib.write.guard.mixin"
    _description = "Checked Writes of the Pupil Care Suite"

    # Per-model exceptions to TEXT_LIMITS: {field name: max length}.
    _ib_text_limits = {}

    # ------------------------------------------------------------------ text
    @api.model
    def _ib_check_text_values(self, vals_list):
        for vals in vals_list:
            for name, value in vals.items():
                if not isinstance(value, str):
                    continue
                field = self._fields.get(name)
                if field is None or field.type not in TEXT_LIMITS:
                    continue
                if "\x00" in value:
                    raise ValidationError(
                        self.env._(
                            "%(field)s contains an invalid character (NUL). Remove "
                            "it, for example by typing the text again instead of "
                            "pasting it.",
                            field=field._description_string(self.env),
                        )
                    )
                limit = self._ib_text_limits.get(name) or TEXT_LIMITS[field.type]
                if len(value) > limit:
                    raise ValidationError(
                        self.env._(
                            "%(field)s is too long: at most %(limit)s characters, "
                            "this text has %(length)s.",
                            field=field._description_string(self.env),
                            limit=f"{limit:,}".replace(",", "."),
                            length=f"{len(value):,}".replace(",", "."),
                        )
                    )

    # ----------------------------------------------------------------- links
    @api.model
    def _ib_guarded_link_fields(self):
        """Stored many2one/many2many fields that link to records of the suite."""
        registry = self.env.registry
        return {
            name: field
            for name, field in self._fields.items()
            if field.type in ("many2one", "many2many")
            and field.store
            and field.comodel_name.startswith("ib.")
            and not registry[field.comodel_name]._transient
            and not registry[field.comodel_name]._abstract
        }

    @api.model
    def _ib_linked_ids(self, field, value):
        """The ids a create/write value of a relational field links to."""
        if field.type == "many2one":
            if isinstance(value, models.BaseModel):
                return set(value.ids)
            return {value} if isinstance(value, int) and value else set()
        ids = set()
        if isinstance(value, models.BaseModel):
            return set(value.ids)
        for command in value or ():
            if isinstance(command, int):
                ids.add(command)
            elif isinstance(command, (list, tuple)) and command:
                if command[0] == Command.LINK and len(command) > 1:
                    ids.add(command[1])
                elif command[0] == Command.SET and len(command) > 2:
                    ids.update(command[2] or ())
        return ids

    @api.model
    def _ib_check_link_targets(self, vals_list):
        """Refuse values that link to records of the suite the user cannot read."""
        if self.env.su or not vals_list:
            return
        link_fields = self._ib_guarded_link_fields()
        wanted = defaultdict(set)
        for vals in vals_list:
            for name in vals.keys() & link_fields.keys():
                field = link_fields[name]
                wanted[field.comodel_name, name] |= self._ib_linked_ids(
                    field, vals[name]
                )
        for (comodel, name), ids in wanted.items():
            if not ids:
                continue
            targets = (
                self.env[comodel].with_context(active_test=False).browse(ids).exists()
            )
            if len(targets._filtered_access("read")) != len(targets):
                raise AccessError(
                    self.env._(
                        "You cannot link a %(target)s that you may not see to this "
                        "%(record)s (field %(field)s). Choose one of your own "
                        "groups, pupils or records.",
                        target=self.env["ir.model"]._get(comodel).name,
                        record=self.env["ir.model"]._get(self._name).name,
                        field=link_fields[name]._description_string(self.env),
                    )
                )

    def _ib_check_still_readable(self):
        """After a write: the user must still read every record written."""
        if self.env.su or not self:
            return
        records = self.with_context(active_test=False)
        if len(records._filtered_access("read")) != len(records):
            raise AccessError(
                self.env._(
                    "This change would move the %(record)s out of your reach (to a "
                    "group, pupil or school you may not see), so it was not saved.",
                    record=self.env["ir.model"]._get(self._name).name,
                )
            )

    # ---------------------------------------------------------------- states
    def _ib_wrong_state(self, allowed, field_name="state"):
        """For a state-transition guard: the first record of ``self`` whose
        ``field_name`` is not in ``allowed`` and the label of its value, or an
        empty recordset and ``""`` when every record may take the step. The
        caller raises its own message about what it was going to do."""
        wrong = self.filtered(lambda record: record[field_name] not in allowed)[:1]
        if not wrong:
            return wrong, ""
        labels = dict(self._fields[field_name]._description_selection(self.env))
        return wrong, labels[wrong[field_name]]

    # ---------------------------------------------------------------- counts
    def _ib_count_linked(self, model_name, field_name, domain=()):
        """How many ``model_name`` records link to each record of ``self``
        through ``field_name`` (the number on a smart button), in one query and
        as the current user: the record rules decide what is counted.

        :return: dict record id -> count (records without links are missing)
        """
        groups = self.env[model_name]._read_group(
            [(field_name, "in", self.ids), *domain], [field_name], ["__count"]
        )
        return {record.id: count for record, count in groups}

    def _ib_count_linked_many(self, sources):
        """Several smart-button counts of ``self`` in one query.

        :param sources: ``{key: (model name, field name, domain)}``, each as for
            :meth:`_ib_count_linked`
        :return: ``{key: {record id: count}}`` (records without links are
            missing; a model the user may not read counts nothing)

        Each part of the query is the model's own ``_search`` as the current
        user, so its record rules (and active filter) decide what is counted,
        exactly as ``_read_group`` would; the parts are sent as one UNION ALL
        instead of one query per count (a form with eight buttons)."""
        result = {key: {} for key in sources}
        ids = [record_id for record_id in self._ids if isinstance(record_id, int)]
        if not ids:
            return result
        parts = []
        for index, (model_name, field_name, domain) in enumerate(sources.values()):
            Model = self.env[model_name]
            if not Model.has_access("read"):
                continue
            query = Model._search(Domain(field_name, "in", ids) & Domain(domain))
            if query.is_empty():
                continue
            field_sql = Model._field_to_sql(Model._table, field_name, query)
            query.order = None
            query.groupby = field_sql
            select = query.select(SQL("%s", index), field_sql, "COUNT(*)")
            parts.append(SQL("(%s)", select))
        if not parts:
            return result
        keys = list(sources)
        # execute_query flushes what the parts read (as _read_group does)
        rows = self.env.execute_query(SQL(" UNION ALL ").join(parts))
        for index, record_id, count in rows:
            result[keys[index]][record_id] = count
        return result

    # ---------------------------------------------------------------- search
    @api.model
    def _search(
        self, domain, offset=0, limit=None, order=None, *, bypass_access=False, **kwargs
    ):
        """The lines of a form's tabs are read (``fetch``: a search of their
        ids) right after the form's own search found them as the reader, with
        the reader's record rules (``_ib_prefetch_one2many``, in the same
        ``web_read``, nothing written in between). That read need not join the
        rules in again (for a teacher: the pupil, the group and its teachers,
        once per tab): ids that search found are read without them. The
        model's access rights are checked as always; any other search, and
        any id the form's search did not find, goes through the rules."""
        if (
            not (self.env.su or bypass_access)
            and not offset
            and limit is None
            and not order
            and isinstance(domain, list)
            and len(domain) == 1
            and isinstance(domain[0], (list, tuple))
            and tuple(domain[0][:2]) == ("id", "in")
            and isinstance(domain[0][2], (list, tuple))
            and form_lines_known(self, domain[0][2])
        ):
            self.browse().check_access("read")
            bypass_access = True
        return super()._search(
            domain, offset, limit, order, bypass_access=bypass_access, **kwargs
        )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        self._ib_check_text_values(vals_list)
        self._ib_check_link_targets(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._ib_check_text_values([vals])
        self._ib_check_link_targets([vals])
        result = super().write(vals)
        self._ib_check_still_readable()
        return result
