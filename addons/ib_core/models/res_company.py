import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# A BRIN number is two digits and two letters/digits (e.g. 12AB); a location of a
# school may add a two-digit suffix (12AB00).
BRIN_PATTERN = re.compile(r"^\d{2}[A-Z0-9]{2}(\d{2})?$")


class ResCompany(models.Model):
    _inherit = "res.company"

    ib_brin_code = fields.Char(
        string="BRIN Code",
        size=6,
        help="The school's BRIN number from DUO, e.g. 12AB (or 12AB00 for a location).",
    )
    ib_swv_partner_id = fields.Many2one(
        "res.partner",
        string="Regional Partnership (SWV)",
        help="The samenwerkingsverband Passend Onderwijs the school belongs to.",
    )
    ib_retention_years = fields.Integer(
        string="Retention Period (years)",
        default=2,
        help="How many years after a pupil leaves the school the pupil file is kept.",
    )
    ib_retention_years_special = fields.Integer(
        string="Retention Period Special Education (years)",
        default=3,
        help="Retention period for the file of a pupil who left for special "
        "(primary) education.",
    )
    ib_retention_years_enrolment = fields.Integer(
        string="Retention Period Enrolment Data (years)",
        default=5,
        help="Retention period for enrolment and leaving data.",
    )
    ib_support_level_ids = fields.One2many(
        "ib.support.level", "company_id", string="Support Levels"
    )

    _ib_brin_code_uniq = models.UniqueIndex(
        "(ib_brin_code) WHERE ib_brin_code IS NOT NULL",
        "This BRIN code is already used by another school.",
    )

    @api.model
    def _ib_normalize_brin(self, code):
        return (code or "").replace(" ", "").upper() or False

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("ib_brin_code"):
                vals["ib_brin_code"] = self._ib_normalize_brin(vals["ib_brin_code"])
        companies = super().create(vals_list)
        companies._ib_ensure_support_levels()
        return companies

    def write(self, vals):
        if vals.get("ib_brin_code"):
            vals["ib_brin_code"] = self._ib_normalize_brin(vals["ib_brin_code"])
        return super().write(vals)

    @api.constrains("ib_brin_code")
    def _check_ib_brin_code(self):
        for company in self.filtered("ib_brin_code"):
            if not BRIN_PATTERN.match(company.ib_brin_code):
                raise ValidationError(
                    self.env._(
                        "The BRIN code %(code)s of %(school)s is not valid: it has "
                        "two digits followed by two letters or digits, e.g. 12AB "
                        "(optionally with a two-digit location number, e.g. 12AB00).",
                        code=company.ib_brin_code,
                        school=company.name,
                    )
                )

    @api.constrains(
        "ib_retention_years",
        "ib_retention_years_special",
        "ib_retention_years_enrolment",
    )
    def _check_ib_retention_years(self):
        for company in self:
            years = (
                company.ib_retention_years,
                company.ib_retention_years_special,
                company.ib_retention_years_enrolment,
            )
            if any(y < 1 or y > 100 for y in years):
                raise ValidationError(
                    self.env._(
                        "A retention period must be between 1 and 100 years (%s).",
                        company.name,
                    )
                )

    def _ib_ensure_support_levels(self):
        """Create the five standard support levels for schools that have none."""
        # Default configuration, created for whoever sets up a school (often a
        # system administrator without a pupil-care role): not care data.
        levels = self.env["ib.support.level"].sudo()
        existing = set(
            levels.search([("company_id", "in", self.ids)]).company_id.ids
        )
        vals_list = []
        for company in self.filtered(lambda c: c.id not in existing):
            vals_list += levels._default_levels_vals(company)
        if vals_list:
            levels.create(vals_list)
