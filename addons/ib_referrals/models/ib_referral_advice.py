from odoo import api, fields, models
from odoo.exceptions import ValidationError


class IbReferralAdvice(models.Model):
    """An expert advice recorded on a referral (a TLV needs the advices of two
    different experts, each with the advice document attached)."""

    _name = "ib.referral.advice"
    _description = "Expert Advice"
    _inherit = ["ib.referral.line.mixin"]
    _order = "date, id"
    # Privacy policy (see ib.care.mixin): care data, deleted with its chatter once
    # the care data period after leaving has passed; in the pupil file export.
    _ib_retention_class = "care"
    _ib_retention = "delete"
    _ib_file_export = True

    expert_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        domain="[('ib_expertise_ids', '!=', False)]",
        help="The expert (a contact with an expertise) who gave the advice.",
    )
    expertise_id = fields.Many2one(
        "ib.expertise",
        required=True,
        domain="[('id', 'in', expert_expertise_ids)]",
        help="The expertise of the expert this advice is given in.",
    )
    expert_expertise_ids = fields.Many2many(
        related="expert_id.ib_expertise_ids", string="Expertises of the Expert"
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    advice = fields.Text(required=True)
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "ib_referral_advice_attachment_rel",
        "advice_id",
        "attachment_id",
        string="Advice Document",
        help="The signed advice of the expert (a TLV is only decided with the "
        "advice documents attached).",
    )

    @api.onchange("expert_id")
    def _onchange_expert_id(self):
        if self.expertise_id not in self.expert_id.ib_expertise_ids:
            self.expertise_id = self.expert_id.ib_expertise_ids[:1]

    @api.constrains("expert_id", "expertise_id")
    def _check_expertise_of_expert(self):
        for advice in self:
            if advice.expertise_id not in advice.expert_id.ib_expertise_ids:
                raise ValidationError(
                    self.env._(
                        "%(expert)s is not recorded as %(expertise)s: add the "
                        "expertise to the contact first.",
                        expert=advice.expert_id.display_name,
                        expertise=advice.expertise_id.name,
                    )
                )

    def _ib_link_attachments(self):
        """The advice documents belong to their advice: they follow its access
        and its retention."""
        for advice in self:
            loose = advice.attachment_ids.filtered(
                lambda a, r=advice: a.res_model != r._name or a.res_id != r.id
            )
            if loose:
                loose.write({"res_model": advice._name, "res_id": advice.id})

    @api.model_create_multi
    def create(self, vals_list):
        advices = super().create(vals_list)
        advices._ib_link_attachments()
        return advices

    def write(self, vals):
        result = super().write(vals)
        if "attachment_ids" in vals:
            self._ib_link_attachments()
        return result
