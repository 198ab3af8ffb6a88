from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

RESPONDENTS = [("teacher", "Teacher"), ("parent", "Parents")]
LIST_STATES = [("draft", "To Fill In"), ("done", "Done")]


class IbObservationList(models.Model):
    """The observation list of one pupil in one round, filled in by the teacher
    (or, for the parents' version, by the parents in the portal).

    When a list is done its scale scores (``ib.observation.score``) are computed
    in one batch for all lists done together; a score below its scale's cut-off
    is a signal, and the care coordinator of the school gets one digest activity
    per batch."""

    _name = "ib.observation.list"
    _description = "Observation List"
    _inherit = ["ib.care.mixin"]
    _order = "round_id desc, group_id, pupil_id, respondent, id"
    _rec_name = "pupil_id"
    # Privacy policy (see ib.care.mixin): care data about the pupil's
    # development, deleted once the care data period after leaving has passed;
    # in the pupil file export.
    _ib_retention_class = "care"
    _ib_retention = "delete"
    _ib_file_export = True

    round_id = fields.Many2one(
        "ib.observation.round",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    instrument_id = fields.Many2one(
        related="round_id.instrument_id", store=True, index=True
    )
    school_year_id = fields.Many2one(
        related="round_id.school_year_id", store=True, index=True
    )
    moment = fields.Selection(related="round_id.moment", store=True)
    round_state = fields.Selection(related="round_id.state", string="Round Status")
    group_id = fields.Many2one(
        "ib.group",
        required=True,
        index=True,
        check_company=True,
        help="The pupil's group in this round.",
    )
    respondent = fields.Selection(
        RESPONDENTS,
        required=True,
        default="teacher",
        index=True,
        help="Who fills in the list: the teacher, or the parents (parents' "
        "version, in the portal).",
    )
    state = fields.Selection(
        LIST_STATES, required=True, default="draft", index=True, readonly=True
    )
    date_done = fields.Date(string="Done On", readonly=True, copy=False)
    done_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    answer_ids = fields.One2many("ib.observation.answer", "list_id", string="Answers")
    score_ids = fields.One2many(
        "ib.observation.score", "list_id", string="Scores", readonly=True
    )
    below_cutoff = fields.Boolean(
        string="Below Cut-off",
        readonly=True,
        index=True,
        copy=False,
        help="A scale score of this list is below its cut-off.",
    )
    answered_count = fields.Integer(
        compute="_compute_answered_count", string="Answered"
    )
    item_count = fields.Integer(compute="_compute_answered_count", string="Items")

    _ib_round_pupil_uniq = models.UniqueIndex(
        "(round_id, pupil_id, respondent)",
        "This pupil already has such a list in this round.",
    )

    def _compute_answered_count(self):
        groups = self.env["ib.observation.answer"]._read_group(
            [("list_id", "in", self.ids)],
            ["list_id"],
            ["__count", "option_id:count"],
        )
        counts = {lst.id: (total, answered) for lst, total, answered in groups}
        for lst in self:
            lst.item_count, lst.answered_count = counts.get(lst.id, (0, 0))

    @api.depends("pupil_id", "round_id", "respondent")
    def _compute_display_name(self):
        respondents = dict(self._fields["respondent"]._description_selection(self.env))
        for lst in self:
            lst.display_name = self.env._(
                "%(pupil)s, %(round)s (%(respondent)s)",
                pupil=lst.pupil_id.name or "",
                round=lst.round_id.name or "",
                respondent=respondents.get(lst.respondent, ""),
            )

    def write(self, vals):
        if {"round_id", "pupil_id", "respondent"} & set(vals) and not self.env.su:
            raise UserError(
                self.env._(
                    "The round, pupil and respondent of an observation list "
                    "cannot change."
                )
            )
        return super().write(vals)

    # ----------------------------------------------------------------- actions

    def action_done(self):
        """Mark the lists done (every item answered) and compute their scores."""
        self._ib_check_can_finish()
        self.write(
            {
                "state": "done",
                "date_done": fields.Date.context_today(self),
                "done_by_id": self.env.uid,
            }
        )
        self._ib_refresh_scores()
        return True

    def action_reset_draft(self):
        if self.filtered(lambda lst: lst.round_id.state != "open"):
            raise UserError(
                self.env._("Only a list of an open round can be filled in again.")
            )
        self.write({"state": "draft"})
        return True

    def _ib_check_can_finish(self):
        if not self.env.su and self.filtered(lambda lst: lst.respondent == "parent"):
            raise UserError(
                self.env._("The parents' lists are filled in by the parents.")
            )
        not_open = self.filtered(lambda lst: lst.round_id.state != "open")
        if not_open:
            raise UserError(
                self.env._("The round of %s is not open.", not_open[0].pupil_id.name)
            )
        incomplete = self.filtered(lambda lst: lst.answered_count < lst.item_count)
        if incomplete:
            raise UserError(
                self.env._(
                    "Answer every item before the list is done. Not complete: %s.",
                    ", ".join(incomplete.pupil_id.mapped("name")),
                )
            )

    def action_done_group(self):
        """The lists of this list's group in the same round, done together."""
        self.ensure_one()
        lists = self.search(
            [
                ("round_id", "=", self.round_id.id),
                ("group_id", "=", self.group_id.id),
                ("respondent", "=", self.respondent),
                ("state", "=", "draft"),
            ]
        )
        return lists.action_done()

    def action_open_answers(self):
        self.ensure_one()
        action = self.round_id.action_open_grid()
        action["domain"] = [("list_id", "=", self.id)]
        action["context"] = {}
        action["name"] = self.display_name
        return action

    def action_ib_support_request(self):
        """A new support request about the pupil, with the reason filled in."""
        self.ensure_one()
        scores = self.score_ids.filtered("below_cutoff")
        lines = Markup("").join(
            Markup("<li>%s</li>") % score._ib_signal_text() for score in scores
        )
        question = Markup("<p>%s</p>") % self.env._(
            "Observation %(round)s (%(group)s):",
            round=self.round_id.name,
            group=self.group_id.name,
        )
        if lines:
            question += Markup("<ul>%s</ul>") % lines
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Support Request"),
            "res_model": "ib.support.request",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {
                "default_pupil_id": self.pupil_id.id,
                "default_care_domain": "social_emotional",
                "default_question": question,
            },
        }

    # ------------------------------------------------------------------ scores

    def _ib_refresh_scores(self):
        """(Re)compute the scale scores of the done lists of ``self`` in one
        batch, flag the lists below a cut-off and send the new signals.

        The scores are derived by the system from the answers of lists the user
        has just passed the record rules for (``self``); the user writes no value
        of their own, and users have no write access to scores: hence sudo."""
        lists = self.filtered(lambda lst: lst.state == "done")
        if not lists:
            return
        Score = self.env["ib.observation.score"].sudo()
        groups = (
            self.env["ib.observation.answer"]
            .sudo()
            ._read_group(
                [("list_id", "in", lists.ids), ("option_id", "!=", False)],
                ["list_id", "scale_id"],
                ["value:sum", "__count"],
            )
        )
        old = Score.search_fetch(
            [("list_id", "in", lists.ids)], ["list_id", "scale_id", "below_cutoff"]
        )
        was_below = {(s.list_id.id, s.scale_id.id) for s in old if s.below_cutoff}
        old.unlink()
        vals_list = []
        for lst, scale, total, count in groups:
            scoring = lst.instrument_id.scoring
            value = total if scoring == "sum" else (total / count if count else 0.0)
            vals_list.append(
                {"list_id": lst.id, "scale_id": scale.id, "score": round(value, 2)}
            )
        scores = Score.create(vals_list)
        below = scores.filtered("below_cutoff")
        lists_below = below.list_id
        lists_below.sudo().write({"below_cutoff": True})
        (lists - lists_below).sudo().write({"below_cutoff": False})
        # The cut-offs are the norms of the teachers' version: the parents'
        # scores are stored and shown next to them, but make no signal.
        new_signals = below.filtered(
            lambda s: (
                s.respondent == "teacher"
                and (s.list_id.id, s.scale_id.id) not in was_below
            )
        )
        if new_signals:
            new_signals._ib_notify_signals()
