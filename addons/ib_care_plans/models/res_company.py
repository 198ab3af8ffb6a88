from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    ib_signal_level_drop = fields.Integer(
        string="Signal: Level Drop",
        default=2,
        help="A result is a signal when the level dropped by this many bands or more "
        "since the pupil's previous result in the same domain (0: off).",
    )
    ib_signal_lowest_repeat = fields.Integer(
        string="Signal: Lowest Level in a Row",
        default=2,
        help="A result is a signal when the pupil scored in the lowest band this "
        "many times in a row in the same domain (0: off).",
    )
    ib_signal_user_id = fields.Many2one(
        "res.users",
        string="Signals For",
        domain=[("share", "=", False)],
        help="Who gets an activity for test results that are signals; empty: the "
        "school's care coordinator.",
    )
    ib_test_reminder_days = fields.Integer(
        string="Test Reminder (days)",
        default=7,
        help="How many days before a planned test its group's teacher gets an "
        "activity.",
    )

    @api.constrains(
        "ib_signal_level_drop", "ib_signal_lowest_repeat", "ib_test_reminder_days"
    )
    def _check_ib_signal_settings(self):
        for company in self:
            if not 0 <= company.ib_signal_level_drop <= 4:
                raise ValidationError(
                    self.env._("A level drop signal takes 1 to 4 bands (0: off).")
                )
            if not 0 <= company.ib_signal_lowest_repeat <= 10:
                raise ValidationError(
                    self.env._(
                        "The lowest level signal takes 1 to 10 results in a row "
                        "(0: off)."
                    )
                )
            if not 0 <= company.ib_test_reminder_days <= 60:
                raise ValidationError(
                    self.env._("A test reminder comes 0 to 60 days ahead.")
                )

    def _ib_signal_user(self):
        """The user who follows up test signals of this school."""
        self.ensure_one()
        if self.ib_signal_user_id:
            return self.ib_signal_user_id
        coordinator = self.env.ref("ib_core.group_ib_coordinator")
        manager = self.env.ref("ib_core.group_ib_manager")
        users = (
            self.env["res.users"]
            .sudo()
            .search(
                # finding the school's coordinator is configuration, not care data
                [
                    ("all_group_ids", "in", coordinator.id),
                    ("company_ids", "in", self.id),
                    ("share", "=", False),
                ],
                order="id",
            )
        )
        # prefer a care coordinator over a manager (often the system administrator)
        return (users.filtered(lambda u: manager not in u.all_group_ids) or users)[:1]

    def _ib_overview_counters(self):
        counters = super()._ib_overview_counters()
        signals_label = self.env._("Test signals this school year")
        signals_section = self.env._("Test Results")
        self._ib_overview_add_counter(
            counters,
            "test_signals",
            signals_label,
            "ib.assessment.result",
            [("signal", "!=", False), ("school_year_id.is_current", "=", True)],
            sequence=30,
            severity="warning",
            section=signals_section,
            action="ib_care_plans.ib_assessment_result_action",
        )
        plans_label = self.env._("Plan evaluations overdue")
        plans_section = self.env._("Plans")
        self._ib_overview_add_counter(
            counters,
            "plan_evaluations_overdue",
            plans_label,
            "ib.care.plan",
            self.env["ib.care.plan"]._ib_overdue_domain(),
            sequence=20,
            severity="danger",
            section=plans_section,
            action="ib_care_plans.ib_care_plan_action",
        )
        opp_label = self.env._("OPP evaluations with the parents overdue")
        self._ib_overview_add_counter(
            counters,
            "opp_parents_evaluations_overdue",
            opp_label,
            "ib.care.plan",
            [("parents_evaluation_overdue", "=", True)],
            sequence=21,
            severity="danger",
            section=plans_section,
            action="ib_care_plans.ib_care_plan_action",
        )
        return counters
