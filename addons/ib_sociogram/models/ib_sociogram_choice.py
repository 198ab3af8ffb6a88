from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class IbSociogramChoice(models.Model):
    """One nomination: on one question of a sociogram, a pupil (the chooser)
    names a classmate of the same group, with the rank of the choice (1 = named
    first). The teacher enters them; every change computes the sociogram
    again."""

    _name = "ib.sociogram.choice"
    _description = "Sociogram Choice"
    _inherit = ["ib.care.mixin"]
    _order = "sociogram_id, question_id, pupil_id, rank, id"
    # Privacy policy (see ib.care.mixin): social data about the chooser, deleted
    # with the other care data once the care data period after leaving has
    # passed. Not in the pupil file export: each choice names another child
    # (the chosen classmate), whose data it is as much as the chooser's; the
    # pupil's own result (ib.sociogram.pupil) is in the export.
    _ib_retention_class = "care"
    _ib_retention = "delete"
    _ib_file_export = False

    sociogram_id = fields.Many2one(
        "ib.sociogram", required=True, index=True, ondelete="cascade"
    )
    question_id = fields.Many2one(
        "ib.sociogram.question",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('sociogram_id', '=', sociogram_id)]",
    )
    question_kind = fields.Selection(related="question_id.kind", string="Kind")
    pupil_id = fields.Many2one(help="The pupil who chooses.")
    chosen_id = fields.Many2one(
        "ib.pupil",
        string="Chosen Classmate",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    rank = fields.Integer(
        help="1 for the classmate named first, 2 for the second, ... Left empty, "
        "the choice gets the next rank of the pupil for the question.",
    )

    @api.constrains("sociogram_id", "question_id", "pupil_id", "chosen_id", "rank")
    def _check_choice(self):
        for choice in self:
            sociogram = choice.sociogram_id
            members = sociogram.group_id.membership_ids.pupil_id
            if choice.question_id.sociogram_id != sociogram:
                raise ValidationError(
                    self.env._(
                        "Question %(question)s belongs to another sociogram.",
                        question=choice.question_id.name,
                    )
                )
            if choice.pupil_id == choice.chosen_id:
                raise ValidationError(
                    self.env._(
                        "%(pupil)s cannot choose themself: choose a classmate.",
                        pupil=choice.pupil_id.name,
                    )
                )
            for pupil in choice.pupil_id | choice.chosen_id:
                if pupil not in members:
                    raise ValidationError(
                        self.env._(
                            "%(pupil)s is not in group %(group)s: a sociogram "
                            "only has choices between classmates of its group.",
                            pupil=pupil.name,
                            group=sociogram.group_id.name,
                        )
                    )
        # per pupil and question: at most max_choices, each classmate and each
        # rank once (one query for all the choices written)
        siblings = self.search_fetch(
            [
                ("question_id", "in", self.question_id.ids),
                ("pupil_id", "in", self.pupil_id.ids),
            ],
            ["question_id", "pupil_id", "chosen_id", "rank"],
        )
        by_key = defaultdict(lambda: self.browse())
        for sibling in siblings:
            by_key[sibling.question_id, sibling.pupil_id] |= sibling
        for choice in self:
            same = by_key[choice.question_id, choice.pupil_id]
            values = {
                "pupil": choice.pupil_id.name,
                "question": choice.question_id.name,
                "max": choice.sociogram_id.max_choices,
            }
            if len(same) > choice.sociogram_id.max_choices:
                raise ValidationError(
                    self.env._(
                        "%(pupil)s names %(count)s classmates for question "
                        "%(question)s: at most %(max)s are allowed.",
                        count=len(same),
                        **values,
                    )
                )
            if len(same.chosen_id) < len(same):
                raise ValidationError(
                    self.env._(
                        "%(pupil)s names %(chosen)s more than once for question "
                        "%(question)s.",
                        chosen=choice.chosen_id.name,
                        **values,
                    )
                )
            if not 1 <= choice.rank <= choice.sociogram_id.max_choices:
                raise ValidationError(
                    self.env._(
                        "The rank of a choice must be between 1 and %(max)s (the "
                        "choices per question of this sociogram), not %(rank)s.",
                        max=choice.sociogram_id.max_choices,
                        rank=choice.rank,
                    )
                )
            if len(set(same.mapped("rank"))) < len(same):
                raise ValidationError(
                    self.env._(
                        "%(pupil)s has two choices of rank %(rank)s for question "
                        "%(question)s: give each choice its own rank.",
                        rank=choice.rank,
                        **values,
                    )
                )

    @api.model
    def _ib_fill_ranks(self, vals_list):
        """A choice entered without a rank gets the next rank of its pupil
        for its question (after their existing choices and the ones before it
        in ``vals_list``)."""
        todo = [
            vals
            for vals in vals_list
            if not vals.get("rank") and vals.get("question_id") and vals.get("pupil_id")
        ]
        if not todo:
            return
        taken = defaultdict(int)
        for question, pupil, rank in self._read_group(
            [
                ("question_id", "in", [vals["question_id"] for vals in todo]),
                ("pupil_id", "in", [vals["pupil_id"] for vals in todo]),
            ],
            ["question_id", "pupil_id"],
            ["rank:max"],
        ):
            taken[question.id, pupil.id] = rank or 0
        for vals in vals_list:
            key = (vals.get("question_id"), vals.get("pupil_id"))
            if vals.get("rank"):
                taken[key] = max(taken[key], vals["rank"])
            elif all(key):
                taken[key] += 1
                vals["rank"] = taken[key]

    @api.model_create_multi
    def create(self, vals_list):
        self.env["ib.sociogram"].browse(
            {vals["sociogram_id"] for vals in vals_list if vals.get("sociogram_id")}
        )._ib_check_draft()
        self._ib_fill_ranks(vals_list)
        choices = super().create(vals_list)
        choices.sociogram_id._ib_compute_results()
        return choices

    def write(self, vals):
        before = self.sociogram_id
        before._ib_check_draft()
        result = super().write(vals)
        after = self.sociogram_id
        (after - before)._ib_check_draft()
        (before | after)._ib_compute_results()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_daily_use(self):
        # Replaces ib.care.mixin's refusal: a choice entered wrongly is removed
        # while its sociogram is a draft (the teacher corrects the entry); the
        # choices of a done sociogram stay until the retention job (superuser)
        # removes them.
        if self.env.su:
            return
        if self.sociogram_id.filtered(lambda s: s.state != "draft"):
            raise UserError(
                self.env._(
                    "The choices of a done sociogram cannot be deleted: set it "
                    "back to draft first."
                )
            )

    def unlink(self):
        sociograms = self.sociogram_id
        result = super().unlink()
        sociograms.exists()._ib_compute_results()
        return result
