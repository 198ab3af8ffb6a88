from odoo import fields, models


class IbGroup(models.Model):
    _inherit = "ib.group"

    assessment_session_ids = fields.One2many(
        "ib.assessment.session", "group_id", string="Test Sessions"
    )

    def action_open_group_overview(self):
        self.ensure_one()
        self.env["ib.group.overview"]._ib_check_group_access(self)
        return self.env["ir.actions.act_window"]._ib_action_for(
            "ib_care_plans.ib_group_overview_action",
            context={"active_model": "ib.group", "active_id": self.id},
        )
