from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain


class IbSchoolYear(models.Model):
    _name = "ib.school.year"
    _inherit = ["ib.school.mixin", "ib.write.guard.mixin"]
    _description = "School Year"
    _order = "date_start desc, id desc"

    name = fields.Char(
        compute="_compute_name",
        store=True,
        readonly=False,
        help="Derived from the dates, e.g. 2026-2027.",
    )
    date_start = fields.Date(string="Start Date", required=True, index=True)
    date_end = fields.Date(string="End Date", required=True, index=True)
    is_current = fields.Boolean(
        string="Current",
        compute="_compute_is_current",
        store=True,
        index=True,
        help="The school year that contains today's date; refreshed daily.",
    )
    group_ids = fields.One2many("ib.group", "school_year_id", string="Groups")
    group_count = fields.Integer(compute="_compute_group_count")
    active = fields.Boolean(default=True)

    _name_company_uniq = models.Constraint(
        "UNIQUE(name, company_id)",
        "A school year with this name already exists for this school.",
    )
    _dates_order = models.Constraint(
        "CHECK(date_end > date_start)",
        "A school year must end after it starts.",
    )

    @api.depends("date_start", "date_end")
    def _compute_name(self):
        for year in self:
            if year.date_start and year.date_end:
                year.name = f"{year.date_start.year}-{year.date_end.year}"
            elif not year.name:
                year.name = False

    @api.depends("date_start", "date_end")
    def _compute_is_current(self):
        today = fields.Date.context_today(self)
        for year in self:
            year.is_current = bool(
                year.date_start
                and year.date_end
                and year.date_start <= today <= year.date_end
            )

    def _compute_group_count(self):
        counts = self._ib_count_linked("ib.group", "school_year_id")
        for year in self:
            year.group_count = counts.get(year.id, 0)

    @api.constrains("date_start", "date_end", "company_id", "active")
    def _check_no_overlap(self):
        for year in self.filtered(lambda y: y.active and y.date_start and y.date_end):
            domain = Domain(
                [
                    ("id", "!=", year.id),
                    ("company_id", "=", year.company_id.id),
                    ("date_start", "<=", year.date_end),
                    ("date_end", ">=", year.date_start),
                ]
            )
            other = self.search(domain, limit=1)
            if other:
                raise ValidationError(
                    self.env._(
                        "School year %(year)s overlaps with school year %(other)s of "
                        "%(school)s: school years of one school may not overlap.",
                        year=year.name,
                        other=other.name,
                        school=year.company_id.name,
                    )
                )

    @api.model
    def _get_current(self, company=None):
        """The current school year of a school (the active company by default)."""
        company = company or self.env.company
        return self.search(
            [("company_id", "=", company.id), ("is_current", "=", True)], limit=1
        )

    @api.model
    def _cron_refresh_current(self):
        """Move the 'current' flag when the calendar passes a school year boundary."""
        today = fields.Date.context_today(self)
        stale = self.search(
            [
                "|",
                "&",
                ("is_current", "=", True),
                "|",
                ("date_start", ">", today),
                ("date_end", "<", today),
                "&",
                "&",
                ("is_current", "=", False),
                ("date_start", "<=", today),
                ("date_end", ">=", today),
            ]
        )
        if stale:
            # Mark the dates as modified so the flag and everything stored on top of
            # it (current groups of pupils, hence teachers' access) is recomputed.
            stale.modified(["date_start", "date_end"])
            self.env.flush_all()
        return stale

    def action_view_groups(self):
        self.ensure_one()
        return self.env["ir.actions.act_window"]._ib_action_linked(
            "ib_core.ib_group_action", "school_year_id", self
        )
