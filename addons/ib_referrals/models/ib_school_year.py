from odoo import fields, models


class IbSchoolYear(models.Model):
    _inherit = "ib.school.year"

    ib_lwoo_pro_deadline = fields.Date(
        string="LWOO/PrO Submission Deadline",
        help="The date by which the regional partnership for secondary education "
        "(SWV VO) must have the LWOO and PrO applications of this school year: "
        "the deadline of new applications.",
    )
