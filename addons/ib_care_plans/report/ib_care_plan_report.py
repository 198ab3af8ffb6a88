from collections import defaultdict

from odoo import api, models

from ..models.ib_care_plan import SUBGROUPS


class ReportIbCarePlan(models.AbstractModel):
    """The PDF of a plan (group plan, action plan, OPP)."""

    _name = "report.ib_care_plans.report_ib_care_plan"
    _description = "Care Plan (PDF)"

    @api.model
    def _get_report_values(self, docids, data=None):
        # Every route to the report (print menu, /report/pdf, /report/html) gets
        # here as the user who asked for it; no sudo below, so record rules
        # decide: a teacher prints the plans of her own groups only.
        plans = self.env["ib.care.plan"].browse(docids)
        self.env["ib.pupil.access.log"]._ib_check_read(plans, "read")
        return {
            "doc_ids": plans.ids,
            "doc_model": "ib.care.plan",
            "docs": plans,
            "subgroups": {
                plan.id: self.with_context(
                    lang=plan.company_id.partner_id.lang or self.env.user.lang
                )._ib_subgroups(plan)
                for plan in plans
            },
            "qr_urls": {plan.id: plan._ib_plan_url() for plan in plans},
        }

    @api.model
    def _ib_subgroups(self, plan):
        """A group plan's sub-groups in order, each with its pupils, goals and
        approach; lines without a sub-group count for the whole group."""
        if plan.kind != "group":
            return []
        members = defaultdict(list)
        for member in plan.member_ids:
            members[member.subgroup].append(member)
        goals = defaultdict(list)
        for goal in plan.goal_ids:
            goals[goal.subgroup].append(goal)
        approach = defaultdict(list)
        for line in plan.approach_line_ids:
            approach[line.subgroup].append(line)
        return [
            {
                "key": key,
                "label": label,
                "members": members[key],
                "goals": goals[key],
                "approach": approach[key],
            }
            for key, label in [
                (False, self.env._("Whole Group")),
                *self._ib_subgroup_labels(),
            ]
            if members[key] or goals[key] or approach[key]
        ]

    @api.model
    def _ib_subgroup_labels(self):
        field = self.env["ib.care.plan.member"]._fields["subgroup"]
        labels = dict(field._description_selection(self.env))
        return [(key, labels[key]) for key, _label in SUBGROUPS]
