from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

from . import sociogram_engine, sociogram_svg

STATES = [("draft", "Draft"), ("done", "Done")]


class IbSociogram(models.Model):
    """A sociogram of one group on one date: the questions put to the pupils,
    the choices of classmates the teacher enters for each pupil, and the
    computed result per pupil (received and mutual choices, popular, isolated,
    rejected) with the figures and the picture of the group.

    Social data about children: staff only (no portal access at all), teachers
    of the group this school year, director (read) and coordinator of the
    school."""

    _name = "ib.sociogram"
    _description = "Sociogram"
    _inherit = ["ib.write.guard.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        compute="_compute_name",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    group_id = fields.Many2one(
        "ib.group",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        domain="[('is_current', '=', True)]",
    )
    school_year_id = fields.Many2one(
        related="group_id.school_year_id", store=True, index=True
    )
    is_current = fields.Boolean(
        related="group_id.is_current", store=True, string="Current Year"
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        related="group_id.company_id",
        store=True,
        index=True,
        precompute=True,
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    state = fields.Selection(
        STATES, string="Status", required=True, default="draft", index=True
    )
    max_choices = fields.Integer(
        string="Choices per Question",
        required=True,
        default=3,
        help="How many classmates a pupil may name for each question.",
    )
    popular_sd_factor = fields.Float(
        string="Popular from Mean + × SD",
        required=True,
        default=1.0,
        digits=(3, 1),
        help="A pupil is popular when the positive choices they received are at "
        "least the group's mean plus this number times the standard deviation "
        "(and more than the mean). The same rule marks rejected pupils for the "
        "negative question.",
    )
    use_negative_question = fields.Boolean(
        string="Ask a Negative Question",
        help="Sensitive: a question such as 'Who would you rather not sit next "
        "to?' names children who are rejected by their classmates. Ask it only "
        "with a reason, keep the answers out of sight of the pupils and discuss "
        "the result with the care coordinator.",
    )
    note = fields.Text(string="Remarks")
    question_ids = fields.One2many(
        "ib.sociogram.question", "sociogram_id", string="Questions"
    )
    choice_ids = fields.One2many(
        "ib.sociogram.choice", "sociogram_id", string="Choices"
    )
    pupil_line_ids = fields.One2many(
        "ib.sociogram.pupil", "sociogram_id", string="Pupils"
    )
    member_ids = fields.Many2many(
        "ib.pupil",
        compute="_compute_member_ids",
        string="Pupils of the Group",
    )
    # Group figures, written by _ib_compute_results (batch, with the pupil lines)
    pupil_count = fields.Integer(string="Pupils #", readonly=True)
    tie_count = fields.Integer(string="Positive Ties", readonly=True)
    mutual_pair_count = fields.Integer(string="Mutual Pairs", readonly=True)
    density = fields.Float(
        readonly=True,
        digits=(3, 2),
        help="The distinct positive choices (who chose whom) divided by all "
        "possible choices in the group: 1.00 when every pupil chose every "
        "classmate.",
    )
    popular_count = fields.Integer(string="Popular", readonly=True)
    isolated_count = fields.Integer(string="Isolated", readonly=True)
    rejected_count = fields.Integer(string="Rejected", readonly=True)
    svg = fields.Html(
        string="Sociogram",
        compute="_compute_svg",
        sanitize=False,
        help="Drawn on the server from the choices; every name is escaped.",
    )

    _max_choices_positive = models.Constraint(
        "CHECK(max_choices > 0 AND max_choices <= 10)",
        "The number of choices per question must be between 1 and 10.",
    )

    @api.depends("group_id.name", "date")
    def _compute_name(self):
        for sociogram in self:
            if sociogram.group_id and sociogram.date:
                sociogram.name = self.env._(
                    "Sociogram %(group)s %(date)s",
                    group=sociogram.group_id.name,
                    date=sociogram.date.strftime("%d-%m-%Y"),
                )
            elif not sociogram.name:
                sociogram.name = False

    @api.depends("group_id.membership_ids.pupil_id")
    def _compute_member_ids(self):
        for sociogram in self:
            sociogram.member_ids = sociogram.group_id.membership_ids.pupil_id

    @api.constrains("group_id", "max_choices")
    def _check_choices_in_group(self):
        # a sociogram moved to another group keeps only choices between its
        # pupils, and fewer choices per question keep the entered ones within
        # the maximum (each choice checks itself)
        self.choice_ids._check_choice()

    # ------------------------------------------------------------------ CRUD
    def _ib_default_questions(self, negative=False):
        questions = []
        if not negative:
            questions = [
                Command.create(
                    {
                        "sequence": 10,
                        "name": self.env._("Who would you like to sit next to?"),
                        "kind": "positive",
                    }
                ),
                Command.create(
                    {
                        "sequence": 20,
                        "name": self.env._("Who do you like to play with?"),
                        "kind": "positive",
                    }
                ),
            ]
        return questions

    def _ib_negative_question(self):
        return Command.create(
            {
                "sequence": 90,
                "name": self.env._("Who would you rather not sit next to?"),
                "kind": "negative",
            }
        )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("question_ids"):
                vals["question_ids"] = self._ib_default_questions()
                if vals.get("use_negative_question"):
                    vals["question_ids"].append(self._ib_negative_question())
        sociograms = super().create(vals_list)
        sociograms._ib_compute_results()
        return sociograms

    def write(self, vals):
        if "use_negative_question" in vals and not vals["use_negative_question"]:
            negative = self.question_ids.filtered(lambda q: q.kind == "negative")
            if negative.choice_ids:
                raise UserError(
                    self.env._(
                        "The negative question already has answers. Remove "
                        "its choices first if you no longer want to ask it."
                    )
                )
        result = super().write(vals)
        if vals.get("use_negative_question"):
            for sociogram in self:
                if "negative" not in sociogram.question_ids.mapped("kind"):
                    sociogram.question_ids = [self._ib_negative_question()]
        elif "use_negative_question" in vals:
            self.question_ids.filtered(lambda q: q.kind == "negative").unlink()
        if {"group_id", "popular_sd_factor", "use_negative_question"} & vals.keys():
            self._ib_compute_results()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        done, label = self._ib_wrong_state(("draft",))
        if done:
            raise UserError(
                self.env._(
                    "Sociogram %(name)s is %(state)s: only a draft sociogram can "
                    "be deleted.",
                    name=done.name,
                    state=label,
                )
            )

    # --------------------------------------------------------------- actions
    def action_done(self):
        wrong, label = self._ib_wrong_state(("draft",))
        if wrong:
            raise UserError(
                self.env._(
                    "Sociogram %(name)s is already %(state)s.",
                    name=wrong.name,
                    state=label,
                )
            )
        self._ib_compute_results()
        self.write({"state": "done"})

    def action_draft(self):
        self.write({"state": "draft"})

    def action_compute(self):
        wrong, label = self._ib_wrong_state(("draft",))
        if wrong:
            raise UserError(
                self.env._(
                    "Sociogram %(name)s is %(state)s: set it back to draft to "
                    "compute it again.",
                    name=wrong.name,
                    state=label,
                )
            )
        self._ib_compute_results()

    def _ib_check_draft(self):
        """Choices and questions change only while the sociogram is a draft."""
        done = self.filtered(lambda s: s.state != "draft")[:1]
        if done:
            raise UserError(
                self.env._(
                    "Sociogram %(name)s is done: set it back to draft before "
                    "changing its questions or choices.",
                    name=done.name,
                )
            )

    # ----------------------------------------------------------- computation
    def _ib_engine_result(self):
        """The engine's result for this sociogram, from its current choices
        and the pupils of its group (``(pupils, result)``)."""
        self.ensure_one()
        pupils = self.member_ids.sorted(lambda p: (p.first_name or "", p.id))
        positive, negative = [], []
        for choice in self.choice_ids:
            pair = (choice.pupil_id.id, choice.chosen_id.id)
            if choice.question_id.kind == "negative":
                negative.append(pair)
            else:
                positive.append(pair)
        result = sociogram_engine.compute(
            pupils.ids, positive, negative, self.popular_sd_factor
        )
        return pupils, result

    def _ib_compute_results(self):
        """Run the engine for each sociogram and store its result: the group
        figures on the sociogram and one line per pupil of the group (lines
        of pupils who left the group go). Batched: one create, one unlink and
        one write per distinct set of changed figures, not one per pupil."""
        Line = self.env["ib.sociogram.pupil"]
        to_create, obsolete = [], Line
        # lines whose figures changed, grouped by their new figures: one write
        # per distinct set of figures
        to_write = defaultdict(lambda: Line)
        for sociogram in self:
            pupils, result = sociogram._ib_engine_result()
            lines = {line.pupil_id.id: line for line in sociogram.pupil_line_ids}
            for pupil in pupils:
                figures = result.pupils[pupil.id]
                vals = {
                    "received_count": figures.received,
                    "given_count": figures.given,
                    "mutual_count": figures.mutual,
                    "rejected_received_count": figures.rejected_received,
                    "is_popular": figures.popular,
                    "is_isolated": figures.isolated,
                    "is_rejected": figures.rejected,
                    "ring": str(figures.ring),
                }
                line = lines.pop(pupil.id, None)
                if line is None:
                    to_create.append(
                        dict(vals, sociogram_id=sociogram.id, pupil_id=pupil.id)
                    )
                elif any(line[name] != value for name, value in vals.items()):
                    to_write[tuple(sorted(vals.items()))] |= line
            obsolete |= Line.union(*lines.values())
            sociogram.write(
                {
                    "pupil_count": len(pupils),
                    "tie_count": len(result.ties),
                    "mutual_pair_count": len(result.mutual_pairs),
                    "density": result.density,
                    "popular_count": len(result.popular),
                    "isolated_count": len(result.isolated),
                    "rejected_count": len(result.rejected),
                }
            )
        for vals, lines in to_write.items():
            lines.write(dict(vals))
        if obsolete:
            obsolete.unlink()
        if to_create:
            Line.create(to_create)

    @api.model
    def _ib_label(self, pupil):
        """First name and the initial of the last name: "Mees V."."""
        last = (pupil.last_name or "").strip()
        first = (pupil.first_name or "").strip()
        return f"{first} {last[:1].upper()}." if last else first

    def _ib_legend(self):
        return {
            "popular": self.env._("Popular (centre)"),
            "isolated": self.env._("Isolated: not chosen (outside)"),
            "rejected": self.env._("Rejected (red border)"),
            "one_way": self.env._("Choice (arrow)"),
            "mutual": self.env._("Mutual choice (double line)"),
            "negative": self.env._("Negative choice (dashed)"),
        }

    @api.depends(
        "choice_ids.pupil_id",
        "choice_ids.chosen_id",
        "choice_ids.question_id.kind",
        "member_ids",
        "popular_sd_factor",
    )
    def _compute_svg(self):
        for sociogram in self:
            if not sociogram.group_id:
                sociogram.svg = False
                continue
            pupils, result = sociogram._ib_engine_result()
            if not pupils:
                sociogram.svg = False
                continue
            sociogram.svg = sociogram_svg.render_svg(
                pupils.ids,
                result,
                {pupil.id: self._ib_label(pupil) for pupil in pupils},
                self._ib_legend(),
                prefix=f"ib-sociogram-{sociogram._origin.id or 'new'}",
            )
