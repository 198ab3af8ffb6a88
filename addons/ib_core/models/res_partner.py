from odoo import fields, models


class ResPartner(models.Model):
    """Parents' contact details are care data: a teacher sees the parents of the
    pupils of their own groups, a coordinator or director those of their schools
    (record rules in security/res_partner_security.xml). Other contacts, and
    users without a care role, are not affected."""

    _inherit = "res.partner"

    ib_guardian_ids = fields.One2many(
        "ib.pupil.guardian",
        "partner_id",
        string="Guardian Of",
        groups="ib_core.group_ib_teacher",
        copy=False,
    )
