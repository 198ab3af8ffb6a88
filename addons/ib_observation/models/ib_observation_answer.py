from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class IbObservationAnswer(models.Model):
    """The answer to one item in one pupil's observation list: one row of the
    teacher's grid (all pupils of the group x all items, answered inline)."""

    _name = "ib.observation.answer"
    _description = "Observation Answer"
    _inherit = ["ib.care.mixin"]
    _order = "round_id desc, group_id, pupil_id, list_id, item_sequence, id"
    _rec_name = "item_id"
    # Privacy policy (see ib.care.mixin): care data of the list, deleted with it
    # once the care data period has passed; in the pupil file export.
    _ib_retention_class = "care"
    _ib_retention = "delete"
    _ib_file_export = True

    list_id = fields.Many2one(
        "ib.observation.list",
        string="Observation List",
        required=True,
        index=True,
        ondelete="cascade",
    )
    pupil_id = fields.Many2one(
        related="list_id.pupil_id", store=True, readonly=True, precompute=True
    )
    round_id = fields.Many2one(
        related="list_id.round_id", store=True, index=True, string="Round"
    )
    group_id = fields.Many2one(
        related="list_id.group_id", store=True, index=True, string="Group"
    )
    respondent = fields.Selection(related="list_id.respondent", store=True)
    list_state = fields.Selection(related="list_id.state", string="List Status")
    instrument_id = fields.Many2one(
        related="list_id.instrument_id", store=True, string="Instrument"
    )
    item_id = fields.Many2one(
        "ib.observation.item",
        required=True,
        index=True,
        ondelete="restrict",
    )
    item_sequence = fields.Integer(related="item_id.sequence", store=True)
    scale_id = fields.Many2one(
        related="item_id.scale_id", store=True, index=True, string="Scale"
    )
    option_id = fields.Many2one(
        "ib.observation.option",
        string="Answer",
        index=True,
        ondelete="restrict",
        domain="[('instrument_id', '=', instrument_id)]",
    )
    value = fields.Float(related="option_id.value", store=True, string="Score Value")

    _ib_list_item_uniq = models.UniqueIndex(
        "(list_id, item_id)", "This item is already in the list."
    )

    @api.constrains("item_id", "option_id", "list_id")
    def _check_option(self):
        for answer in self:
            instrument = answer.list_id.instrument_id
            if answer.item_id.instrument_id != instrument:
                raise ValidationError(
                    self.env._(
                        'The item "%(item)s" is not an item of %(instrument)s.',
                        item=answer.item_id.name,
                        instrument=instrument.name,
                    )
                )
            if answer.option_id and answer.option_id.instrument_id != instrument:
                raise ValidationError(
                    self.env._(
                        '"%(option)s" is not an answer option of the item "%(item)s".',
                        option=answer.option_id.name,
                        item=answer.item_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        answers = super().create(vals_list)
        # a new list gets its items unanswered; an answer given is checked
        answers.filtered("option_id")._ib_check_editable()
        return answers

    def write(self, vals):
        if not self.env.su:
            if {"list_id", "item_id"} & set(vals):
                raise UserError(
                    self.env._("The list and item of an answer cannot change.")
                )
            self._ib_check_editable()
        return super().write(vals)

    def _ib_check_editable(self):
        """Answers are given while the list is to be filled in and its round is
        open; a parents' list is the parents' (written in the portal)."""
        if self.env.su:
            return
        for lst in self.list_id:
            if lst.respondent == "parent":
                raise UserError(
                    self.env._("The parents' lists are filled in by the parents.")
                )
            if lst.state != "draft" or lst.round_id.state != "open":
                raise UserError(
                    self.env._(
                        "The list of %s is done or its round is not open: "
                        "open it again to change an answer.",
                        lst.pupil_id.name,
                    )
                )
