from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import is_html_empty, split_every

# Pupils handled per transaction by the daily retention job.
RETENTION_BATCH_SIZE = 500


class IbRetentionEngine(models.AbstractModel):
    """The retention job: what is past its retention period goes.

    Driven by the privacy policy each model declares (see ``ib.care.mixin``).
    For every pupil who left and is not on legal hold:

    - once the care data period has passed (``ib.pupil._ib_retention_dates``):
      the care records of every care model are deleted (``_ib_retention =
      "delete"``) or cleared (``"clear"``) with their messages, tracking values,
      activities, followers and attachments; the pupil file's
      ``_ib_retention_clear_fields`` are emptied and its chatter and attachments
      (photo included) deleted; its ``_ib_retention_keep_fields`` stay;
    - once the enrolment period has passed too: the pupil is deleted with its
      enrolment data (the models of retention class ``"enrolment"``).

    Pupils still enrolled are never touched. One ``ib.retention.audit`` row per
    pupil and kind of data says what went, without content.
    """

    _name = "ib.retention.engine"
    _description = "Retention Engine"

    @api.model
    def _ib_run_cron(self):
        """Daily job: remove what is past its retention period, in batches that
        are committed one by one (see ``_ib_apply``)."""
        today = fields.Date.context_today(self)
        care_due, delete_due = self._ib_due(today)
        todo = (care_due | delete_due).ids
        remaining = len(todo)
        for ids in split_every(RETENTION_BATCH_SIZE, todo):
            batch = care_due.browse(ids)
            self._ib_apply_batch(batch & care_due, batch & delete_due, today)
            remaining -= len(ids)
            if self.env["ir.cron"]._commit_progress(len(ids), remaining=remaining) <= 0:
                break

    @api.model
    def _ib_apply(self, today=None):
        """Apply the retention periods as on ``today``, in the current
        transaction; return the audit rows written."""
        today = today or fields.Date.context_today(self)
        care_due, delete_due = self._ib_due(today)
        return self._ib_apply_batch(care_due, delete_due, today)

    @api.model
    def _ib_due(self, today):
        """Return ``(care_due, delete_due)``: pupils whose care data must be
        removed (and who keep their enrolment data), and pupils to delete."""
        # The retention job is a system task over every school: record rules and
        # the user's schools are not the point here, and the deletion guards of
        # pupils and care records only let the superuser through.
        Pupil = self.env["ib.pupil"].sudo().with_context(active_test=False)
        [(years, years_special)] = (
            self.env["res.company"]
            .sudo()
            .with_context(active_test=False)
            ._read_group(
                [],
                aggregates=[
                    "ib_retention_years:min",
                    "ib_retention_years_special:min",
                ],
            )
        )
        shortest = min(years or 1, years_special or 1)
        left = Pupil.search_fetch(
            [
                ("leaving_date", "!=", False),
                ("leaving_date", "<=", today - relativedelta(years=shortest)),
                ("legal_hold", "=", False),
            ],
            ["leaving_date", "leaving_destination", "company_id", "care_removed_date"],
        )
        care_ids, delete_ids = [], []
        for pupil in left:
            care_date, deletion_date = pupil._ib_retention_dates()
            if deletion_date < today:
                delete_ids.append(pupil.id)
            elif care_date < today and not pupil.care_removed_date:
                care_ids.append(pupil.id)
        return Pupil.browse(care_ids), Pupil.browse(delete_ids)

    @api.model
    def _ib_apply_batch(self, care_pupils, delete_pupils, today):
        # See _ib_due: this runs as superuser on purpose.
        env = (
            self.sudo()
            .with_context(active_test=False, tracking_disable=True, mail_notrack=True)
            .env
        )
        care_pupils = care_pupils.with_env(env)
        delete_pupils = delete_pupils.with_env(env)
        pupils = care_pupils | delete_pupils
        if not pupils:
            return env["ib.retention.audit"]
        school_of = {pupil.id: pupil.company_id.id for pupil in pupils}
        counts = defaultdict(int)
        engine = env[self._name]
        engine._ib_remove_care_records(pupils, counts)
        engine._ib_clear_records(pupils, counts, env._("Pupil file: care content"))
        if care_pupils:
            care_pupils.write({"care_removed_date": today})
        engine._ib_delete_files(delete_pupils, counts)
        now = fields.Datetime.now()
        return env["ib.retention.audit"].create(
            [
                {
                    "run_time": now,
                    "company_id": school_of[pupil_id],
                    "pupil_ref": pupil_id,
                    "kind": kind,
                    "res_model": model_name,
                    "action": action,
                    "record_count": count,
                }
                for (pupil_id, kind, model_name, action), count in counts.items()
                if count
            ]
        )

    @api.model
    def _ib_care_models_deletion_order(self):
        """Care models, those whose records refer to records of other care models
        (many2one) before the models they refer to."""
        names = self.env["ib.care.mixin"]._ib_care_models()
        refers_to = {
            name: {
                field.comodel_name
                for field in self.env[name]._fields.values()
                if field.type == "many2one"
                and field.store
                and field.comodel_name in names
                and field.comodel_name != name
            }
            for name in names
        }
        order, remaining = [], set(names)
        while remaining:
            free = sorted(
                name
                for name in remaining
                if not any(name in refers_to[other] for other in remaining)
            ) or sorted(remaining)  # a cycle: no order is right, keep going
            order += free
            remaining -= set(free)
        return order

    @api.model
    def _ib_remove_care_records(self, pupils, counts):
        Mixin = self.env["ib.care.mixin"]
        for model_name in self._ib_care_models_deletion_order():
            records = (
                self.env[model_name]
                .with_context(active_test=False)
                .search_fetch([("pupil_id", "in", pupils.ids)], ["pupil_id"])
            )
            if not records:
                continue
            kind = Mixin._ib_model_label(model_name)
            if getattr(records, "_ib_retention", "delete") == "clear":
                self._ib_clear_records(
                    records, counts, self.env._("%s: care content", kind)
                )
                continue
            pupil_of = {record.id: record.pupil_id.id for record in records}
            for pupil_id in pupil_of.values():
                counts[pupil_id, kind, model_name, "deleted"] += 1
            self._ib_remove_thread(model_name, pupil_of, kind, counts)
            records.unlink()

    @api.model
    def _ib_clear_records(self, records, counts, kind):
        """Empty the declared ``_ib_retention_clear_fields`` of ``records`` (pupil
        files or care records of a model with ``_ib_retention = "clear"``) and
        remove their chatter and attachments; the records stay."""
        Mixin = self.env["ib.care.mixin"]
        model_name = records._name
        cleared_fields = Mixin._ib_policy_fields(
            model_name, "_ib_retention_clear_fields"
        )
        records.fetch(cleared_fields)
        pupil_of = {
            record.id: record.id if model_name == "ib.pupil" else record.pupil_id.id
            for record in records
        }
        with_content = []
        for record in records:
            filled = sum(
                1
                for fname in cleared_fields
                if not (
                    is_html_empty(record[fname])
                    if records._fields[fname].type == "html"
                    else not record[fname]
                )
            )
            if filled:
                with_content.append(record.id)
                counts[pupil_of[record.id], kind, model_name, "cleared"] += filled
        if with_content:
            records.browse(with_content).write(dict.fromkeys(cleared_fields, False))
        self._ib_remove_thread(
            model_name, pupil_of, Mixin._ib_model_label(model_name), counts
        )
        records.invalidate_recordset()

    @api.model
    def _ib_remove_thread(self, model_name, pupil_of, kind, counts):
        """Delete the messages (with their tracking values), activities, followers,
        scheduled messages and attachments (field attachments such as a photo
        included) of the records ``pupil_of`` (``{record id: pupil id}``)."""
        res_ids = list(pupil_of)
        env = self.env
        found = [
            (
                self.env._("%s: messages", kind),
                env["mail.message"].search_fetch(
                    [("model", "=", model_name), ("res_id", "in", res_ids)],
                    ["res_id"],
                ),
            ),
            (
                self.env._("%s: activities", kind),
                env["mail.activity"].search_fetch(
                    [("res_model", "=", model_name), ("res_id", "in", res_ids)],
                    ["res_id"],
                ),
            ),
            (
                self.env._("%s: attachments", kind),
                env["ir.attachment"].search_fetch(
                    [
                        ("res_model", "=", model_name),
                        ("res_id", "in", res_ids),
                        "|",
                        ("res_field", "=", False),
                        ("res_field", "!=", False),
                    ],
                    ["res_id"],
                ),
            ),
        ]
        for label, records in found:
            for record in records:
                counts[pupil_of[record.res_id], label, records._name, "deleted"] += 1
        env["mail.followers"].search(
            [("res_model", "=", model_name), ("res_id", "in", res_ids)]
        ).unlink()
        env["mail.scheduled.message"].search(
            [("model", "=", model_name), ("res_id", "in", res_ids)]
        ).unlink()
        for _label, records in found:
            records.unlink()

    @api.model
    def _ib_delete_files(self, pupils, counts):
        """Delete the pupils whose enrolment data period has passed too, with
        their enrolment data (by cascade), counted in the audit."""
        if not pupils:
            return
        Mixin = self.env["ib.care.mixin"]
        for model_name in Mixin._ib_linked_models_of_class("enrolment"):
            kind = Mixin._ib_model_label(model_name)
            for pupil, count in self.env[model_name]._read_group(
                [("pupil_id", "in", pupils.ids)], ["pupil_id"], ["__count"]
            ):
                counts[pupil.id, kind, model_name, "deleted"] += count
        kind = self.env._("Pupil file: enrolment data")
        for pupil in pupils:
            counts[pupil.id, kind, pupils._name, "deleted"] += 1
        parents = pupils.guardian_ids.partner_id
        pupils.unlink()
        # Guardian links go by cascade, without their own unlink: take away the
        # portal login of parents who have no other child with portal access.
        self.env["ib.pupil.guardian"]._ib_sync_portal_users(extra_partners=parents)
