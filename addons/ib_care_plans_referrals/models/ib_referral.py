from markupsafe import Markup

from odoo import models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import is_html_empty


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
                "approach": [
                    " ".join(filter(None, [line.name, line.frequency]))
                    for line in plan.approach_line_ids
                ],
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

    def _ib_okr_section_values(self):
        """What was tried and with what effect, from the pupil's plans: their
        approach, the results of their goals and their evaluation (read as the
        current user). Without plans the coordinator's text stays."""
        values = super()._ib_okr_section_values()
        plans = self._ib_okr_plans()
        if plans:
            values["okr_tried"] = self._ib_okr_tried_html(plans)
        return values

    def _ib_okr_tried_html(self, plans):
        parts = []
        for plan in plans:
            parts.append(
                Markup("<p><strong>%s: %s</strong> (%s)</p>")
                % (plan["kind"], plan["name"], plan["state"])
            )
            if plan["approach"]:
                parts.append(
                    Markup("<p>%s: %s</p>")
                    % (self.env._("Approach"), "; ".join(plan["approach"]))
                )
            if plan["goals"]:
                items = Markup("").join(
                    Markup("<li>%s%s%s</li>")
                    % (
                        goal["name"],
                        Markup(" – <em>%s</em>") % goal["result"]
                        if goal["result"]
                        else "",
                        f": {goal['comment']}" if goal["comment"] else "",
                    )
                    for goal in plan["goals"]
                )
                parts.append(Markup("<ul>%s</ul>") % items)
            if not is_html_empty(plan["evaluation"]):
                parts.append(
                    Markup("<p><em>%s</em></p>%s")
                    % (self.env._("Effect (evaluation)"), plan["evaluation"])
                )
        return Markup("").join(parts)

    def action_ib_add_opp(self):
        """Add the pupil's OPP, in the version the parents agreed with, to the
        document checklist: it ticks the OPP line of the referral's kind."""
        self._ib_check_coordinator()
        self._ib_check_state(("draft", "waiting_consent", "ready"))
        for referral in self:
            opp = self.env["ib.care.plan"].search(
                [
                    ("pupil_id", "=", referral.pupil_id.id),
                    ("kind", "=", "opp"),
                    ("agreement_state", "=", "agreed"),
                    ("agreement_attachment_id", "!=", False),
                ],
                order="agreement_date desc, id desc",
                limit=1,
            )
            if not opp:
                raise UserError(
                    self.env._(
                        "%s has no development perspective plan (OPP) that the "
                        "parents agreed with: ask the parents' agreement on the "
                        "OPP first.",
                        referral.pupil_id.name,
                    )
                )
            attachment = opp.agreement_attachment_id
            referral._ib_add_generated_document(
                "opp",
                opp,
                {
                    "name": self.env._("OPP: %s", opp.name),
                    "file": attachment.datas,
                    "file_name": attachment.name,
                },
            )
        return True
