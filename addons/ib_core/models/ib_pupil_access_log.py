import functools
import logging
from collections import defaultdict

from odoo import SUPERUSER_ID, api, fields, models, modules
from odoo.exceptions import AccessError

_logger = logging.getLogger(__name__)

# Key of the failed attempts waiting in a cursor's post-commit/post-rollback data.
DENIED_KEY = "ib_core.access_denied"

ACCESS_WAYS = [
    ("form", "Form"),
    ("report", "Pupil File Export"),
    ("export", "Data Export"),
    ("portal", "Portal"),
    ("read", "Other Read"),
]


def _write_denied_attempts(registry, pending):
    """Store the failed attempts queued by ``_ib_queue_denied``.

    Runs once the user's transaction has ended, in a transaction of its own: a
    refused read raises an AccessError, which makes Odoo roll the request back, so a
    row written in that transaction would never be kept.
    """
    if not pending:
        return
    entries = list(pending.values())
    pending.clear()
    cr = registry.cursor()
    if modules.module.current_test:
        from odoo.tests.test_cursor import TestCursor  # noqa: PLC0415 (tests only)

        if not isinstance(cr, TestCursor):
            # A test outside the registry's test mode: never commit rows into the
            # test database behind the test transaction's back.
            cr.close()
            return
    try:
        with cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["ib.pupil.access.log"]._ib_create_denied(entries)
    except Exception:
        # The user's request is over (committed or rolled back): failing here must
        # not turn it into a server error; the failure is logged for the admin.
        _logger.exception(
            "Could not write %d failed pupil access attempts", len(entries)
        )


class IbPupilAccessLog(models.Model):
    """Who read which pupil's file, when and how (after NEN 7513).

    Rows of successful accesses are written in the same transaction as the access
    (when that transaction is rolled back, the data never reached the user either).
    Failed attempts are queued and written after the user's transaction, in a
    transaction of their own, because the AccessError rolls the request back.
    The log never holds care content: only who, which pupil, which record, when
    and how.
    """

    _name = "ib.pupil.access.log"
    _description = "Pupil File Access Log"
    _inherit = ["ib.append.only.mixin"]
    _order = "event_time desc, id desc"
    # Privacy policy (see ib.care.mixin): not part of the pupil file; a row outlives
    # the file without its link to the pupil (pupil_ref stays); not exported.
    _ib_retention_class = "link"
    _ib_retention = "keep"
    _ib_file_export = False
    _rec_name = "event_time"
    _log_access = False

    event_time = fields.Datetime(
        string="Time", required=True, readonly=True, default=fields.Datetime.now
    )
    user_id = fields.Many2one(
        "res.users",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    pupil_id = fields.Many2one(
        "ib.pupil",
        readonly=True,
        index=True,
        ondelete="set null",
        help="Empty once the retention job has deleted the pupil's file.",
    )
    pupil_ref = fields.Integer(
        string="Pupil Reference",
        readonly=True,
        aggregator=None,
        help="Internal number of the pupil, kept after the file has been deleted.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    res_model = fields.Char(
        string="Record Type",
        readonly=True,
        help="Technical name of what was accessed: the pupil file (ib.pupil) or one "
        "of its care records.",
    )
    res_id = fields.Many2oneReference(
        string="Record ID", model_field="res_model", readonly=True
    )
    way = fields.Selection(
        ACCESS_WAYS, string="Access Way", required=True, readonly=True
    )
    denied = fields.Boolean(
        string="Access Denied",
        readonly=True,
        help="The user tried to read this file but was refused.",
    )

    _pupil_time_idx = models.Index("(pupil_id, event_time DESC)")

    # ------------------------------------------------------------------ writing
    @api.model
    def _ib_log_access(self, records, way):
        """Record that the current user read ``records`` (pupils or care records)."""
        if not records:
            return self.browse()
        # The log names the pupil each record is about whatever fields the user may
        # read; reading these identifiers is not an access to care content.
        targets = records.sudo()._ib_access_log_targets()
        now = fields.Datetime.now()
        vals_list = [
            self._ib_log_vals(records._name, res_id, pupil, way, now)
            for res_id, pupil in targets.items()
            if pupil
        ]
        return self._ib_write(vals_list)

    @api.model
    def _ib_log_vals(self, res_model, res_id, pupil, way, event_time, user_id=None):
        return {
            "event_time": event_time,
            "user_id": user_id or self.env.uid,
            "pupil_id": pupil.id,
            "pupil_ref": pupil.id,
            "company_id": pupil.company_id.id,
            "res_model": res_model,
            "res_id": res_id,
            "way": way,
        }

    @api.model
    def _ib_write(self, vals_list):
        if not vals_list:
            return self.browse()
        # Nobody may create log rows through the ORM (no access right): the log is
        # written by the system on behalf of the user.
        if not self.env.cr.readonly:
            return self.sudo().create(vals_list)
        # A read-only request (e.g. the /report route on a read replica): the row
        # is written in a read/write transaction of its own.
        self.env.cr.rollback()
        with self.env.registry.cursor() as cr:
            self.with_env(self.env(cr=cr, su=True)).create(vals_list)
        return self.browse()

    @api.model
    def _ib_queue_denied(self, records, way):
        """Queue a refused read of ``records`` (pupils or care records).

        Called while the AccessError is being raised: the rows are written once the
        transaction has ended (see ``_write_denied_attempts``), one batch per
        request. Only identifiers are kept here; the pupil and the school are looked
        up when the rows are written.
        """
        cr = self.env.cr
        pending = cr.postrollback.data.get(DENIED_KEY)
        if pending is None:
            pending = {}
            flush = functools.partial(
                _write_denied_attempts, self.env.registry, pending
            )
            for callbacks in (cr.postcommit, cr.postrollback):
                callbacks.data[DENIED_KEY] = pending
                callbacks.add(flush)
        now = fields.Datetime.now()
        for res_id in records._ids:
            if isinstance(res_id, int):
                pending[(self.env.uid, records._name, res_id)] = {
                    "event_time": now,
                    "user_id": self.env.uid,
                    "res_model": records._name,
                    "res_id": res_id,
                    "way": way,
                }

    @api.model
    def _ib_check_read(self, records, way):
        """Check that the current user may read ``records`` and log the read;
        a refusal is logged as made by ``way`` and raised."""
        try:
            records.check_access("read")
        except AccessError:
            self._ib_relabel_denied(records, way)
            raise
        return self._ib_log_access(records, way)

    @api.model
    def _ib_relabel_denied(self, records, way):
        """Tell how the refused read of ``records`` queued by the rule check
        happened (a form, the file export...)."""
        pending = self.env.cr.postrollback.data.get(DENIED_KEY) or {}
        for res_id in records._ids:
            entry = pending.get((self.env.uid, records._name, res_id))
            if entry:
                entry["way"] = way

    @api.model
    def _ib_create_denied(self, entries):
        """Write queued failed attempts (runs as superuser in its own transaction);
        records or users deleted meanwhile are skipped."""
        users = self.env["res.users"].browse({e["user_id"] for e in entries}).exists()
        ids_by_model = defaultdict(set)
        for entry in entries:
            ids_by_model[entry["res_model"]].add(entry["res_id"])
        targets = {}
        for model_name, ids in ids_by_model.items():
            if model_name not in self.env:
                continue
            records = self.env[model_name].browse(ids).exists()
            for res_id, pupil in records._ib_access_log_targets().items():
                targets[model_name, res_id] = pupil
        vals_list = []
        for entry in entries:
            pupil = targets.get((entry["res_model"], entry["res_id"]))
            if pupil and entry["user_id"] in users.ids:
                vals = self._ib_log_vals(
                    entry["res_model"],
                    entry["res_id"],
                    pupil,
                    entry["way"],
                    entry["event_time"],
                    user_id=entry["user_id"],
                )
                vals["denied"] = True
                vals_list.append(vals)
        return self._ib_write(vals_list)
