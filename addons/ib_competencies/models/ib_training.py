from odoo import api, fields, models
from odoo.exceptions import ValidationError

TRAINING_KINDS = [
    ("course", "Course"),
    ("study_day", "Study day or conference"),
    ("master", "Master or post-graduate programme"),
    ("network", "Network of care coordinators"),
    ("consultation", "Collegial consultation"),
    ("reading", "Professional reading"),
    ("other", "Other"),
]


class IbTraining(models.Model):
    """A training or piece of professional reading of a care coordinator."""

    _name = "ib.training"
    _description = "Training"
    _inherit = ["ib.professional.mixin", "mail.thread"]
    # Not care data about a pupil: Odoo's own chatter (see ib.care.thread.mixin).
    _ib_thread_policy = "staff"
    _order = "date_start desc, id desc"

    name = fields.Char(string="Course or Title", required=True)
    kind = fields.Selection(TRAINING_KINDS, required=True, default="course")
    provider = fields.Char(help="Training institute, or author and publisher.")
    date_start = fields.Date(
        string="Start Date", required=True, default=fields.Date.context_today
    )
    date_end = fields.Date(string="End Date")
    hours = fields.Float(help="Study load in hours.")
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Completed"), ("cancelled", "Cancelled")],
        default="planned",
        required=True,
        tracking=True,
    )
    goal_id = fields.Many2one(
        "ib.development.goal",
        string="Development Goal",
        index="btree_not_null",
        ondelete="set null",
        domain="[('user_id', '=', user_id)]",
    )
    competence_ids = fields.Many2many(
        "ib.competency",
        "ib_training_competency_rel",
        "training_id",
        "competency_id",
        string="Competences",
    )
    notes = fields.Html(string="What I Learned", sanitize_style=True)
    certificate = fields.Binary(attachment=True, copy=False)
    certificate_filename = fields.Char()
    elearning_course = fields.Reference(
        selection="_selection_elearning_course",
        string="eLearning Course",
        help="The course in Odoo eLearning, when the training is followed there.",
    )
    elearning_available = fields.Boolean(compute="_compute_elearning_available")

    _hours_positive = models.Constraint(
        "CHECK(hours >= 0)", "The hours of a training cannot be negative."
    )

    @api.model
    def _selection_elearning_course(self):
        # Soft link: only offered when Odoo eLearning (website_slides) is installed.
        if "slide.channel" in self.env:
            return [("slide.channel", self.env._("eLearning course"))]
        return []

    def _compute_elearning_available(self):
        available = "slide.channel" in self.env
        for training in self:
            training.elearning_available = available

    @api.model
    def _ib_years_for(self, pairs):
        """School years containing the given (company id, date) pairs, one search."""
        pairs = [(company, day) for company, day in pairs if company and day]
        if not pairs:
            return {}
        years = self.env["ib.school.year"].search(
            [
                ("company_id", "in", list({company for company, _day in pairs})),
                ("date_start", "<=", max(day for _company, day in pairs)),
                ("date_end", ">=", min(day for _company, day in pairs)),
            ]
        )
        result = {}
        for company, day in pairs:
            day = fields.Date.to_date(day)
            result[company, day] = next(
                (
                    y
                    for y in years
                    if y.company_id.id == company and y.date_start <= day <= y.date_end
                ),
                None,
            )
        return result

    @api.model_create_multi
    def create(self, vals_list):
        # The school year follows the start date unless one is given explicitly.
        company = self.env.company.id
        todo = [
            vals
            for vals in vals_list
            if vals.get("date_start") and not vals.get("school_year_id")
        ]
        years = self._ib_years_for(
            (vals.get("company_id", company), fields.Date.to_date(vals["date_start"]))
            for vals in todo
        )
        for vals in todo:
            key = (
                vals.get("company_id", company),
                fields.Date.to_date(vals["date_start"]),
            )
            if years.get(key):
                vals["school_year_id"] = years[key].id
        return super().create(vals_list)

    @api.onchange("date_start", "company_id")
    def _onchange_date_start(self):
        for training in self:
            key = (training.company_id.id, training.date_start)
            year = self._ib_years_for([key]).get(key)
            if year:
                training.school_year_id = year

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for training in self:
            if training.date_end and training.date_end < training.date_start:
                raise ValidationError(
                    self.env._(
                        "Training %s cannot end before it starts.", training.name
                    )
                )
