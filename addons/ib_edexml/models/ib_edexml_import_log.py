import base64
import logging

from odoo import api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

CRON_XMLID = "ib_edexml.ir_cron_ib_edexml_import"


class IbEdexmlImportLog(models.Model):
    """One EDEXML import of a school: who, when, which file, what changed.

    A large import runs in the background (``_cron_run_imports``): the log is
    its job, with its state and progress, and keeps the file until it is done.
    """

    _name = "ib.edexml.import.log"
    _inherit = ["ib.write.guard.mixin"]
    _description = "EDEXML Import Log"
    _order = "create_date desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", string="School", required=True, index=True, readonly=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Imported By",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
    )
    date = fields.Datetime(
        string="Imported On", required=True, readonly=True, default=fields.Datetime.now
    )
    filename = fields.Char(string="File Name", readonly=True)
    school_year = fields.Char(readonly=True)
    version = fields.Char(string="EDEXML Version", readonly=True)
    state = fields.Selection(
        [
            ("queued", "Waiting"),
            ("running", "Running"),
            ("done", "Done"),
            ("failed", "Stopped"),
            ("cancelled", "Cancelled"),
        ],
        default="done",
        required=True,
        readonly=True,
        index=True,
    )
    # Progress in records written (teachers, groups, pupils).
    progress_done = fields.Integer(string="Work Done", readonly=True)
    progress_total = fields.Integer(string="Work in Total", readonly=True)
    progress = fields.Float(compute="_compute_progress")
    failure = fields.Text(string="Why It Stopped", readonly=True)
    # The file and the coordinator's choices of a background import, kept
    # until it is done (the file holds the pupils' personal data).
    file = fields.Binary(string="EDEXML File", attachment=True, readonly=True)
    job_params = fields.Json(string="Choices for the Import", readonly=True)
    pupil_new_count = fields.Integer(string="New Pupils", readonly=True)
    pupil_changed_count = fields.Integer(string="Changed Pupils", readonly=True)
    pupil_leaving_count = fields.Integer(string="Leaving Pupils", readonly=True)
    pupil_unchanged_count = fields.Integer(string="Unchanged Pupils", readonly=True)
    group_new_count = fields.Integer(string="New Groups", readonly=True)
    group_changed_count = fields.Integer(string="Changed Groups", readonly=True)
    teacher_new_count = fields.Integer(string="New Teachers", readonly=True)
    teacher_changed_count = fields.Integer(string="Changed Teachers", readonly=True)
    error_count = fields.Integer(string="Problems", readonly=True)
    report = fields.Text(string="Report Text", readonly=True)
    report_file = fields.Binary(string="Report", attachment=True, readonly=True)
    report_filename = fields.Char(readonly=True)

    @api.depends("progress_done", "progress_total", "state")
    def _compute_progress(self):
        for log in self:
            if log.state == "done":
                log.progress = 100.0
            elif log.progress_total:
                log.progress = 100.0 * log.progress_done / log.progress_total
            else:
                log.progress = 0.0

    # ------------------------------------------------------------ actions
    def _ib_check_may_run(self):
        self.ensure_one()
        self.check_access("read")
        self.env["ib.edexml.import.service"]._ib_check_rights(self.company_id)

    def action_resume(self):
        """Run a stopped import again, or wake up the job of one that waits or
        was interrupted: the import finishes what is left."""
        self._ib_check_may_run()
        if self.state not in ("queued", "running", "failed"):
            raise UserError(self.env._("This import is not waiting to be finished."))
        if self.state == "failed":
            # The log's state is the job's (no write right for anyone).
            self.sudo().write({"state": "queued", "failure": False})
        self.env.ref(CRON_XMLID)._trigger()
        return True

    def action_cancel(self):
        """Give up a stopped import: what it imported stays, its file is
        removed."""
        self._ib_check_may_run()
        if self.state != "failed":
            raise UserError(self.env._("Only a stopped import can be cancelled."))
        self.sudo().write({"state": "cancelled", "file": False, "job_params": False})
        return True

    # ---------------------------------------------------------------- job
    @api.model
    def _cron_run_imports(self):
        """The background job (``ir_cron_ib_edexml_import``): run the waiting
        imports, oldest first, and resume the ones a crash left running (the
        job never runs twice at the same time)."""
        logs = self.search([("state", "in", ("queued", "running"))], order="id")
        for log in logs:
            log._ib_run()

    def _ib_run(self):
        """Run (or resume) this import as the coordinator who started it, with
        a commit after each step (see ``ib.edexml.import.service._ib_apply``)."""
        self.ensure_one()
        user = self.user_id
        log = self.with_user(user).with_context(
            allowed_company_ids=user.company_ids.ids, lang=user.lang
        )
        service = log.env["ib.edexml.import.service"]
        params = self.job_params or {}
        keys = params.get("teacher_keys")
        try:
            if not self.file:
                raise UserError(
                    log.env._("The file of this import is gone: import it again.")
                )
            with self.env.cr.savepoint(flush=False):
                plan = service._ib_plan(log.company_id, base64.b64decode(self.file))
            service._ib_apply(
                plan,
                filename=self.filename or "",
                leaver_ids=params.get("leaver_ids") or (),
                teacher_keys=None if keys is None else set(keys),
                send_invitations=params.get("send_invitations", False),
                log=log,
                commit=self._ib_commit,
            )
        except UserError as exc:
            self._ib_stop(log, exc.args[0])
        except Exception:
            _logger.exception("EDEXML import %s stopped on an error", self.id)
            self._ib_stop(
                log,
                log.env._(
                    "The import stopped on an unexpected error (the administrator "
                    "finds it in the server log). What was imported so far is "
                    "kept: run it again to finish it."
                ),
            )
        else:
            log._ib_notify(
                "success",
                log.env._(
                    "%(file)s is imported: %(new)s new, %(changed)s changed and "
                    "%(leaving)s leaving pupils, %(problems)s problems.",
                    file=self.filename or "",
                    new=self.pupil_new_count,
                    changed=self.pupil_changed_count,
                    leaving=self.pupil_leaving_count,
                    problems=self.error_count,
                ),
            )
        self._ib_commit(0, 0)

    def _ib_commit(self, done, remaining):
        """Commit the step just done (and tell the cron its progress)."""
        self.env["ir.cron"]._commit_progress(done, remaining=remaining)

    def _ib_stop(self, log, message):
        self.sudo().write({"state": "failed", "failure": message})
        log._ib_notify(
            "danger",
            log.env._(
                "The import of %(file)s stopped: %(reason)s",
                file=self.filename or "",
                reason=message,
            ),
        )

    def _ib_notify(self, kind, message):
        """A notification in the web client of the coordinator who started it."""
        self.env.user._bus_send(
            "simple_notification",
            {
                "type": kind,
                "title": self.env._("Import from the Administration"),
                "message": message,
                "sticky": kind == "danger",
            },
        )
