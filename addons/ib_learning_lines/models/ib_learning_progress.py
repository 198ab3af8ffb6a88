from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .forecast_engine import line_position


class IbLearningProgress(models.Model):
    """A goal of a learning line that a pupil reached: when, and who confirmed
    it. The pupil's position on the line follows from these records
    (forecast_engine.line_position)."""

    _name = "ib.learning.progress"
    _description = "Learning Line Progress"
    _inherit = ["ib.care.mixin"]
    _order = "date_reached desc, id desc"
    # Privacy policy (see ib.care.mixin): care data about the pupil's learning,
    # deleted once the care data period after leaving has passed; in the pupil
    # file export.
    _ib_retention_class = "care"
    _ib_retention = "delete"
    _ib_file_export = True

    line_id = fields.Many2one(
        "ib.learning.line",
        string="Learning Line",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    goal_id = fields.Many2one(
        "ib.learning.goal",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    domain = fields.Selection(related="line_id.domain", store=True)
    date_reached = fields.Date(
        string="Reached On", required=True, default=fields.Date.context_today
    )
    confirmed_by_id = fields.Many2one(
        "res.users",
        required=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
        help="The teacher or care coordinator who saw the pupil reach the goal.",
    )
    note = fields.Text(help="How the goal was shown, e.g. the task or observation.")

    _pupil_goal_uniq = models.Constraint(
        "UNIQUE(pupil_id, goal_id)", "This goal is already recorded for the pupil."
    )

    @api.constrains("line_id", "goal_id")
    def _check_goal_of_line(self):
        for progress in self:
            if progress.goal_id.line_id != progress.line_id:
                raise ValidationError(
                    self.env._(
                        "The goal “%(goal)s” is not a goal of the learning line "
                        "%(line)s.",
                        goal=progress.goal_id.display_name,
                        line=progress.line_id.display_name,
                    )
                )

    @api.constrains("date_reached")
    def _check_date_reached(self):
        today = fields.Date.context_today(self)
        for progress in self:
            if progress.date_reached > today:
                raise ValidationError(
                    self.env._(
                        "A goal is recorded once the pupil reached it: %s is in "
                        "the future.",
                        progress.date_reached,
                    )
                )

    @api.onchange("goal_id")
    def _onchange_goal_id(self):
        if self.goal_id:
            self.line_id = self.goal_id.line_id

    @api.model
    def _ib_positions(self, pupils, lines=None):
        """{(pupil id, line id): (last goal, reached count, percent)} for the
        lines the pupils have progress on (or ``lines``), read as the user."""
        domain = [("pupil_id", "in", pupils.ids)]
        if lines is not None:
            domain.append(("line_id", "in", lines.ids))
        rows = self.search_fetch(domain, ["pupil_id", "line_id", "goal_id"])
        reached = {}
        for row in rows:
            reached.setdefault((row.pupil_id.id, row.line_id.id), set()).add(
                row.goal_id.id
            )
        keys = set(reached)
        if lines is not None:
            keys |= {(pupil.id, line.id) for pupil in pupils for line in lines}
        all_lines = self.env["ib.learning.line"].browse({k[1] for k in keys})
        goals = {line.id: line.goal_ids.ids for line in all_lines}
        Goal = self.env["ib.learning.goal"]
        positions = {}
        for key in keys:
            last, count, percent = line_position(
                goals.get(key[1], []), reached.get(key, ())
            )
            positions[key] = (Goal.browse(last), count, percent)
        return positions

    @api.model
    def _ib_position_html(self, pupil, lines, positions):
        """A small table of the pupil's position on ``lines``: goals reached,
        the share of the line and the furthest goal reached (text escaped)."""
        if not lines:
            return False
        head = Markup("<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>").format(
            self.env._("Learning Line"),
            self.env._("Goals Reached"),
            self.env._("Of the Line"),
            self.env._("Furthest Goal Reached"),
        )
        rows = []
        for line in lines:
            last, count, percent = positions.get(
                (pupil.id, line.id), (self.env["ib.learning.goal"], 0, 0.0)
            )
            goal = last.display_name or self.env._("none yet")
            if last.level_label:
                goal = f"{goal} ({last.level_label})"
            rows.append(
                Markup("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>").format(
                    line.display_name,
                    self.env._(
                        "%(count)s of %(total)s", count=count, total=len(line.goal_ids)
                    ),
                    f"{round(percent)} %",
                    goal,
                )
            )
        return Markup(
            '<table class="table table-sm o_ib_learning_position">{}{}</table>'
        ).format(head, Markup("").join(rows))
