from odoo import api, fields, models
from odoo.exceptions import UserError

# Fields never listed in the pupil file export: technical or shown elsewhere.
FILE_EXPORT_SKIPPED_FIELDS = {
    "id",
    "display_name",
    "create_uid",
    "create_date",
    "write_uid",
    "write_date",
    "pupil_id",
    "company_id",
    "active",
    "sequence",
    "color",
    "currency_id",
    "access_token",
    "access_url",
    "access_warning",
}
FILE_EXPORT_FIELD_TYPES = {
    "char",
    "text",
    "html",
    "selection",
    "date",
    "datetime",
    "boolean",
    "integer",
    "float",
    "monetary",
    "many2one",
}
FILE_EXPORT_SKIPPED_PREFIXES = ("message_", "activity_", "website_", "rating_")


class IbCareMixin(models.AbstractModel):
    """Care data about one pupil.

    Every model of the suite that holds care content about a pupil inherits this
    mixin, so that the school (company) follows the pupil, deleting in daily use is
    refused, and privacy jobs (retention, file export) can find all care records of a
    pupil without knowing the addons that define them: see ``_ib_care_models``.
    Opening a care record in a form and refused reads are written to the pupil
    access log (``ib.pupil.access.mixin``); the pupil file export shows each care
    record through ``_ib_file_export_values``, which a model may override.
    """

    _name = "ib.care.mixin"
    _inherit = ["ib.pupil.access.mixin", "ib.write.guard.mixin"]
    _description = "Pupil Care Record"
    _check_company_auto = True

    pupil_id = fields.Many2one(
        "ib.pupil",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        related="pupil_id.company_id",
        store=True,
        index=True,
        precompute=True,
    )

    @api.model
    def _ib_care_models(self):
        """Names of all concrete models that hold care data about pupils."""
        registry = self.env.registry
        names, todo = set(), list(registry[self._name]._inherit_children)
        while todo:
            name = todo.pop()
            if name not in names:
                names.add(name)
                todo.extend(registry[name]._inherit_children)
        return sorted(
            name
            for name in names
            if not registry[name]._abstract and not registry[name]._transient
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_daily_use(self):
        # Only the retention job (running as superuser) removes care records.
        if not self.env.su:
            raise UserError(
                self.env._(
                    "Care records cannot be deleted: archive them or close them "
                    "instead. They are removed by the retention job once the "
                    "retention period after the pupil left has passed."
                )
            )

    def _ib_access_log_targets(self):
        return {record.id: record.pupil_id for record in self}

    # ------------------------------------------------------- pupil file export
    def _ib_file_export_fields(self):
        """Fields of this model shown in the pupil file export: the stored text,
        choice, date, number and link fields the current user may read."""
        return [
            field
            for name, field in self._fields.items()
            if field.type in FILE_EXPORT_FIELD_TYPES
            and field.store
            and name not in FILE_EXPORT_SKIPPED_FIELDS
            and not name.startswith(FILE_EXPORT_SKIPPED_PREFIXES)
            and self._has_field_access(field, "read")
        ]

    def _ib_file_export_values(self):
        """The records of ``self`` as the pupil file export shows them.

        Return one dict per record: ``name``, ``date`` (creation), ``author``,
        ``values`` (list of ``(label, value)``; the value is text or sanitized
        HTML), ``messages`` and ``attachments`` (see
        ``ib.pupil._ib_file_thread_data``). Runs as the exporting user: what the
        user may not read is not shown. Override to present a model differently,
        e.g. ``super()`` and then drop or add values.
        """
        Pupil = self.env["ib.pupil"]
        values = Pupil._ib_file_format_values(self, self._ib_file_export_fields())
        threads = Pupil._ib_file_thread_data(self._name, self.ids)
        authors = Pupil._ib_file_names(self.create_uid)
        return [
            {
                "name": record.display_name,
                "date": Pupil._ib_file_format_datetime(record.create_date),
                "author": authors.get(record.create_uid.id, ""),
                "values": values[record.id],
                "messages": threads[record.id]["messages"],
                "attachments": threads[record.id]["attachments"],
            }
            for record in self
        ]
