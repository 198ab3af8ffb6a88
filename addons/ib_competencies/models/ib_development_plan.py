from odoo import api, fields, models


class IbDevelopmentPlan(models.Model):
    """The care coordinator's personal development plan (POP) for a school year:
    goals linked to competences, with actions, training, deadlines and evaluation.
    It also gathers the year's portfolio: assessments, trainings and task hours."""

    _name = "ib.development.plan"
    _description = "Development Plan"
    _inherit = ["ib.professional.mixin", "mail.thread", "mail.activity.mixin"]
    # Not care data about a pupil: Odoo's own chatter (see ib.care.thread.mixin).
    _ib_thread_policy = "staff"
    _order = "year_start desc, user_id, id desc"
    # The director reads the plan and may comment on it in the chatter.
    _mail_post_access = "read"

    _rec_names_search = ["user_id", "school_year_id"]

    state = fields.Selection(
        [("draft", "Draft"), ("active", "In Progress"), ("evaluated", "Evaluated")],
        default="draft",
        required=True,
        tracking=True,
    )
    ambition = fields.Html(
        sanitize_style=True,
        help="Where do you want to be professionally at the end of the year?",
    )
    goal_ids = fields.One2many("ib.development.goal", "plan_id", string="Goals")
    review_date = fields.Date(
        string="Review with Director", help="Date of the annual review conversation."
    )
    evaluation = fields.Html(sanitize_style=True)
    training_ids = fields.Many2many(
        "ib.training", compute="_compute_portfolio", string="Trainings"
    )
    assessment_ids = fields.Many2many(
        "ib.competency.assessment", compute="_compute_portfolio", string="Assessments"
    )
    task_profile_id = fields.Many2one("ib.task.profile", compute="_compute_portfolio")
    training_hours = fields.Float(
        string="Training Hours (done)", compute="_compute_portfolio"
    )
    training_hours_planned = fields.Float(
        string="Training Hours (planned)", compute="_compute_portfolio"
    )
    goal_count = fields.Integer(compute="_compute_goal_count")

    _one_per_year = models.Constraint(
        "UNIQUE(user_id, school_year_id)",
        "A coordinator has one development plan per school year.",
    )

    @api.depends("user_id.name", "school_year_id.name")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for plan in self:
            plan.display_name = self.env._(
                "Development plan %(year)s - %(user)s",
                year=plan.school_year_id.name or "",
                user=plan.user_id.name or "",
            )

    @api.depends("goal_ids")
    def _compute_goal_count(self):
        for plan in self:
            plan.goal_count = len(plan.goal_ids)

    @api.depends("user_id", "school_year_id")
    def _compute_portfolio(self):
        """The records of the same coordinator and school year, read with the
        current user's rights (three searches for the whole recordset)."""
        domain = [
            ("user_id", "in", self.user_id.ids),
            ("school_year_id", "in", self.school_year_id.ids),
        ]
        trainings = self.env["ib.training"].search(domain)
        assessments = self.env["ib.competency.assessment"].search(domain)
        profiles = self.env["ib.task.profile"].search(domain)

        def same(records, plan):
            return records.filtered(
                lambda r: (
                    r.user_id == plan.user_id
                    and r.school_year_id == plan.school_year_id
                )
            )

        for plan in self:
            plan_trainings = same(trainings, plan)
            plan.training_ids = plan_trainings
            plan.assessment_ids = same(assessments, plan)
            plan.task_profile_id = same(profiles, plan)[:1]
            plan.training_hours = sum(
                plan_trainings.filtered(lambda t: t.state == "done").mapped("hours")
            )
            plan.training_hours_planned = sum(
                plan_trainings.filtered(lambda t: t.state == "planned").mapped("hours")
            )

    def _ib_portfolio_values(self):
        """Everything the portfolio report prints for one plan."""
        self.ensure_one()
        self_assessment = self.assessment_ids.filtered(lambda a: a.kind == "self")[:1]
        director_assessment = self.assessment_ids.filtered(
            lambda a: a.kind == "director"
        )[:1]
        director_levels = {
            line.competence_id: line.level_id for line in director_assessment.line_ids
        }
        domains = []
        for domain, lines in self_assessment.line_ids.grouped("domain_id").items():
            domains.append(
                {
                    "domain": domain,
                    "rows": [
                        {
                            "line": line,
                            "director_level": director_levels.get(line.competence_id),
                        }
                        for line in lines
                    ],
                }
            )
        profile = self.task_profile_id
        task_areas = []
        for domain, lines in profile.line_ids.grouped("domain_id").items():
            task_areas.append(
                {
                    "name": domain.task_area or domain.name
                    if domain
                    else self.env._("Other tasks"),
                    "planned": sum(lines.mapped("planned_hours")),
                    "actual": sum(lines.mapped("actual_hours")),
                }
            )
        return {
            "self_assessment": self_assessment,
            "director_assessment": director_assessment,
            "domains": domains,
            "trainings": self.training_ids.sorted("date_start"),
            "task_profile": profile,
            "task_areas": task_areas,
        }
