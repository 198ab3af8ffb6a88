from odoo import api, fields, models
from odoo.exceptions import ValidationError

# The yearly working hours of a full-time job in Dutch primary education (normjaartaak).
FULL_TIME_HOURS = 1659.0


class IbTaskProfile(models.Model):
    """The care coordinator's tasks for a school year with the hours agreed for each
    (taakbeleid / normjaartaak), and the real hours where the school records them."""

    _name = "ib.task.profile"
    _description = "Task Profile"
    _inherit = ["ib.professional.mixin", "mail.thread"]
    # Not care data about a pupil: Odoo's own chatter (see ib.care.thread.mixin).
    _ib_thread_policy = "staff"
    _order = "year_start desc, user_id, id desc"

    _rec_names_search = ["user_id", "school_year_id"]

    framework_id = fields.Many2one(
        "ib.competency.framework",
        ondelete="restrict",
        check_company=True,
        default=lambda self: self.env["ib.competency.framework"]._get_default(),
        domain="[('company_id', 'in', [company_id, False])]",
        help="The task list is taken from this framework.",
    )
    fte = fields.Float(
        string="FTE for Care Coordination",
        digits=(3, 2),
        help="The part of a full-time job assigned to care coordination, e.g. 0.4.",
    )
    norm_hours = fields.Float(
        string="Hours per Year",
        compute="_compute_norm_hours",
        store=True,
        readonly=False,
        help="Hours for care coordination this school year: the FTE times the "
        "normjaartaak of 1659 hours, unless agreed otherwise.",
    )
    record_actual_hours = fields.Boolean(
        string="Record Real Hours",
        help="The school records the hours really spent per task.",
    )
    line_ids = fields.One2many("ib.task.profile.line", "profile_id", string="Tasks")
    planned_hours = fields.Float(compute="_compute_totals", store=True)
    actual_hours = fields.Float(
        string="Real Hours", compute="_compute_totals", store=True
    )
    unassigned_hours = fields.Float(
        string="Hours Not Assigned", compute="_compute_totals", store=True
    )
    state = fields.Selection(
        [("draft", "Draft"), ("agreed", "Agreed with Director")],
        default="draft",
        required=True,
        tracking=True,
    )
    notes = fields.Html(sanitize_style=True)

    _one_per_year = models.Constraint(
        "UNIQUE(user_id, school_year_id)",
        "A coordinator has one task profile per school year.",
    )
    _fte_range = models.Constraint(
        "CHECK(fte >= 0 AND fte <= 1.5)", "The FTE must lie between 0 and 1.5."
    )

    @api.depends("user_id.name", "school_year_id.name")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for profile in self:
            profile.display_name = self.env._(
                "Task profile %(year)s - %(user)s",
                year=profile.school_year_id.name or "",
                user=profile.user_id.name or "",
            )

    @api.depends("fte")
    def _compute_norm_hours(self):
        for profile in self:
            profile.norm_hours = round(profile.fte * FULL_TIME_HOURS)

    @api.depends("norm_hours", "line_ids.planned_hours", "line_ids.actual_hours")
    def _compute_totals(self):
        for profile in self:
            profile.planned_hours = sum(profile.line_ids.mapped("planned_hours"))
            profile.actual_hours = sum(profile.line_ids.mapped("actual_hours"))
            profile.unassigned_hours = profile.norm_hours - profile.planned_hours

    def action_load_tasks(self):
        """Add the framework's tasks that are not in the profile yet."""
        vals_list = []
        for profile in self:
            present = profile.line_ids.task_id
            vals_list += [
                {
                    "profile_id": profile.id,
                    "task_id": task.id,
                    "planned_hours": task.default_hours,
                }
                for task in profile.framework_id.task_ids - present
            ]
        if vals_list:
            self.env["ib.task.profile.line"].create(vals_list)
        return True

    @api.constrains("norm_hours")
    def _check_norm_hours(self):
        for profile in self:
            if profile.norm_hours < 0:
                raise ValidationError(
                    self.env._("The hours per year cannot be negative.")
                )
