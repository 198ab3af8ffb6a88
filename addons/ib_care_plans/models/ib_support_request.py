from markupsafe import Markup

from odoo import models
from odoo.tools import is_html_empty

from odoo.addons.ib_core.models.ib_support_request import ANALYSIS_FIELDS


class IbSupportRequest(models.Model):
    _inherit = "ib.support.request"

    def _ib_analysis_html(self):
        """The analysis of this request as one HTML block for the plan."""
        self.ensure_one()
        blocks = [
            Markup("<h4>{}</h4>{}").format(
                self._fields[fname]._description_string(self.env), self[fname]
            )
            for fname in ("tried", *ANALYSIS_FIELDS)
            if not is_html_empty(self[fname])
        ]
        return Markup("").join(blocks) or False

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
                "request_analysis": self._ib_analysis_html(),
            }
        )
        self._ib_record_outcome(plan, "plan")
        return {
            "type": "ir.actions.act_window",
            "res_model": "ib.care.plan",
            "res_id": plan.id,
            "view_mode": "form",
        }
