from odoo import models
from odoo.fields import Domain


class IbReferral(models.Model):
    _inherit = "ib.referral"

    def _ib_okr_values(self):
        """The generated OKR also shows the pupil's test results over time and
        plans with their goals and evaluation, read as the current user."""
        values = super()._ib_okr_values()
        values["results"] = self._ib_okr_results()
        values["plans"] = self._ib_okr_plans()
        return values

    def _ib_okr_results(self):
        """Test results over time, oldest first."""
        Result = self.env["ib.assessment.result"]
        results = Result.search(
            [("pupil_id", "=", self.pupil_id.id)], order="date asc, id asc"
        )
        moments = dict(Result._fields["moment"]._description_selection(self.env))
        return [
            {
                "date": result.date,
                "test": result.assessment_id.name,
                "moment": moments.get(result.moment, ""),
                "score": result.score,
                "level": result.level_label or "",
            }
            for result in results
        ]

    def _ib_okr_plans(self):
        """The pupil's plans (also group plans with the pupil in a sub-group) with
        their goals and evaluation, oldest first."""
        Plan = self.env["ib.care.plan"]
        domain = Domain("pupil_id", "=", self.pupil_id.id) | Domain(
            "member_ids.pupil_id", "=", self.pupil_id.id
        )
        plans = Plan.search(domain, order="date_start asc, id asc")
        kinds = dict(Plan._fields["kind"]._description_selection(self.env))
        states = dict(Plan._fields["state"]._description_selection(self.env))
        results = dict(
            self.env["ib.care.plan.goal"]
            ._fields["result"]
            ._description_selection(self.env)
        )
        return [
            {
                "name": plan.name,
                "kind": kinds.get(plan.kind, ""),
                "state": states.get(plan.state, ""),
                "date_start": plan.date_start,
                "date_end": plan.date_end,
                "evaluation": plan.evaluation,
                "goals": [
                    {
                        "name": goal.name,
                        "result": results.get(goal.result, ""),
                        "comment": goal.result_comment or "",
                    }
                    for goal in plan.goal_ids
                ],
            }
            for plan in plans
        ]
