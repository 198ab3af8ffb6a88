from odoo import fields, models


class IbPupil(models.Model):
    _inherit = "ib.pupil"

    assessment_result_ids = fields.One2many(
        "ib.assessment.result", "pupil_id", string="Test Results"
    )
    assessment_result_count = fields.Integer(
        compute="_compute_assessment_result_count", string="Test Results #"
    )

    def _compute_assessment_result_count(self):
        counts = self._ib_count_linked("ib.assessment.result", "pupil_id")
        for pupil in self:
            pupil.assessment_result_count = counts.get(pupil.id, 0)

    care_plan_count = fields.Integer(
        compute="_compute_care_plan_count", string="Plans #"
    )

    def _compute_care_plan_count(self):
        plans = self._ib_count_linked("ib.care.plan", "pupil_id")
        memberships = self._ib_count_linked("ib.care.plan.member", "pupil_id")
        for pupil in self:
            pupil.care_plan_count = plans.get(pupil.id, 0) + memberships.get(
                pupil.id, 0
            )

    def action_view_care_plans(self):
        self.ensure_one()
        return self.env["ir.actions.act_window"]._ib_action_for(
            "ib_care_plans.ib_care_plan_action",
            # the pupil's own plans and the group plans with the pupil in a sub-group
            [
                "|",
                ("pupil_id", "=", self.id),
                ("member_ids.pupil_id", "=", self.id),
            ],
            {"default_pupil_id": self.id, "default_kind": "action"},
            view_mode="list,kanban,form",
            views=[(False, "list"), (False, "kanban"), (False, "form")],
        )

    def action_view_assessment_results(self):
        self.ensure_one()
        return self.env["ir.actions.act_window"]._ib_action_linked(
            "ib_care_plans.ib_assessment_result_action_pupil", "pupil_id", self
        )
