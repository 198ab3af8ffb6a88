from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError
from odoo.http import request

from odoo.addons.ib_core.controllers.portal import IbParentPortal
from odoo.addons.ib_core.controllers.portal_mixin import NAME_MAX_CHARS

# The longest comment kept when parents disagree with a plan.
COMMENT_MAX_CHARS = 2000


class IbCarePlanPortal(IbParentPortal):
    """Parents' pages of the OPPs the school shares with them: read the plan,
    agree with its action part (signature) or disagree (comment).

    Parents have no access rights on plans. The child is found as the parent
    (ib_core's guardian rule with portal access); the plan is then looked up
    with sudo, restricted to that child and to shared OPPs, and only the fields
    listed in ``_ib_plan_values`` are printed.
    """

    def _ib_plan_domain(self):
        return [
            ("kind", "=", "opp"),
            ("share_with_parents", "=", True),
            ("pupil_id", "in", self._ib_children().ids),
        ]

    def _ib_plan(self, plan_id):
        # sudo: parents have no access to plans; the domain limits the lookup to
        # shared OPPs of the children found as this parent.
        return self._ib_find(
            request.env["ib.care.plan"].sudo(), plan_id, self._ib_plan_domain()
        )

    def _ib_plans(self):
        # sudo: see _ib_plan
        return (
            request.env["ib.care.plan"]
            .sudo()
            .search(self._ib_plan_domain(), order="date_start desc, id desc")
        )

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        # The plans are found through the children, searched as the user.
        self._ib_set_counter(
            values,
            counters,
            "ib_plan_count",
            request.env["ib.pupil"],
            lambda: len(self._ib_plans()),
        )
        return values

    def _ib_plan_values(self, plan_sudo):
        selection = plan_sudo._fields["agreement_state"]._description_selection(
            request.env
        )
        levels = dict(
            plan_sudo._fields["exit_level"]._description_selection(request.env)
        )
        return {
            "id": plan_sudo.id,
            "url": f"/my/plans/{plan_sudo.id}",
            "name": plan_sudo.name,
            "child": plan_sudo.pupil_id.name,
            "date_start": plan_sudo.date_start,
            "exit_level": levels.get(plan_sudo.exit_level, ""),
            "exit_level_reasoning": plan_sudo.exit_level_reasoning,
            "action_part": plan_sudo.action_part,
            "curriculum_deviation": plan_sudo.curriculum_deviation,
            "no_curriculum_deviation": plan_sudo.no_curriculum_deviation,
            "agreed_version_note": plan_sudo.agreed_version_note,
            "changes": (plan_sudo.parents_change_log or "").splitlines(),
            "goals": [
                {"name": goal.name, "target_date": goal.target_date}
                for goal in plan_sudo.goal_ids
            ],
            "agreement_state": plan_sudo.agreement_state,
            "agreement_label": dict(selection)[plan_sudo.agreement_state],
            "agreement_signed_by": plan_sudo.agreement_signed_by,
            "agreement_date": plan_sudo.agreement_date,
            "has_answered_version": bool(plan_sudo.agreement_attachment_id),
            "can_answer": plan_sudo._ib_portal_can_answer(self._ib_partner()),
        }

    @http.route("/my/plans", type="http", auth="user", website=True)
    def ib_portal_plans(self, **kw):
        plans = self._ib_plans()
        values = {
            "page_name": "ib_plans",
            "ib_plans": [self._ib_plan_values(plan) for plan in plans],
        }
        return self._ib_render("ib_care_plans.portal_my_plans", values)

    @http.route("/my/plans/<int:plan_id>", type="http", auth="user", website=True)
    def ib_portal_plan(self, plan_id, message=None, **kw):
        plan = self._ib_plan(plan_id)
        values = {
            "page_name": "ib_plan",
            "ib_plan": self._ib_plan_values(plan),
            "ib_signer_name": self._ib_partner().name,
            "ib_message": message,
        }
        return self._ib_render("ib_care_plans.portal_my_plan", values)

    @http.route(
        "/my/plans/<int:plan_id>/sign", type="jsonrpc", auth="user", website=True
    )
    def ib_portal_plan_sign(self, plan_id, name=None, signature=None, **kw):
        partner = self._ib_partner()
        plan, refusal = self._ib_signed_answer(
            lambda: self._ib_plan(plan_id),
            lambda plan: plan._ib_portal_can_answer(partner),
            request.env._("This plan does not wait for your agreement."),
            name,
            signature,
        )
        if refusal:
            return refusal
        # sudo (plan found above for this parent): parents cannot write plans.
        plan._ib_record_agreement(
            partner, True, signed_by=name.strip()[:NAME_MAX_CHARS], signature=signature
        )
        return {
            "force_refresh": True,
            "redirect_url": f"/my/plans/{plan.id}?message=agreed",
        }

    @http.route(
        "/my/plans/<int:plan_id>/disagree",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def ib_portal_plan_disagree(self, plan_id, comment=None, **kw):
        plan = self._ib_plan(plan_id)
        partner = self._ib_partner()
        if not plan._ib_portal_can_answer(partner):
            raise NotFound()
        # sudo (plan found above for this parent): parents cannot write plans.
        plan._ib_record_agreement(
            partner, False, comment=(comment or "").strip()[:COMMENT_MAX_CHARS] or False
        )
        return request.redirect(f"/my/plans/{plan.id}?message=disagreed")

    @http.route(
        "/my/plans/<int:plan_id>/answered-version",
        type="http",
        auth="user",
        website=True,
        methods=["GET"],
    )
    def ib_portal_plan_answered_version(self, plan_id, **kw):
        """The PDF of the OPP as the parents answered it."""
        plan = self._ib_plan(plan_id)
        # sudo (plan found above for this parent): parents cannot read plan
        # attachments; only this one, the version they answered, is served.
        return self._ib_download(plan.agreement_attachment_id)

    @http.route("/ib/plan/<int:plan_id>", type="http", auth="user", methods=["GET"])
    def ib_plan_qr(self, plan_id, **kw):
        """Where the QR code on a printed plan leads: staff to the plan in the
        backend, a parent to the plan in the portal. Anyone else, and a plan that
        does not exist, gets the same 404."""
        user = request.env.user
        if not user.share:
            plan = request.env["ib.care.plan"].browse(plan_id).exists()
            if not plan or not plan.has_access("read"):
                raise NotFound()
            return request.redirect(f"/odoo/ib.care.plan/{plan.id}")
        try:
            plan = self._ib_plan(plan_id)
        except AccessError:
            raise NotFound() from None
        return request.redirect(f"/my/plans/{plan.id}")
