from odoo import fields, models


class IbPupil(models.Model):
    _inherit = "ib.pupil"

    assessment_result_ids = fields.One2many(
        "ib.assessment.result", "pupil_id", string="Test Results"
    )
    assessment_result_count = fields.Integer(
        compute="_compute_ib_counts", string="Test Results #"
    )

    care_plan_count = fields.Integer(compute="_compute_ib_counts", string="Plans #")

    def _ib_count_sources(self):
        sources = super()._ib_count_sources()
        sources["assessment_result_count"] = [("ib.assessment.result", "pupil_id", [])]
        # the pupil's own plans and the group plans with the pupil in a sub-group
        sources["care_plan_count"] = [
            ("ib.care.plan", "pupil_id", []),
            ("ib.care.plan.member", "pupil_id", []),
        ]
        return sources

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
