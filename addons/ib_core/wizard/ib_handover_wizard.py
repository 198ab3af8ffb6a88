from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.ib_support_request import OPEN_STATES

COORDINATOR_GROUP = "ib_core.group_ib_coordinator"


def _coordinator_domain(wizard):
    group = wizard.env.ref(COORDINATOR_GROUP)
    return [("share", "=", False), ("all_group_ids", "in", group.ids)]


class IbHandoverWizard(models.TransientModel):
    """Hand over the care of one or more schools from one coordinator to another
    (leave, interim coordinator): open support requests, open activities on pupil
    files and care records, and the school's coordinator setting."""

    _name = "ib.handover.wizard"
    _description = "Hand Over Pupil Care"

    from_user_id = fields.Many2one(
        "res.users",
        string="From Coordinator",
        required=True,
        default=lambda self: self.env.user,
        domain=_coordinator_domain,
    )
    to_user_id = fields.Many2one(
        "res.users",
        string="To Coordinator",
        required=True,
        domain=_coordinator_domain,
    )
    available_company_ids = fields.Many2many(
        "res.company",
        compute="_compute_available_company_ids",
        string="Possible Schools",
    )
    company_ids = fields.Many2many(
        "res.company",
        "ib_handover_wizard_company_rel",
        "wizard_id",
        "company_id",
        string="Schools",
        compute="_compute_company_ids",
        store=True,
        readonly=False,
        domain="[('id', 'in', available_company_ids)]",
        help="Schools both coordinators work for.",
    )
    request_count = fields.Integer(
        compute="_compute_counts", string="Open Support Requests"
    )
    activity_count = fields.Integer(compute="_compute_counts", string="Open Activities")

    @api.depends("from_user_id", "to_user_id")
    def _compute_available_company_ids(self):
        for wizard in self:
            wizard.available_company_ids = (
                wizard.from_user_id.company_ids
                & wizard.to_user_id.company_ids
                & self.env.companies
            )

    @api.depends("available_company_ids")
    def _compute_company_ids(self):
        for wizard in self:
            wizard.company_ids = wizard.available_company_ids

    @api.depends("from_user_id", "company_ids")
    def _compute_counts(self):
        for wizard in self:
            if wizard.from_user_id and wizard.company_ids:
                wizard.request_count = len(wizard._ib_handover_requests())
                wizard.activity_count = len(
                    wizard._ib_handover_activities(wizard.from_user_id)[0]
                )
            else:
                wizard.request_count = wizard.activity_count = 0

    # ----------------------------------------------------------------- helpers

    def _ib_handover_requests(self):
        return self.env["ib.support.request"].search(
            [
                ("coordinator_id", "=", self.from_user_id.id),
                ("state", "in", OPEN_STATES),
                ("company_id", "in", self.company_ids.ids),
            ]
        )

    def _ib_handover_activities(self, user):
        """Open activities of ``user`` on pupil files and care records of the
        schools: (mail.activity, the pupils they are about)."""
        care_models = self.env["ib.care.mixin"]._ib_care_models() + ["ib.pupil"]
        activities = self.env["mail.activity"].search(
            [("user_id", "=", user.id), ("res_model", "in", care_models)]
        )
        res_ids = defaultdict(set)
        for activity in activities:
            res_ids[activity.res_model].add(activity.res_id)
        keep = self.env["mail.activity"]
        pupils = self.env["ib.pupil"]
        for model, ids in res_ids.items():
            # one query per model, not per record
            records = self.env[model].search(
                [("id", "in", list(ids)), ("company_id", "in", self.company_ids.ids)]
            )
            kept_ids = set(records.ids)
            keep |= activities.filtered(
                lambda a, m=model, r=kept_ids: a.res_model == m and a.res_id in r
            )
            pupils |= records if model == "ib.pupil" else records.pupil_id
        return keep, pupils

    def _ib_check_handover(self):
        if not self.env.user._ib_has_role("coordinator"):
            raise AccessError(
                self.env._("Only care coordinators can hand over pupil care.")
            )
        old, new, schools = self.from_user_id, self.to_user_id, self.company_ids
        if old == new:
            raise UserError(
                self.env._("Choose another coordinator to hand the care over to.")
            )
        if not new._ib_has_role("coordinator"):
            raise UserError(
                self.env._(
                    "%s is not a care coordinator: give them the Care Coordinator "
                    "role first.",
                    new.name,
                )
            )
        if not schools:
            raise UserError(self.env._("Choose the schools to hand over."))
        for user in (new, old):
            outside = schools - user.company_ids
            if outside:
                raise UserError(
                    self.env._(
                        "%(user)s does not work for %(schools)s: care can only be "
                        "handed over within schools both coordinators work for.",
                        user=user.name,
                        schools=", ".join(outside.mapped("name")),
                    )
                )
        outside = schools - self.env.companies
        if outside:
            raise UserError(
                self.env._(
                    "Select %s in the school switcher first: you can only hand over "
                    "care of the schools you are working in.",
                    ", ".join(outside.mapped("name")),
                )
            )

    # ------------------------------------------------------------------ action

    def action_handover(self):
        self.ensure_one()
        self._ib_check_handover()
        old, new, schools = self.from_user_id, self.to_user_id, self.company_ids
        requests = self._ib_handover_requests()
        activities, pupils = self._ib_handover_activities(old)
        pupils |= requests.pupil_id

        # one handover, not a notification mail per activity
        quiet = {"mail_activity_quick_update": True}
        activities.with_context(**quiet).write({"user_id": new.id})
        requests.with_context(**quiet).write({"coordinator_id": new.id})
        # Requests waiting to be closed have no to-do yet: everything running
        # becomes an activity of the newcomer.
        requests.with_context(**quiet)._ib_schedule_coordinator_activity(
            states=OPEN_STATES
        )

        settings = schools.filtered(lambda c: c.ib_coordinator_id == old)
        if settings:
            # Writing schools is reserved for administrators; the coordinator
            # setting is part of the handover, checked above (the user is a
            # coordinator of these schools, the newcomer a coordinator there).
            settings.sudo().write({"ib_coordinator_id": new.id})

        if pupils:
            pupils.check_access("write")
            body = Markup("<p>{}</p>").format(
                self.env._(
                    "Care handed over from %(old)s to %(new)s.",
                    old=old.name,
                    new=new.name,
                )
            )
            # one log message per pupil, created in one batch
            pupils._message_log_batch(bodies=dict.fromkeys(pupils.ids, body))

        running = self._ib_handover_activities(new)[0]
        list_view = self.env.ref("mail.mail_activity_view_tree_open_target")
        kanban_view = self.env.ref("mail.mail_activity_view_kanban_open_target")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Pupil care of %s", new.name),
            "res_model": "mail.activity",
            "views": [
                (list_view.id, "list"),
                (kanban_view.id, "kanban"),
                (False, "form"),
            ],
            "domain": [("id", "in", running.ids)],
            "context": {"create": False},
            "target": "current",
        }
