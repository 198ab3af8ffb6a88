from odoo import api, fields, models


class IbQualityAction(models.Model):
    """An action of the improvement plan that follows from a quality scan."""

    _name = "ib.quality.action"
    _description = "Improvement Action"
    _inherit = ["ib.write.guard.mixin", "mail.thread", "mail.activity.mixin"]
    # Not care data about a pupil: Odoo's own chatter (see ib.care.thread.mixin).
    _ib_thread_policy = "staff"
    _order = "deadline, id"
    _check_company_auto = True

    scan_id = fields.Many2one(
        "ib.quality.scan",
        string="Quality Scan",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="scan_id.company_id", store=True, index=True, string="School"
    )
    line_id = fields.Many2one(
        "ib.quality.scan.line",
        string="Scan Aspect",
        ondelete="set null",
        domain="[('scan_id', '=', scan_id)]",
    )
    theme = fields.Selection(related="line_id.theme", store=True)
    name = fields.Char(string="Action", required=True)
    description = fields.Html(sanitize_style=True)
    owner_id = fields.Many2one(
        "res.users",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        domain=[("share", "=", False)],
        tracking=True,
    )
    deadline = fields.Date(tracking=True)
    state = fields.Selection(
        [
            ("todo", "To Do"),
            ("in_progress", "In Progress"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        default="todo",
        required=True,
        tracking=True,
    )
    result = fields.Text()

    @api.model_create_multi
    def create(self, vals_list):
        actions = super().create(vals_list)
        actions._ib_remind_owner()
        return actions

    def write(self, vals):
        result = super().write(vals)
        if "owner_id" in vals:
            self._ib_remind_owner()
        return result

    def _ib_remind_owner(self):
        """A to-do for the owner, so the action shows among their activities."""
        for action in self.filtered(lambda a: a.state in ("todo", "in_progress")):
            action.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=action.deadline,
                summary=action.name,
                user_id=action.owner_id.id,
            )
