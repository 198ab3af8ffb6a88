from collections import defaultdict

from markupsafe import Markup

from odoo import api, models
from odoo.tools import format_date, format_datetime, is_html_empty


class IbPupilFileExport(models.AbstractModel):
    """The pupil file export (right of access): everything the school holds about
    one pupil, as the current user may read it.

    Driven by the privacy policy each model declares (see ``ib.care.mixin``): the
    care models and the link models with ``_ib_file_export`` get a section each,
    shown through their ``_ib_file_export_values``; the pupil's own data and its
    enrolment data are printed by the report (``ib_core.report_ib_pupil_file``),
    with the pupil file's messages and attachments collected here. Never sudo:
    record rules and field groups apply to every part.
    """

    _name = "ib.pupil.file.export"
    _description = "Pupil File Export Engine"

    @api.model
    def _ib_pupil_file(self, pupil):
        """``{"sections": [{"title", "records"}], "messages", "attachments"}``
        of one pupil: what the report prints after the pupil's own data."""
        pupil.ensure_one()
        Mixin = self.env["ib.care.mixin"]
        care = [
            name
            for name in Mixin._ib_care_models()
            if getattr(self.env[name], "_ib_file_export", True)
        ]
        links = [
            name
            for name in Mixin._ib_linked_models_of_class("link")
            if self.env[name]._ib_file_export
        ]
        sections = []
        for model_name in care + links:
            Model = self.env[model_name].with_context(active_test=False)
            if not Model.has_access("read"):
                continue
            records = Model.search([("pupil_id", "=", pupil.id)])
            if records:
                title = getattr(records, "_ib_file_export_title", None)
                sections.append(
                    {
                        "title": title()
                        if title
                        else Mixin._ib_model_label(model_name),
                        "records": records._ib_file_export_values(),
                    }
                )
        thread = self._ib_thread_data(pupil._name, pupil.ids)[pupil.id]
        return {
            "sections": sections,
            "messages": thread["messages"],
            "attachments": thread["attachments"],
        }

    @api.model
    def _ib_names(self, records):
        """``{id: display name}`` of the ``records`` the current user may read."""
        readable = records._filtered_access("read")
        return {record.id: record.display_name for record in readable}

    @api.model
    def _ib_format_datetime(self, value):
        return format_datetime(self.env, value) if value else ""

    @api.model
    def _ib_format_values(self, records, export_fields):
        """``{record id: [(label, value), ...]}`` for the pupil file export."""
        env = self.env
        labels = {field.name: field._description_string(env) for field in export_fields}
        selections = {
            field.name: dict(field._description_selection(env))
            for field in export_fields
            if field.type == "selection"
        }
        link_names = {
            field.name: self._ib_names(records[field.name])
            for field in export_fields
            if field.type == "many2one"
        }
        result = {}
        for record in records:
            values = []
            for field in export_fields:
                value = record[field.name]
                if field.type == "boolean":
                    text = env._("Yes") if value else env._("No")
                elif field.type in ("integer", "float", "monetary"):
                    text = str(value)
                elif not value:
                    continue
                elif field.type == "html":
                    if is_html_empty(value):
                        continue
                    text = Markup(value)
                elif field.type == "selection":
                    text = selections[field.name].get(value, value)
                elif field.type == "date":
                    text = format_date(env, value)
                elif field.type == "datetime":
                    text = self._ib_format_datetime(value)
                elif field.type == "many2one":
                    text = link_names[field.name].get(value.id) or env._(
                        "(not accessible)"
                    )
                else:
                    text = value
                values.append((labels[field.name], text))
            result[record.id] = values
        return result

    @api.model
    def _ib_thread_data(self, model_name, res_ids):
        """Messages (with their tracking) and attachments of the records
        ``res_ids`` of ``model_name`` that the current user may read:
        ``{res_id: {"messages": [...], "attachments": [...]}}``."""
        result = {res_id: {"messages": [], "attachments": []} for res_id in res_ids}
        if not res_ids:
            return result
        messages = self.env["mail.message"].search(
            [
                ("model", "=", model_name),
                ("res_id", "in", list(res_ids)),
                ("message_type", "!=", "user_notification"),
            ],
            order="date asc, id asc",
        )
        authors = self._ib_names(messages.author_id)
        # Tracking values are readable by administrators only. As the chatter does,
        # show those of the messages found above (which the user may read) for the
        # fields the user may read.
        trackings = messages.sudo().tracking_value_ids
        trackings = trackings._filter_has_field_access(self.env)
        message_of = {track.id: track.mail_message_id.id for track in trackings}
        changes = defaultdict(list)
        for formatted in trackings._tracking_value_format():
            field_label = formatted["fieldInfo"]["changedField"]
            old = self._ib_format_tracked(formatted["oldValue"])
            new = self._ib_format_tracked(formatted["newValue"])
            changes[message_of[formatted["id"]]].append(f"{field_label}: {old} → {new}")
        for message in messages:
            result[message.res_id]["messages"].append(
                {
                    "date": self._ib_format_datetime(message.date),
                    "author": authors.get(message.author_id.id)
                    or message.email_from
                    or "",
                    "subject": message.subject or "",
                    "body": message.body if not is_html_empty(message.body) else "",
                    "changes": changes.get(message.id, []),
                    "attachments": message.attachment_ids.mapped("name"),
                }
            )
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", model_name), ("res_id", "in", list(res_ids))],
            order="create_date asc, id asc",
        )
        for attachment in attachments:
            result[attachment.res_id]["attachments"].append(
                {
                    "name": attachment.name,
                    "mimetype": attachment.mimetype or "",
                    "size": attachment.file_size,
                    "date": self._ib_format_datetime(attachment.create_date),
                }
            )
        return result

    @api.model
    def _ib_format_tracked(self, value):
        if value is True:
            return self.env._("Yes")
        if value is False or value is None:
            return "–"
        return str(value)
