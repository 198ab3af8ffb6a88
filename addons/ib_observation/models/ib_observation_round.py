from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

MOMENTS = [("autumn", "Autumn"), ("spring", "Spring")]
ROUND_STATES = [("draft", "Draft"), ("open", "Open"), ("closed", "Closed")]


class IbObservationRound(models.Model):
    """An observation round: one instrument, one moment (autumn or spring) of a
    school year, for some groups of the school or all of them. Opening the round
    creates the observation list of every pupil of those groups (and the
    parents' list when the round asks the parents), in one batch."""

    _name = "ib.observation.round"
    _description = "Observation Round"
    _inherit = ["ib.school.mixin", "ib.write.guard.mixin"]
    _order = "school_year_id desc, moment desc, id desc"

    name = fields.Char(compute="_compute_name", store=True, readonly=False)
    school_year_id = fields.Many2one(
        "ib.school.year",
        required=True,
        index=True,
        check_company=True,
        domain="[('company_id', '=', company_id)]",
    )
    instrument_id = fields.Many2one(
        "ib.observation.instrument",
        required=True,
        index=True,
        check_company=True,
        ondelete="restrict",
    )
    moment = fields.Selection(MOMENTS, required=True, default="autumn", index=True)
    group_ids = fields.Many2many(
        "ib.group",
        string="Groups",
        check_company=True,
        domain="[('school_year_id', '=', school_year_id)]",
        help="The groups observed in this round; empty: every group of the "
        "school year in the instrument's grades.",
    )
    ask_parents = fields.Boolean(
        string="Ask the Parents",
        help="The parents of each pupil fill in the parents' version in the "
        "portal while the round is open.",
    )
    has_parent_version = fields.Boolean(related="instrument_id.has_parent_version")
    date_deadline = fields.Date(string="Fill In Before")
    state = fields.Selection(
        ROUND_STATES, required=True, default="draft", index=True, readonly=True
    )
    list_ids = fields.One2many("ib.observation.list", "round_id", string="Lists")
    list_count = fields.Integer(compute="_compute_list_counts", string="Lists #")
    done_count = fields.Integer(compute="_compute_list_counts", string="Done #")

    @api.depends("instrument_id.name", "moment", "school_year_id.name")
    def _compute_name(self):
        moments = dict(self._fields["moment"]._description_selection(self.env))
        for rnd in self:
            rnd.name = " ".join(
                part
                for part in (
                    rnd.instrument_id.name,
                    moments.get(rnd.moment, ""),
                    rnd.school_year_id.name,
                )
                if part
            )

    def _compute_list_counts(self):
        groups = self.env["ib.observation.list"]._read_group(
            [("round_id", "in", self.ids)], ["round_id", "state"], ["__count"]
        )
        counts = {}
        for rnd, state, count in groups:
            total, done = counts.get(rnd.id, (0, 0))
            counts[rnd.id] = (total + count, done + (count if state == "done" else 0))
        for rnd in self:
            rnd.list_count, rnd.done_count = counts.get(rnd.id, (0, 0))

    def write(self, vals):
        if {"instrument_id", "school_year_id", "company_id"} & set(vals) and (
            self.filtered("list_ids")
        ):
            raise UserError(
                self.env._(
                    "The instrument, school year and school of a round with "
                    "observation lists cannot change."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_lists(self):
        if self.filtered("list_ids"):
            raise UserError(
                self.env._("A round with observation lists cannot be deleted.")
            )

    # ----------------------------------------------------------------- actions

    def _ib_check_coordinator(self):
        self.env["res.users"]._ib_check_role(
            "coordinator",
            self.env._("Only the care coordinator can open or close a round."),
            companies=self.company_id,
        )

    def action_open(self):
        """Open the round: every pupil of its groups gets their list."""
        self._ib_check_coordinator()
        for rnd in self:
            if rnd.state != "draft":
                raise UserError(
                    self.env._("The round %s is not a draft.", rnd.display_name)
                )
        self.write({"state": "open"})
        for rnd in self:
            rnd._ib_create_lists(rnd._ib_groups())
        return True

    def action_close(self):
        self._ib_check_coordinator()
        self.write({"state": "closed"})
        return True

    def action_reopen(self):
        self._ib_check_coordinator()
        self.write({"state": "open"})
        return True

    def action_create_my_lists(self):
        """The lists of the pupils of the current user's own groups in this round
        (a pupil who joined the group later gets one too)."""
        self.ensure_one()
        if self.state != "open":
            raise UserError(self.env._("Lists are made in an open round only."))
        groups = self._ib_groups().filtered(lambda g: self.env.user in g.teacher_ids)
        if not groups:
            raise UserError(
                self.env._("You teach none of the groups of the round %s.", self.name)
            )
        self._ib_create_lists(groups)
        return self.action_open_grid()

    def _ib_groups(self):
        """The groups of the round: its own, or every group of the school year
        in the instrument's grades."""
        self.ensure_one()
        if self.group_ids:
            return self.group_ids
        domain = Domain("school_year_id", "=", self.school_year_id.id)
        if self.instrument_id.grade_ids:
            domain &= Domain("grade_ids", "in", self.instrument_id.grade_ids.ids)
        return self.env["ib.group"].search(domain)

    def _ib_create_lists(self, groups):
        """Create the missing lists of the pupils of ``groups`` with all their
        answers: one create for the lists, one for the answers, as the user
        (the record rules decide which pupils they may make lists of)."""
        self.ensure_one()
        instrument = self.instrument_id
        items = instrument.item_ids
        respondents = ["teacher"]
        if self.ask_parents and instrument.has_parent_version:
            respondents.append("parent")
        memberships = self.env["ib.group.membership"].search_fetch(
            [
                ("group_id", "in", groups.ids),
                ("pupil_id.is_enrolled", "=", True),
            ],
            ["pupil_id", "group_id"],
            order="group_id, id",
        )
        existing = {
            (lst.pupil_id.id, lst.respondent)
            for lst in self.env["ib.observation.list"].search_fetch(
                [("round_id", "=", self.id)], ["pupil_id", "respondent"]
            )
        }
        list_vals = []
        for membership in memberships:
            pupil = membership.pupil_id
            for respondent in respondents:
                if (pupil.id, respondent) not in existing:
                    existing.add((pupil.id, respondent))
                    list_vals.append(
                        {
                            "round_id": self.id,
                            "pupil_id": pupil.id,
                            "group_id": membership.group_id.id,
                            "respondent": respondent,
                        }
                    )
        lists = self.env["ib.observation.list"].create(list_vals)
        parent_items = items.filtered("in_parent_version")
        answer_vals = [
            {"list_id": lst.id, "item_id": item.id}
            for lst, vals in zip(lists, list_vals, strict=True)
            for item in (items if vals["respondent"] == "teacher" else parent_items)
        ]
        self.env["ib.observation.answer"].create(answer_vals)
        return lists

    def action_open_grid(self):
        """The grid: every pupil x every item of the teachers' lists of this
        round, answered inline."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ib_observation.ib_observation_answer_action_grid"
        )
        action["name"] = self.env._("Fill In: %s", self.name)
        action["domain"] = [
            ("round_id", "=", self.id),
            ("respondent", "=", "teacher"),
        ]
        # a teacher sees the pupils of their own groups only (record rules)
        action["context"] = {}
        return action

    def action_view_lists(self):
        self.ensure_one()
        return self.env["ir.actions.act_window"]._ib_action_linked(
            "ib_observation.ib_observation_list_action", "round_id", self
        )

    def action_view_scores(self):
        self.ensure_one()
        return self.env["ir.actions.act_window"]._ib_action_linked(
            "ib_observation.ib_observation_score_action", "round_id", self
        )
