from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

AGREEMENT_STATES = [
    ("open", "Open"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]
DEFAULT_DEADLINE_DAYS = 14
# What the responsible teacher may change on an agreement: only its progress.
RESPONSIBLE_FIELDS = frozenset({"state"})


class IbMeetingAgreement(models.Model):
    """An agreement (afspraak) made in a care meeting about a pupil: what, who and
    by when.

    With a responsible user, it becomes a to-do activity of that user on the
    agreement itself (not on the pupil file: an activity on the pupil would show
    the agreement of a confidential item to everyone who reads the pupil). Marking
    the activity done marks the agreement done. Agreements are listed on the pupil
    file and follow the visibility of their item.

    Its chatter follows the care thread policy (``ib.care.thread.mixin``): only
    staff who can read the agreement follow it and read its messages. Parents
    read an agreement of an item shared with them, but only the fields of
    ``_ib_portal_fields``: what, who, by when and its status.
    """

    _name = "ib.meeting.agreement"
    _description = "Meeting Agreement"
    _inherit = [
        "ib.care.mixin",
        "ib.care.thread.mixin",
        "mail.activity.mixin",
        "ib.portal.fields.mixin",
    ]
    _order = "date_deadline, id"
    # Privacy policy (see ib.care.mixin): care data, deleted with its chatter once
    # the care data period after leaving has passed; in the pupil file export.
    _ib_retention_class = "care"
    _ib_retention = "delete"
    _ib_file_export = True
    # What the parents' pages and report print (what, who, by when, status), the
    # fields they search on (the item, their child, shared, not cancelled) and
    # those of _order. Not the responsible user record, the meeting, the chatter
    # or the activities.
    _ib_portal_fields = frozenset(
        {
            "item_id",
            "pupil_id",
            "name",
            "responsible_label",
            "date_deadline",
            "state",
            "shared_with_parents",
            "confidentiality",
            "active",
        }
    )

    item_id = fields.Many2one(
        "ib.meeting.item",
        string="Agenda Item",
        required=True,
        index=True,
        ondelete="cascade",
    )
    pupil_id = fields.Many2one(
        compute="_compute_pupil_id", store=True, precompute=True, readonly=True
    )
    event_id = fields.Many2one(
        related="item_id.event_id", store=True, index=True, string="Meeting"
    )
    meeting_date = fields.Datetime(
        related="item_id.meeting_date", store=True, string="Meeting Date"
    )
    name = fields.Char(string="Agreement", required=True)
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        index=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        tracking=True,
        help="Gets a to-do activity for this agreement.",
    )
    responsible_other = fields.Char(
        string="Responsible (others)",
        help="Who else carries it out, e.g. the parents or the speech therapist.",
    )
    responsible_label = fields.Char(
        string="Who", compute="_compute_responsible_label", store=True
    )
    date_deadline = fields.Date(string="Deadline", index=True, tracking=True)
    state = fields.Selection(
        AGREEMENT_STATES,
        required=True,
        default="open",
        index=True,
        tracking=True,
        string="Status",
    )
    date_done = fields.Date(string="Done On", readonly=True, copy=False)
    confidentiality = fields.Selection(
        related="item_id.confidentiality", store=True, index=True
    )
    shared_with_parents = fields.Boolean(
        related="item_id.shared_with_parents", store=True, index=True
    )
    active = fields.Boolean(default=True)

    @api.depends("item_id.pupil_id")
    def _compute_pupil_id(self):
        for agreement in self:
            agreement.pupil_id = agreement.item_id.pupil_id

    @api.depends("user_id.name", "responsible_other")
    def _compute_responsible_label(self):
        for agreement in self:
            names = [agreement.user_id.name, agreement.responsible_other]
            agreement.responsible_label = ", ".join(n for n in names if n)

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        agreements = super().create(vals_list)
        agreements._ib_sync_activities()
        return agreements

    def write(self, vals):
        if not self.env.su and not self._ib_user_is_coordinator():
            # A teacher may only mark their own agreements done (record rules
            # decide which ones); everything else is the coordinator's.
            if set(vals) - RESPONSIBLE_FIELDS:
                raise AccessError(
                    self.env._(
                        "Only the care coordinator can change an agreement; you can "
                        "mark your own agreements done."
                    )
                )
        if vals.get("state") == "done":
            vals.setdefault("date_done", fields.Date.context_today(self))
        elif vals.get("state") in ("open", "cancelled"):
            vals.setdefault("date_done", False)
        result = super().write(vals)
        if set(vals) & {"user_id", "date_deadline", "name", "state", "active"}:
            self._ib_sync_activities()
        return result

    def _ib_user_is_coordinator(self):
        return self.env.user._ib_has_role("coordinator")

    # ------------------------------------------------------------------ activities

    def _ib_default_deadline(self):
        self.ensure_one()
        start = self.meeting_date or fields.Datetime.now()
        return start.date() + timedelta(days=DEFAULT_DEADLINE_DAYS)

    def _ib_check_responsible_access(self):
        """The responsible user must be able to read the agreement: an activity
        shows its summary to the assignee even without access to the record, so a
        confidential agreement never goes to a teacher."""
        by_user = defaultdict(lambda: self.browse())
        for agreement in self.filtered("user_id"):
            by_user[agreement.user_id] |= agreement
        for user, agreements in by_user.items():
            readable = (
                agreements.with_user(user)
                .with_context(allowed_company_ids=user.company_ids.ids)
                ._filtered_access("read")
            )
            refused = agreements - readable
            if refused:
                agreement = refused[0]
                raise UserError(
                    self.env._(
                        '%(user)s cannot see the agreement "%(agreement)s" about '
                        "%(pupil)s (a confidential item, or a pupil outside their "
                        "groups): choose another responsible person.",
                        user=user.name,
                        agreement=agreement.name,
                        pupil=agreement.pupil_id.name,
                    )
                )

    def _ib_sync_activities(self):
        """Keep one open to-do per open agreement with a responsible user."""
        self._ib_check_responsible_access()
        todo_type = self.env.ref(
            "mail.mail_activity_data_todo", raise_if_not_found=False
        )
        Activity = self.env["mail.activity"]
        # sudo: the activities of these agreements, also those assigned to others.
        existing = Activity.sudo().search(
            [("res_model", "=", self._name), ("res_id", "in", self.ids)]
        )
        by_agreement = defaultdict(lambda: Activity.sudo())
        for activity in existing:
            by_agreement[activity.res_id] |= activity
        to_create, to_unlink = [], Activity.sudo()
        model_id = self.env["ir.model"]._get_id(self._name)
        for agreement in self:
            activities = by_agreement[agreement.id]
            wanted = (
                agreement.active and agreement.state == "open" and agreement.user_id
            )
            if not wanted:
                to_unlink |= activities
                continue
            values = {
                "user_id": agreement.user_id.id,
                "date_deadline": agreement.date_deadline
                or agreement._ib_default_deadline(),
                "summary": agreement.name,
            }
            if activities:
                changed = activities.filtered(
                    lambda a, v=values: (
                        (
                            a.user_id.id,
                            a.date_deadline,
                            a.summary,
                        )
                        != (v["user_id"], v["date_deadline"], v["summary"])
                    )
                )
                if changed:
                    changed.with_env(self.env).write(values)
                continue
            to_create.append(
                dict(
                    values,
                    res_model_id=model_id,
                    res_id=agreement.id,
                    activity_type_id=todo_type.id if todo_type else False,
                )
            )
        if to_unlink:
            # The agreement is done or cancelled: so is its to-do.
            done = to_unlink.filtered(lambda a: self.browse(a.res_id).state == "done")
            if done:
                done.with_env(self.env).action_feedback(
                    feedback=self.env._("The agreement was marked done.")
                )
            (to_unlink - done).with_env(self.env).unlink()
        if to_create:
            Activity.create(to_create)

    def action_done(self):
        self.write({"state": "done"})
        return True

    def action_cancel(self):
        self.write({"state": "cancelled"})
        return True

    def action_reopen(self):
        self.write({"state": "open"})
        return True
