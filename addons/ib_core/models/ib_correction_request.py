from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

CORRECTION_DEADLINE_WEEKS = 4


class IbCorrectionRequest(models.Model):
    """A parent's request to correct the pupil file (right to rectification).

    The school answers within four weeks (AVG art. 12 and 16) and records its
    decision and who took it.
    """

    _name = "ib.correction.request"
    _description = "Correction Request"
    _inherit = [
        "ib.care.mixin",
        "ib.care.thread.mixin",
        "ib.portal.fields.mixin",
        "mail.activity.mixin",
    ]
    _order = "request_date desc, id desc"
    # Privacy policy (see ib.care.mixin): care data, deleted with its chatter once
    # the care data period after leaving has passed; in the pupil file export.
    _ib_retention_class = "care"
    _ib_retention = "delete"
    _ib_file_export = True
    # What the parent who asked reads (also over RPC): their request and the
    # decision once it is taken; the draft decision is the school's.
    _ib_portal_fields = frozenset(
        {
            "pupil_id",
            "partner_id",
            "request_date",
            "deadline",
            "description",
            "requested_correction",
            "state",
            "decision_told",
            "decided_on",
        }
    )

    partner_id = fields.Many2one(
        "res.partner",
        string="Requested By",
        required=True,
        index=True,
        ondelete="restrict",
        help="The parent or guardian who asked for the correction.",
    )
    request_date = fields.Date(
        required=True, index=True, default=fields.Date.context_today
    )
    deadline = fields.Date(
        compute="_compute_deadline",
        store=True,
        index=True,
        help="The school answers within four weeks of the request.",
    )
    description = fields.Text(
        string="What Is Wrong", required=True, help="What is wrong in the file."
    )
    requested_correction = fields.Text(
        required=True,
        help="How the parent wants the file corrected.",
    )
    state = fields.Selection(
        [("open", "Open"), ("granted", "Granted"), ("rejected", "Rejected")],
        string="Status",
        required=True,
        default="open",
        index=True,
        tracking=True,
        copy=False,
    )
    decision = fields.Text(
        copy=False,
        groups="base.group_user",
        help="The decision and its reasons, as told to the parent. Parents read it "
        "only once the request is granted or rejected.",
    )
    decision_told = fields.Text(
        string="Decision as Told",
        readonly=True,
        copy=False,
        help="The decision as the parent reads it: copied from the decision when "
        "the request is granted or rejected.",
    )
    decided_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    decided_on = fields.Date(readonly=True, copy=False)
    is_overdue = fields.Boolean(
        string="Past Deadline",
        compute="_compute_is_overdue",
        search="_search_is_overdue",
    )

    @api.depends("pupil_id.name")
    def _compute_display_name(self):
        for request in self:
            request.display_name = self.env._(
                "Correction request - %s", request.pupil_id.name or ""
            )

    @api.depends("request_date")
    def _compute_deadline(self):
        for request in self:
            request.deadline = request.request_date and (
                request.request_date + relativedelta(weeks=CORRECTION_DEADLINE_WEEKS)
            )

    @api.depends("state", "deadline")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for request in self:
            request.is_overdue = (
                request.state == "open"
                and bool(request.deadline)
                and request.deadline < today
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!="):
            return NotImplemented
        today = fields.Date.context_today(self)
        domain = [("state", "=", "open"), ("deadline", "<", today)]
        if (operator == "=") == bool(value):
            return domain
        return ["!", *domain]

    @api.model_create_multi
    def create(self, vals_list):
        requests = super().create(vals_list)
        requests._ib_schedule_coordinator_activity()
        return requests

    def _ib_schedule_coordinator_activity(self):
        coordinators = self.env["ib.pupil"]._ib_coordinators_by_company(self.company_id)
        for request in self:
            for user in coordinators.get(request.company_id.id, []):
                request.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=request.deadline,
                    summary=self.env._("Decide on the correction request"),
                    user_id=user.id,
                )

    def _ib_decide(self, state):
        self.check_access("write")
        for request in self:
            decided, label = request._ib_wrong_state(("open",))
            if decided:
                raise UserError(
                    self.env._(
                        "%(request)s was already %(state)s.",
                        request=request.display_name,
                        state=label.lower(),
                    )
                )
            if not (request.decision or "").strip():
                raise UserError(
                    self.env._(
                        "Write down the decision and its reasons before you grant "
                        "or reject %s.",
                        request.display_name,
                    )
                )
        today = fields.Date.context_today(self)
        for request in self:
            request.write(
                {
                    "state": state,
                    "decision_told": request.decision,
                    "decided_by_id": self.env.user.id,
                    "decided_on": today,
                }
            )
        self.activity_feedback(["mail.mail_activity_data_todo"])

    def action_grant(self):
        self._ib_decide("granted")
        return True

    def action_reject(self):
        self._ib_decide("rejected")
        return True
