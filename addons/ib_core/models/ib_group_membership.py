from odoo import api, fields, models
from odoo.exceptions import ValidationError


class IbGroupMembership(models.Model):
    _name = "ib.group.membership"
    _inherit = ["ib.write.guard.mixin"]
    _description = "Group Membership"
    _order = "date_start desc, id desc"
    # Privacy policy (see ib.care.mixin): enrolment data, kept until the file
    # deletion date and deleted with the pupil; printed in the pupil file export.
    _ib_retention_class = "enrolment"
    _ib_retention = "delete"
    _ib_file_export = True
    # The school check is _check_same_school (the membership's school is its
    # pupil's): the ORM's automatic check would repeat it record by record with
    # a domain per field, most of the time of placing a whole school in its
    # classes (the EDEXML import). The fields keep check_company for the forms.
    _check_company_auto = False

    pupil_id = fields.Many2one(
        "ib.pupil",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    group_id = fields.Many2one(
        "ib.group",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    school_year_id = fields.Many2one(
        related="group_id.school_year_id", store=True, index=True
    )
    is_current = fields.Boolean(
        related="group_id.school_year_id.is_current", store=True, string="Current"
    )
    date_start = fields.Date(related="school_year_id.date_start", store=True)
    company_id = fields.Many2one(
        related="pupil_id.company_id", store=True, index=True, string="School"
    )

    _pupil_year_uniq = models.Constraint(
        "UNIQUE(pupil_id, school_year_id)",
        "A pupil can be in only one group per school year.",
    )

    @api.constrains("pupil_id", "group_id")
    def _check_same_school(self):
        for membership in self:
            if membership.pupil_id.company_id != membership.group_id.company_id:
                raise ValidationError(
                    self.env._(
                        "%(pupil)s cannot be placed in group %(group)s: the group "
                        "belongs to another school.",
                        pupil=membership.pupil_id.name,
                        group=membership.group_id.name,
                    )
                )
