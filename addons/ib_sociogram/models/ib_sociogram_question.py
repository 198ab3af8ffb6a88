from odoo import api, fields, models
from odoo.exceptions import ValidationError

KINDS = [("positive", "Positive"), ("negative", "Negative (sensitive)")]


class IbSociogramQuestion(models.Model):
    """A question of a sociogram: positive ("Who would you like to sit next
    to?") or, when the sociogram asks it, the sensitive negative question."""

    _name = "ib.sociogram.question"
    _description = "Sociogram Question"
    _inherit = ["ib.write.guard.mixin"]
    _order = "sociogram_id, sequence, id"
    _check_company_auto = True

    sociogram_id = fields.Many2one(
        "ib.sociogram", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="sociogram_id.company_id", store=True, index=True, string="School"
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Question", required=True)
    kind = fields.Selection(KINDS, required=True, default="positive")
    is_sensitive = fields.Boolean(
        string="Sensitive",
        compute="_compute_is_sensitive",
        help="A negative question names children their classmates reject.",
    )
    choice_ids = fields.One2many("ib.sociogram.choice", "question_id", string="Choices")

    @api.depends("kind")
    def _compute_is_sensitive(self):
        for question in self:
            question.is_sensitive = question.kind == "negative"

    @api.constrains("kind", "sociogram_id")
    def _check_negative_asked(self):
        for question in self:
            if question.kind == "negative" and not (
                question.sociogram_id.use_negative_question
            ):
                raise ValidationError(
                    self.env._(
                        "Question %(question)s is negative, but sociogram "
                        "%(sociogram)s does not ask a negative question. Turn on "
                        "'Ask a Negative Question' first.",
                        question=question.name,
                        sociogram=question.sociogram_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        sociograms = self.env["ib.sociogram"].browse(
            {vals["sociogram_id"] for vals in vals_list if vals.get("sociogram_id")}
        )
        sociograms._ib_check_draft()
        return super().create(vals_list)

    def write(self, vals):
        self.sociogram_id._ib_check_draft()
        result = super().write(vals)
        if "sociogram_id" in vals:
            self.sociogram_id._ib_check_draft()
        if "kind" in vals:
            self.sociogram_id._ib_compute_results()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        self.sociogram_id._ib_check_draft()
