from odoo import api, fields, models

REFERENCE_LEVELS = [
    ("below", "Below 1F"),
    ("1f", "1F"),
    ("2f", "2F / 1S"),
]


def reference_level_of(score, min_1f, min_2f):
    """The reference level a score reaches with the cut-offs of its test;
    False when the test has no cut-offs or there is no score."""
    if not (min_1f or min_2f) or not score:
        return False
    if min_2f and score >= min_2f:
        return "2f"
    if min_1f and score >= min_1f:
        return "1f"
    return "below"


class IbAssessmentResult(models.Model):
    _inherit = "ib.assessment.result"

    ib_dle = fields.Integer(
        string="DLE",
        aggregator="avg",
        help="Didactic age equivalent (didactische leeftijdsequivalent), where the "
        "test gives one: the months of education whose average pupil scores this.",
    )
    ib_reference_level = fields.Selection(
        REFERENCE_LEVELS,
        string="Reference Level",
        compute="_compute_ib_reference_level",
        store=True,
        readonly=False,
        help="The reference level reached in a final test of group 8: from the "
        "test's reference cut-offs, or as the export or the user gives it.",
    )

    @api.depends("score", "assessment_id.ib_ref_min_1f", "assessment_id.ib_ref_min_2f")
    def _compute_ib_reference_level(self):
        for result in self:
            test = result.assessment_id
            level = reference_level_of(
                result.score, test.ib_ref_min_1f, test.ib_ref_min_2f
            )
            if level:
                result.ib_reference_level = level
            elif not result.ib_reference_level:
                # given by the export or the user: keep it
                result.ib_reference_level = False

    @api.model
    def _ib_computed_values(self, vals_list):
        """The reference level of the new results of an import, derived from
        the test's cut-offs as ``_compute_ib_reference_level`` does (the batch
        insert does not run the compute): where the test has cut-offs the
        derived level wins over one given in the file."""
        rows = super()._ib_computed_values(vals_list)
        tests = (
            self.env["ib.assessment"]
            .sudo()
            .with_context(active_test=False)
            .browse({row["assessment_id"] for row in rows})
        )
        tests.fetch(["ib_ref_min_1f", "ib_ref_min_2f"])
        cutoffs = {t.id: (t.ib_ref_min_1f, t.ib_ref_min_2f) for t in tests}
        for row in rows:
            level = reference_level_of(row.get("score"), *cutoffs[row["assessment_id"]])
            if level:
                row["ib_reference_level"] = level
        return rows
