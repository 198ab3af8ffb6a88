from odoo import api, models

from odoo.addons.ib_care_plans.models.ib_assessment_import_mapping import (
    ExtraImportColumn,
)
from odoo.addons.ib_care_plans.models.ib_assessment_import_service import RowError
from odoo.addons.ib_care_plans.models.import_values import cell_text, parse_number

DLE_MAX = 80
# the reference levels an LVS writes (lower case, spaces removed)
REFERENCE_LEVEL_WORDS = {
    "1f": "1f",
    "2f": "2f",
    "1s": "2f",
    "2f/1s": "2f",
    "niet": "below",
    "<1f": "below",
}


def parse_dle(env, value):
    """The DLE of a cell: a number of months from 0 to 80 (decimal comma or
    point), rounded to whole months as the field stores them."""
    number = parse_number(value)
    if number is None or not 0 <= number <= DLE_MAX:
        raise RowError(
            env._(
                "DLE %(value)s is not a number from 0 to %(max)s",
                value=cell_text(value),
                max=DLE_MAX,
            )
        )
    return {"ib_dle": int(number + 0.5)}


def parse_reference_level(env, value):
    """The reference level of a cell: 1F, 2F, 1S (stored as 2F/1S), niet or
    <1F (below 1F); case and spaces do not matter."""
    text = cell_text(value).lower().replace(" ", "")
    level = REFERENCE_LEVEL_WORDS.get(text)
    if not level:
        raise RowError(
            env._(
                "unknown reference level %s (use 1F, 2F, 1S, niet or <1F)",
                cell_text(value),
            )
        )
    return {"ib_reference_level": level}


class IbAssessmentImportService(models.AbstractModel):
    """The import also reads the DLE and the reference level of a result.

    A test with reference cut-offs (1F/2F scores) derives the reference level
    from the score, as for a result entered by hand: the file's reference level
    is then ignored."""

    _inherit = "ib.assessment.import.service"

    @api.model
    def _ib_extra_import_columns(self):
        columns = super()._ib_extra_import_columns()
        columns["ib_dle"] = ExtraImportColumn(
            label=self.env._("DLE"),
            names=("dle", "didactischeleeftijdsequivalent", "didacticageequivalent"),
            fields=("ib_dle",),
            parse=parse_dle,
        )
        columns["ib_reference_level"] = ExtraImportColumn(
            label=self.env._("Reference Level"),
            names=("referentieniveau", "refniveau", "referencelevel"),
            fields=("ib_reference_level",),
            parse=parse_reference_level,
        )
        return columns

    def _ib_lookups(self, companies, school_year, with_names=True):
        lookups = super()._ib_lookups(companies, school_year, with_names=with_names)
        tests = self.env["ib.assessment"].search_fetch(
            [
                ("company_id", "in", [*companies.ids, False]),
                "|",
                ("ib_ref_min_1f", ">", 0),
                ("ib_ref_min_2f", ">", 0),
            ],
            ["id"],
        )
        lookups["ib_ref_cutoff_tests"] = set(tests.ids)
        return lookups

    def _ib_row_extra_values(self, cell, test, lookups):
        vals = super()._ib_row_extra_values(cell, test, lookups)
        if test.id in lookups.get("ib_ref_cutoff_tests", ()):
            # the cut-offs give the reference level (see _compute_ib_reference_level)
            vals.pop("ib_reference_level", None)
        return vals
