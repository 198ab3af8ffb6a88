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
    """Care data about one pupil, and the declared privacy policy of pupil data.

    Every model of the suite that holds care content about a pupil inherits this
    mixin, so that the school (company) follows the pupil, deleting in daily use is
    refused, and privacy jobs (retention, file export) can find all care records of a
    pupil without knowing the addons that define them: see ``_ib_care_models``.
    Opening a care record in a form and refused reads are written to the pupil
    access log (``ib.pupil.access.mixin``).

    **Privacy policy.** Every model about pupils (the care models below, the pupil
    itself and every other ``ib.*`` model with a ``pupil_id``) states next to its
    fields, as class attributes, what the retention job
    (``ib.retention.engine``) and the pupil file export
    (``ib.pupil.file.export``) do with it; ``test_privacy_policy`` fails for a
    model that does not state it itself:

    ``_ib_retention_class``
        when its data goes: ``"care"`` once the care data period after leaving
        has passed (every care model); ``"enrolment"`` kept until the file
        deletion date and deleted with the pupil (``pupil_id`` cascades);
        ``"link"`` not the pupil's care data, the record goes or loses its link
        with the pupil file (``pupil_id`` cascades or is set null).
    ``_ib_retention``
        what goes then: ``"delete"`` the records with their messages,
        activities, followers and attachments; ``"clear"`` the fields of
        ``_ib_retention_clear_fields`` are emptied and the chatter removed, the
        fields of ``_ib_retention_keep_fields`` stay until the file is deleted
        (every stored field is in one of the two lists). Extensions of a model
        add their own fields to these lists: the lists of all its classes count.
    ``_ib_file_export``
        whether its records are in the pupil file export (right of access): care
        and link records get a section of their own (``_ib_file_export_values``,
        which a model may override), enrolment data and the pupil are printed in
        the file's own part; ``_ib_file_export_exclude`` names fields left out.
    """

    _name = "ib.care.mixin"
    _inherit = ["ib.pupil.access.mixin", "ib.write.guard.mixin"]
    _description = "Pupil Care Record"
    _check_company_auto = True

    # The declared privacy policy (see the class docstring). The defaults are
    # those of a care record; each care model states its own next to its fields.
    _ib_retention_class = "care"
    _ib_retention = "delete"
    _ib_retention_clear_fields = ()
    _ib_retention_keep_fields = ()
    _ib_file_export = True
    _ib_file_export_exclude = ()

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

    @api.model
    def _ib_pupil_linked_models(self):
        """Names of the care models and of every other concrete ``ib.*`` model
        with a ``pupil_id`` link to the pupil: the models that declare a privacy
        policy (the pupil itself not included)."""
        names = set(self.env["ib.care.mixin"]._ib_care_models())
        for name, cls in self.env.registry.items():
            field = cls._fields.get("pupil_id")
            if (
                name.startswith("ib.")
                and field is not None
                and field.type == "many2one"
                and field.comodel_name == "ib.pupil"
                and not cls._abstract
                and not cls._transient
                and cls._auto
            ):
                names.add(name)
        return sorted(names)

    @api.model
    def _ib_linked_models_of_class(self, retention_class):
        """The models that are not care models and declare ``retention_class``."""
        care = set(self.env["ib.care.mixin"]._ib_care_models())
        return [
            name
            for name in self._ib_pupil_linked_models()
            if name not in care
            and getattr(self.env[name], "_ib_retention_class", None) == retention_class
        ]

    @api.model
    def _ib_policy_fields(self, model_name, attribute):
        """The field names that the classes of ``model_name`` (the model and
        every extension of it) list in the policy ``attribute``, such as
        ``_ib_retention_clear_fields``."""
        names = []
        for cls in reversed(type(self.env[model_name])._model_classes__):
            for name in cls.__dict__.get(attribute, ()):
                if name not in names:
                    names.append(name)
        return names

    @api.model
    def _ib_model_label(self, model_name):
        return self.env["ir.model"]._get(model_name).name or model_name

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
        choice, date, number and link fields the current user may read, except
        those the model declares in ``_ib_file_export_exclude``."""
        excluded = self.env["ib.care.mixin"]._ib_policy_fields(
            self._name, "_ib_file_export_exclude"
        )
        return [
            field
            for name, field in self._fields.items()
            if field.type in FILE_EXPORT_FIELD_TYPES
            and field.store
            and name not in FILE_EXPORT_SKIPPED_FIELDS
            and name not in excluded
            and not name.startswith(FILE_EXPORT_SKIPPED_PREFIXES)
            and self._has_field_access(field, "read")
        ]

    def _ib_file_export_values(self):
        """The records of ``self`` as the pupil file export shows them.

        Return one dict per record: ``name``, ``date`` (creation), ``author``,
        ``values`` (list of ``(label, value)``; the value is text or sanitized
        HTML), ``messages`` and ``attachments`` (see
        ``ib.pupil.file.export._ib_thread_data``). Runs as the exporting user:
        what the user may not read is not shown. Override to present a model
        differently, e.g. ``super()`` and then drop or add values.
        """
        Export = self.env["ib.pupil.file.export"]
        values = Export._ib_format_values(self, self._ib_file_export_fields())
        threads = Export._ib_thread_data(self._name, self.ids)
        authors = Export._ib_names(self.create_uid)
        return [
            {
                "name": record.display_name,
                "date": Export._ib_format_datetime(record.create_date),
                "author": authors.get(record.create_uid.id, ""),
                "values": values[record.id],
                "messages": threads[record.id]["messages"],
                "attachments": threads[record.id]["attachments"],
            }
            for record in self
        ]
