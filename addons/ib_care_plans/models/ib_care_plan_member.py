from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .ib_care_plan import SUBGROUPS


class IbCarePlanMember(models.Model):
    """A pupil in a sub-group of a group plan. Removed with the pupil (retention)."""

    _name = "ib.care.plan.member"
    _description = "Group Plan Sub-group Member"
    _inherit = ["ib.care.plan.line.mixin"]
    _order = "plan_id, subgroup, id"

    pupil_id = fields.Many2one(
        "ib.pupil", required=True, index=True, ondelete="cascade", check_company=True
    )
    subgroup = fields.Selection(
        SUBGROUPS, string="Sub-group", required=True, default="basic"
    )
    note = fields.Char()

    _pupil_uniq = models.Constraint(
        "UNIQUE(plan_id, pupil_id)", "A pupil is in one sub-group of a group plan."
    )

    @api.constrains("pupil_id", "plan_id")
    def _check_pupil_group(self):
        for member in self:
            if member.plan_id.kind != "group":
                raise ValidationError(
                    self.env._("Only a group plan divides pupils in sub-groups.")
                )
