from odoo import api, fields, models


class IbProtocolYearMixin(models.AbstractModel):
    """A protocol record reported per school year: the school year is the one
    of the pupil's school that holds the record's date (``_ib_year_date_field``)."""

    _name = "ib.protocol.year.mixin"
    _description = "Protocol Record of a School Year"
    _ib_year_date_field = "date"

    school_year_id = fields.Many2one(
        "ib.school.year",
        compute="_compute_school_year_id",
        store=True,
        index=True,
        readonly=True,
    )

    @api.depends(lambda self: [self._ib_year_date_field, "company_id"])
    def _compute_school_year_id(self):
        date_field = self._ib_year_date_field
        # One search for the school years of all records' schools.
        years = self.env["ib.school.year"].search_fetch(
            [("company_id", "in", self.company_id.ids)],
            ["company_id", "date_start", "date_end"],
        )
        for record in self:
            day = record[date_field]
            record.school_year_id = next(
                (
                    year.id
                    for year in years
                    if day
                    and year.company_id == record.company_id
                    and year.date_start <= day <= year.date_end
                ),
                False,
            )
