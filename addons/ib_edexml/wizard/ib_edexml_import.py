import base64
import binascii

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

DEMO_FILE_XMLID = "ib_edexml.ib_edexml_demo_file"


class IbEdexmlImport(models.TransientModel):
    """Load the school's pupils, groups and teachers from an EDEXML file in two
    steps: a preview that writes nothing, then the import itself."""

    _name = "ib.edexml.import"
    _description = "EDEXML Import"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        default=lambda self: self.env.company,
    )
    file = fields.Binary(string="EDEXML File", required=True, attachment=False)
    filename = fields.Char(string="File Name")
    state = fields.Selection(
        [("upload", "Upload"), ("preview", "Preview"), ("done", "Done")],
        default="upload",
        required=True,
    )
    send_invitations = fields.Boolean(
        string="Invite New Teachers",
        help="Send the new teachers an e-mail to choose their password. Without "
        "it they get an account without password that an administrator can "
        "invite later.",
    )
    line_ids = fields.One2many("ib.edexml.import.line", "wizard_id", string="Preview")
    problem_line_ids = fields.One2many(
        "ib.edexml.import.line",
        "wizard_id",
        domain=[("action", "=", "error")],
        string="Problem Lines",
    )
    summary = fields.Text(readonly=True)
    school_year = fields.Char(readonly=True)
    pupil_new_count = fields.Integer(string="New Pupils", readonly=True)
    pupil_changed_count = fields.Integer(string="Changed Pupils", readonly=True)
    pupil_leaving_count = fields.Integer(string="Leaving Pupils", readonly=True)
    pupil_missing_count = fields.Integer(string="Pupils Not in the File", readonly=True)
    pupil_unchanged_count = fields.Integer(string="Unchanged Pupils", readonly=True)
    group_new_count = fields.Integer(string="New Groups", readonly=True)
    group_changed_count = fields.Integer(string="Changed Groups", readonly=True)
    teacher_new_count = fields.Integer(string="New Teachers", readonly=True)
    teacher_changed_count = fields.Integer(string="Changed Teachers", readonly=True)
    error_count = fields.Integer(string="Problems", readonly=True)
    log_id = fields.Many2one("ib.edexml.import.log", string="Import Log", readonly=True)
    has_demo_file = fields.Boolean(compute="_compute_has_demo_file")

    def _compute_has_demo_file(self):
        demo = self.env.ref(DEMO_FILE_XMLID, raise_if_not_found=False)
        for wizard in self:
            wizard.has_demo_file = bool(demo)

    @api.onchange("file")
    def _onchange_file(self):
        self.state = "upload"
        self.line_ids = [Command.clear()]

    def _ib_data(self):
        self.ensure_one()
        if not self.file:
            raise UserError(self.env._("Choose the EDEXML file to import."))
        try:
            return base64.b64decode(self.file, validate=False)
        except (binascii.Error, ValueError) as exc:
            raise UserError(self.env._("The file could not be read.")) from exc

    def _ib_service(self):
        return self.env["ib.edexml.import.service"]

    def _ib_reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Import from the Administration"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": self.env.context,
        }

    def action_load_demo_file(self):
        """Fill in the small demo file of the addon (demo data only)."""
        self.ensure_one()
        demo = self.env.ref(DEMO_FILE_XMLID, raise_if_not_found=False)
        if not demo:
            raise UserError(self.env._("The demo file is not installed."))
        self.write(
            {"file": demo.sudo().datas, "filename": demo.name, "state": "upload"}
        )
        self.line_ids = [Command.clear()]
        return self._ib_reopen()

    def action_preview(self):
        """Read the file and show what the import would change: writes no pupil,
        group or user."""
        self.ensure_one()
        plan = self._ib_service()._ib_plan(self.company_id, self._ib_data())
        self.line_ids = [Command.clear()]
        self.env["ib.edexml.import.line"].create(self._ib_preview_lines(plan))
        counts = {
            "pupil_new_count": len(plan["pupils_new"]),
            "pupil_changed_count": len(plan["pupils_changed"]),
            "pupil_leaving_count": len(plan["pupils_leaving"]),
            "pupil_missing_count": len(plan["pupils_missing"]),
            "pupil_unchanged_count": plan["pupils_unchanged"],
            "group_new_count": len(plan["groups_new"]),
            "group_changed_count": len(plan["groups_changed"]),
            "teacher_new_count": len(plan["teachers_new"]),
            "teacher_changed_count": len(plan["teachers_changed"]),
            "error_count": len(plan["problems"]),
        }
        self.write(
            dict(
                counts,
                state="preview",
                school_year=plan["school"]["school_year"],
                summary="\n".join(self._ib_service()._ib_report_lines(plan)),
            )
        )
        return self._ib_reopen()

    def _ib_preview_lines(self, plan):
        lines = []

        def add(kind, action, item, name, changes="", **extra):
            lines.append(
                dict(
                    wizard_id=self.id,
                    kind=kind,
                    action=action,
                    key=(item or {}).get("key") or "",
                    line=(item or {}).get("line") or 0,
                    name=name,
                    changes=changes,
                    **extra,
                )
            )

        service = self._ib_service()
        for item, _values in plan["pupils_new"]:
            add("pupil", "new", item, service._ib_person_name(item))
        for item, pupil, _vals, changes in plan["pupils_changed"]:
            add(
                "pupil",
                "changed",
                item,
                pupil.name,
                "; ".join(changes),
                pupil_id=pupil.id,
            )
        for item, pupil, _vals, changes in plan["pupils_leaving"]:
            add(
                "pupil",
                "leaving",
                item,
                pupil.name,
                "; ".join(changes),
                pupil_id=pupil.id,
            )
        for pupil in plan["pupils_missing"]:
            add(
                "pupil",
                "missing",
                {"key": pupil.edexml_key},
                pupil.name,
                self.env._("Not in the file: confirm to set the leaving date."),
                pupil_id=pupil.id,
            )
        for item, _vals in plan["groups_new"]:
            add("group", "new", item, item["name"])
        for item, group, _diff, changes in plan["groups_changed"]:
            add("group", "changed", item, group.name, ", ".join(changes))
        for item, _vals, user in plan["teachers_new"]:
            add(
                "teacher",
                "new",
                item,
                service._ib_person_name(item),
                self.env._("Linked to user %s", user.name)
                if user
                else self.env._("New user %s with the Teacher role", item["email"]),
                confirm=not user,
            )
        for item, link, _diff, changes in plan["teachers_changed"]:
            add("teacher", "changed", item, link.name, "; ".join(changes))
        for problem in plan["problems"]:
            add(
                "problem",
                "error",
                problem,
                problem["element"],
                problem["message"],
                severity=problem["severity"],
            )
        return lines

    def action_apply(self):
        """Import the file: the changes of the preview, the leavers and new
        teachers as confirmed on the preview lines. An import of more than one
        batch of pupils runs in the background; the import log shows its
        progress."""
        self.ensure_one()
        if self.state != "preview":
            self.action_preview()
        service = self._ib_service()
        self._ib_check_not_running()
        leavers = self.line_ids.filtered(
            lambda line: line.action == "missing" and line.confirm
        ).pupil_id.ids
        teacher_keys = set(
            self.line_ids.filtered(
                lambda line: (
                    line.kind == "teacher" and line.action == "new" and line.confirm
                )
            ).mapped("key")
        )
        work = (
            self.pupil_new_count
            + self.pupil_changed_count
            + self.pupil_leaving_count
            + len(leavers)
        )
        if work > service._ib_batch_size():
            log = service._ib_queue(
                self.company_id,
                self._ib_data(),
                filename=self.filename or "",
                leaver_ids=leavers,
                teacher_keys=teacher_keys,
                send_invitations=self.send_invitations,
                school_year=self.school_year or "",
            )
        else:
            plan = service._ib_plan(self.company_id, self._ib_data())
            log = service._ib_apply(
                plan,
                filename=self.filename or "",
                leaver_ids=leavers,
                teacher_keys=teacher_keys,
                send_invitations=self.send_invitations,
            )
        self.write({"state": "done", "log_id": log.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": "ib.edexml.import.log",
            "res_id": log.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def _ib_check_not_running(self):
        running = self.env["ib.edexml.import.log"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "in", ("queued", "running")),
            ],
            limit=1,
        )
        if running:
            raise UserError(
                self.env._(
                    "The import of %(file)s into %(school)s is not finished yet: "
                    "wait until it is done (see Administration Imports), then "
                    "import this file.",
                    file=running.filename or "-",
                    school=self.company_id.name,
                )
            )
