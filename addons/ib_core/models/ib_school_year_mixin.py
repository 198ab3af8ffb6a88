from odoo import fields, models


class IbSchoolYearMixin(models.AbstractModel):
    """A record of one school for one school year, such as a coordinator's
    professional records or the quality scan of the care structure: the school
    defaults to the current one (see ib.school.mixin), the year to its current
    school year."""

    _name = "ib.school.year.mixin"
    _inherit = ["ib.school.mixin"]
    _description = "School Record of a School Year"

    school_year_id = fields.Many2one(
        "ib.school.year",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        default=lambda self: self.env["ib.school.year"]._get_current(),
    )
