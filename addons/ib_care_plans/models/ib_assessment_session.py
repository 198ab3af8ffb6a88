from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

from .ib_assessment import MOMENT_CODES, MOMENTS

SESSION_STATES = [
    ("planned", "Planned"),
    ("due", "Due"),
    ("overdue", "No results yet"),
    ("taken", "Taken"),
]
DUE_DAYS = 14


class IbAssessmentSession(models.Model):
    """A test planned for a group on a date: one line of the test calendar."""

    _name = "ib.assessment.session"
    _description = "Test Session"
    _inherit = ["ib.write.guard.mixin", "mail.thread", "mail.activity.mixin"]
    # Not care data about a pupil: Odoo's own chatter (see ib.care.thread.mixin).
    _ib_thread_policy = "staff"
    _order = "date_planned, group_id, assessment_id, id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    assessment_id = fields.Many2one(
        "ib.assessment",
        string="Test",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
    )
    group_id = fields.Many2one(
        "ib.group",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        tracking=True,
    )
    school_year_id = fields.Many2one(
        related="group_id.school_year_id", store=True, index=True
    )
    company_id = fields.Many2one(
        related="group_id.company_id", store=True, index=True, string="School"
    )
    teacher_ids = fields.Many2many(related="group_id.teacher_ids", string="Teachers")
    moment = fields.Selection(MOMENTS, required=True, default="middle", tracking=True)
    date_planned = fields.Date(
        string="Planned Date", required=True, index=True, tracking=True
    )
    notes = fields.Text()
    result_ids = fields.One2many("ib.assessment.result", "session_id", string="Results")
    result_count = fields.Integer(
        compute="_compute_result_count", store=True, string="Results Entered"
    )
    pupil_count = fields.Integer(related="group_id.pupil_count", string="Pupils")
    state = fields.Selection(SESSION_STATES, compute="_compute_state")

    _test_group_moment_uniq = models.Constraint(
        "UNIQUE(assessment_id, group_id, moment)",
        "This test is already planned for this group and moment.",
    )

    @api.depends("assessment_id.name", "group_id.name", "moment")
    def _compute_name(self):
        for session in self:
            code = MOMENT_CODES.get(session.moment) or ""
            session.name = " - ".join(
                p
                for p in (
                    session.assessment_id.name,
                    f"{session.group_id.name} {code}".strip()
                    if session.group_id
                    else code,
                )
                if p
            )

    @api.depends("result_ids")
    def _compute_result_count(self):
        counts = self._ib_count_linked("ib.assessment.result", "session_id")
        for session in self:
            session.result_count = counts.get(session.id, 0)

    @api.depends("date_planned", "result_count")
    def _compute_state(self):
        today = fields.Date.context_today(self)
        for session in self:
            if session.result_count:
                session.state = "taken"
            elif not session.date_planned or session.date_planned > today + timedelta(
                days=DUE_DAYS
            ):
                session.state = "planned"
            elif session.date_planned >= today:
                session.state = "due"
            else:
                session.state = "overdue"

    @api.constrains("date_planned", "group_id")
    def _check_date_in_year(self):
        for session in self:
            year = session.school_year_id
            if year and not year.date_start <= session.date_planned <= year.date_end:
                raise ValidationError(
                    self.env._(
                        "%(session)s is planned on %(date)s, outside school year "
                        "%(year)s of the group.",
                        session=session.name,
                        date=format_date(self.env, session.date_planned),
                        year=year.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        sessions = super().create(vals_list)
        sessions._ib_link_results()
        sessions._ib_schedule_teacher_activities()
        return sessions

    def write(self, vals):
        relink = {"assessment_id", "group_id", "moment"} & set(vals)
        linked = self.result_ids if relink else self.env["ib.assessment.result"]
        res = super().write(vals)
        if relink:
            self._ib_link_results(linked)
        if "date_planned" in vals:
            self._ib_reschedule_teacher_activities()
        return res

    def _ib_link_results(self, extra=None):
        """Attach the results entered before the session was planned."""
        Result = self.env["ib.assessment.result"]
        results = Result.search(
            [
                ("assessment_id", "in", self.assessment_id.ids),
                ("group_id", "in", self.group_id.ids),
            ]
        ) | (extra or Result)
        if results:
            self.env.add_to_compute(Result._fields["session_id"], results)
            results.flush_recordset(["session_id"])
            self.invalidate_recordset(["result_ids", "result_count"])

    def _ib_activity_deadline(self):
        self.ensure_one()
        days = self.company_id.ib_test_reminder_days
        today = fields.Date.context_today(self)
        return max(self.date_planned - timedelta(days=days), today)

    def _ib_schedule_teacher_activities(self):
        today = fields.Date.context_today(self)
        for session in self.filtered(lambda s: s.date_planned >= today):
            for teacher in session.group_id.teacher_ids:
                session.activity_schedule(
                    "ib_care_plans.mail_activity_type_test_session",
                    date_deadline=session._ib_activity_deadline(),
                    summary=self.env._(
                        "Test on %(date)s: %(test)s",
                        date=format_date(self.env, session.date_planned),
                        test=session.assessment_id.name,
                    ),
                    user_id=teacher.id,
                )

    def _ib_reschedule_teacher_activities(self):
        activity_type = self.env.ref("ib_care_plans.mail_activity_type_test_session")
        for session in self:
            activities = session.activity_ids.filtered(
                lambda a: a.activity_type_id == activity_type
            )
            if activities:
                activities.write(
                    {
                        "date_deadline": session._ib_activity_deadline(),
                        "summary": self.env._(
                            "Test on %(date)s: %(test)s",
                            date=format_date(self.env, session.date_planned),
                            test=session.assessment_id.name,
                        ),
                    }
                )

    def action_view_results(self):
        self.ensure_one()
        return self.env["ir.actions.act_window"]._ib_action_for(
            "ib_care_plans.ib_assessment_result_action",
            [("session_id", "=", self.id)],
            {
                "default_assessment_id": self.assessment_id.id,
                "default_school_year_id": self.school_year_id.id,
                "default_moment": self.moment,
            },
        )

    def action_import_results(self):
        self.ensure_one()
        return self.env["ir.actions.act_window"]._ib_action_for(
            "ib_care_plans.ib_assessment_import_action",
            context={
                "default_assessment_id": self.assessment_id.id,
                "default_school_year_id": self.school_year_id.id,
                "default_moment": self.moment,
                "default_company_id": self.company_id.id,
            },
        )
