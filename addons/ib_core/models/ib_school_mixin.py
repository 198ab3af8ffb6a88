from odoo import fields, models


class IbSchoolMixin(models.AbstractModel):
    """A record of one school (``company_id``, required): new records belong to
    the school the user works in now, and the records they link to must belong
    to the same school."""

    _name = "ib.school.mixin"
    _description = "School Record"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
