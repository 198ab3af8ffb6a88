from odoo import fields, models


class IbEdexmlGroupMember(models.Model):
    """A pupil in a combined group (samengestelde groep) of the administration;
    the pupil's own class stays their group (``ib.group.membership``)."""

    _name = "ib.edexml.group.member"
    _inherit = ["ib.write.guard.mixin"]
    _description = "Member of a Combined Group"
    _order = "group_id, pupil_id"
    # Privacy policy (see ib.care.mixin): enrolment data, deleted with the pupil
    # and printed in the pupil file export.
    _ib_retention_class = "enrolment"
    _ib_retention = "delete"
    _ib_file_export = True
    _check_company_auto = True

    group_id = fields.Many2one(
        "ib.group", required=True, index=True, ondelete="cascade", check_company=True
    )
    pupil_id = fields.Many2one(
        "ib.pupil", required=True, index=True, ondelete="cascade", check_company=True
    )
    company_id = fields.Many2one(
        related="pupil_id.company_id", store=True, index=True, string="School"
    )

    _group_pupil_uniq = models.Constraint(
        "UNIQUE(group_id, pupil_id)", "A pupil is in a combined group only once."
    )
