import contextvars

from odoo import api, models
from odoo.exceptions import AccessError

# True while a list/kanban search, a form save or the ``web_read`` of another record
# of pupil data reads the records (the relational fields a form shows are read with a
# nested ``web_read``): those reads are not "opening the file" and are not logged as
# a form access.
_INNER_READ = contextvars.ContextVar("ib_core_inner_read", default=False)


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
        try:
            result = super().web_read(specification)
        except AccessError:
            if len(self) == 1 and not inner:
                self.env["ib.pupil.access.log"]._ib_relabel_denied(self, "form")
            raise
        finally:
            _INNER_READ.reset(token)
        if (
            len(self) == 1
            and not self.env.su
            and not inner
            and set(specification) - {"id", "display_name"}
        ):
            self.env["ib.pupil.access.log"]._ib_log_access(self, "form")
        return result

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
