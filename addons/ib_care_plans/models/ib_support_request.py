from odoo import models


class IbSupportRequest(models.Model):
    _inherit = "ib.support.request"

    def action_create_plan(self):
        """Draw up an action plan for the pupil of this request; the request
        records that it led to a plan."""
        self.ensure_one()
        self.check_access("write")
        Plan = self.env["ib.care.plan"]
        Plan.check_access("create")
        plan = Plan.create(
            {
                "name": self.env._("Action plan: %s", self.pupil_id.name),
                "kind": "action",
                "pupil_id": self.pupil_id.id,
                "support_request_id": self.id,
                "educational_needs": self.question,
            }
        )
        self._ib_record_outcome(plan, "plan")
        return {
            "type": "ir.actions.act_window",
            "res_model": "ib.care.plan",
            "res_id": plan.id,
            "view_mode": "form",
        }
