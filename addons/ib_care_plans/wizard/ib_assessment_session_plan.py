from odoo import api, fields, models

from ..models.ib_assessment import MOMENTS


class IbAssessmentSessionPlan(models.TransientModel):
    """Plan one test for all groups of a school year that take it."""

    _name = "ib.assessment.session.plan"
    _description = "Plan a Test for Groups"

    assessment_id = fields.Many2one(
        "ib.assessment",
        string="Test",
        required=True,
        default=lambda self: self._default_assessment(),
    )
    school_year_id = fields.Many2one(
        "ib.school.year",
        required=True,
        default=lambda self: self.env["ib.school.year"]._get_current(),
        domain="[('company_id', 'in', allowed_company_ids)]",
    )
    moment = fields.Selection(MOMENTS, required=True, default="middle")
    date_planned = fields.Date(string="Date", required=True)
    group_ids = fields.Many2many(
        "ib.group",
        string="Groups",
        compute="_compute_group_ids",
        store=True,
        readonly=False,
        domain="[('school_year_id', '=', school_year_id)]",
    )

    @api.model
    def _default_assessment(self):
        if self.env.context.get("active_model") == "ib.assessment":
            return self.env.context.get("active_id")
        return False

    @api.depends("assessment_id", "school_year_id")
    def _compute_group_ids(self):
        for plan in self:
            groups = self.env["ib.group"].search(
                [("school_year_id", "=", plan.school_year_id.id)]
            )
            grades = plan.assessment_id.grade_ids
            plan.group_ids = groups.filtered(
                lambda g, grades=grades: not grades or g.grade_ids & grades
            )

    def action_plan(self):
        """Create the sessions that do not exist yet; return the calendar."""
        self.ensure_one()
        Session = self.env["ib.assessment.session"]
        existing = Session.search(
            [
                ("assessment_id", "=", self.assessment_id.id),
                ("group_id", "in", self.group_ids.ids),
                ("moment", "=", self.moment),
            ]
        )
        todo = self.group_ids - existing.group_id
        sessions = Session.create(
            [
                {
                    "assessment_id": self.assessment_id.id,
                    "group_id": group.id,
                    "moment": self.moment,
                    "date_planned": self.date_planned,
                }
                for group in todo
            ]
        )
        return self.env["ir.actions.act_window"]._ib_action_for(
            "ib_care_plans.ib_assessment_session_action",
            [("id", "in", (sessions | existing).ids)],
        )
