from collections import Counter

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
    pupil_id = fields.Many2one(string="Pupil", help="The pupil who chooses.")
    chosen_id = fields.Many2one(
        "ib.pupil",
        string="Chosen Classmate",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    rank = fields.Integer(
        required=True,
        default=1,
        help="1 for the classmate named first, 2 for the second, ...",
    )

    _choice_uniq = models.Constraint(
        "UNIQUE(question_id, pupil_id, chosen_id)",
        "A pupil names the same classmate only once per question.",
    )
    _rank_uniq = models.Constraint(
        "UNIQUE(question_id, pupil_id, rank)",
        "A pupil has only one choice of each rank per question.",
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
            if not 1 <= choice.rank <= sociogram.max_choices:
                raise ValidationError(
                    self.env._(
                        "The rank of a choice must be between 1 and %(max)s (the "
                        "choices per question of this sociogram), not %(rank)s.",
                        max=sociogram.max_choices,
                        rank=choice.rank,
                    )
                )
        # at most max_choices per pupil and question: one query for all
        counts = Counter(
            {
                (question.id, pupil.id): count
                for question, pupil, count in self._read_group(
                    [
                        ("question_id", "in", self.question_id.ids),
                        ("pupil_id", "in", self.pupil_id.ids),
                    ],
                    ["question_id", "pupil_id"],
                    ["__count"],
                )
            }
        )
        for choice in self:
            count = counts[choice.question_id.id, choice.pupil_id.id]
            if count > choice.sociogram_id.max_choices:
                raise ValidationError(
                    self.env._(
                        "%(pupil)s names %(count)s classmates for question "
                        "%(question)s: at most %(max)s are allowed.",
                        pupil=choice.pupil_id.name,
                        count=count,
                        question=choice.question_id.name,
                        max=choice.sociogram_id.max_choices,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self.env["ib.sociogram"].browse(
            {vals["sociogram_id"] for vals in vals_list if vals.get("sociogram_id")}
        )._ib_check_draft()
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
