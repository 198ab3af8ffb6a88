from odoo import api, fields, models
from odoo.exceptions import ValidationError


class IbIntake(models.Model):
    _inherit = "ib.intake"

    support_profile_part_id = fields.Many2one(
        "ib.support.profile.part",
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
        copy=False,
        tracking=True,
        domain="[('company_id', '=', company_id), ('profile_state', '=', 'published')]",
        help="The part of the school's published support profile (SOP) the "
        "decision rests on: the support the school offers, or its limits.",
    )

    @api.constrains("support_profile_part_id")
    def _check_support_profile_part(self):
        for intake in self.filtered("support_profile_part_id"):
            part = intake.support_profile_part_id
            if part.company_id != intake.company_id:
                raise ValidationError(
                    self.env._(
                        "The support profile part %(part)s is of another school "
                        "than the registration of %(child)s.",
                        part=part.display_name,
                        child=intake.name,
                    )
                )
            if part.profile_state != "published":
                raise ValidationError(
                    self.env._(
                        "Link the registration of %(child)s to a part of the "
                        "school's published support profile, not of a draft or "
                        "archived version (%(part)s).",
                        part=part.display_name,
                        child=intake.name,
                    )
                )
