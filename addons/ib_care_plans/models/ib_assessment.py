from odoo import api, fields, models
from odoo.exceptions import ValidationError

PUBLISHERS = [
    ("cito", "Cito"),
    ("boom", "Boom"),
    ("iep", "IEP"),
    ("dia", "DIA"),
    ("own", "Own test"),
    ("other", "Other"),
]

DOMAINS = [
    ("technical_reading", "Technical reading"),
    ("reading_comprehension", "Reading comprehension"),
    ("spelling", "Spelling"),
    ("maths", "Maths"),
    ("vocabulary", "Vocabulary"),
    ("language", "Language"),
    ("social_emotional", "Social-emotional"),
    ("other", "Other"),
]

MOMENTS = [
    ("middle", "Middle of the year (M)"),
    ("end", "End of the year (E)"),
    ("other", "Other date"),
]
MOMENT_CODES = {"middle": "M", "end": "E", "other": ""}

SCALES = [
    ("roman", "I to V"),
    ("letter", "A to E"),
]
# Level 1 is the highest band (I or A), level 5 the lowest (V or E).
LEVEL_LABELS = {
    "roman": ("I", "II", "III", "IV", "V"),
    "letter": ("A", "B", "C", "D", "E"),
}
LOWEST_LEVEL = 5
# When a test has no cut-offs for a grade and moment, the percentile gives the
# level: the publishers' usual bands (I-V in fifths; A-E 25/25/25/15/10 %).
PERCENTILE_CUTOFFS = {
    "roman": (80, 60, 40, 20),
    "letter": (75, 50, 25, 10),
}


def level_from_cutoffs(value, cutoffs):
    """The level (1 = highest band) of ``value`` given the minimum value of
    levels 1 to 4 (descending); below the last cut-off is level 5."""
    for index, minimum in enumerate(cutoffs, start=1):
        if value >= minimum:
            return index
    return len(cutoffs) + 1


def level_label(level, scale):
    if not level or not 1 <= level <= LOWEST_LEVEL:
        return False
    return LEVEL_LABELS.get(scale or "roman", LEVEL_LABELS["roman"])[level - 1]


def parse_level(text):
    """A level written as I-V, A-E or 1-5 (as LVS exports do), else None."""
    value = str(text or "").strip().upper().rstrip("+-").strip()
    if not value:
        return None
    for labels in LEVEL_LABELS.values():
        if value in labels:
            return labels.index(value) + 1
    if value.isdigit() and 1 <= int(value) <= LOWEST_LEVEL:
        return int(value)
    return None


class IbAssessment(models.Model):
    _name = "ib.assessment"
    _inherit = ["ib.write.guard.mixin"]
    _description = "Test"
    _order = "sequence, name, id"
    _check_company_auto = True
    _rec_names_search = ["name", "code"]

    name = fields.Char(required=True)
    code = fields.Char(
        help="Short name used by the pupil tracking system (LVS) in its exports, "
        "e.g. RW or DMT; the import matches the test on code or name.",
    )
    sequence = fields.Integer(default=10)
    publisher = fields.Selection(
        PUBLISHERS, string="Publisher/Method", required=True, default="cito"
    )
    domain = fields.Selection(DOMAINS, required=True, index=True)
    grade_ids = fields.Many2many("ib.grade", string="Grades")
    at_middle = fields.Boolean(string="Middle of the Year", default=True)
    at_end = fields.Boolean(string="End of the Year", default=True)
    at_other = fields.Boolean(
        string="On Another Date", help="Taken on a date of its own, e.g. a screening."
    )
    score_type = fields.Selection(
        [("ability", "Ability score"), ("raw", "Raw score")],
        string="Score",
        required=True,
        default="ability",
        help="An ability score (vaardigheidsscore) grows over the years on one "
        "scale; a raw score counts correct answers.",
    )
    score_min = fields.Float(string="Lowest Score", help="Lower scores are refused.")
    score_max = fields.Float(string="Highest Score", help="Higher scores are refused.")
    level_scale = fields.Selection(
        SCALES, string="Levels", required=True, default="roman"
    )
    norm_ids = fields.One2many("ib.assessment.norm", "assessment_id", string="Cut-offs")
    share_with_parents = fields.Boolean(
        help="Parents see the results of this test of their child in the portal.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        index=True,
        default=lambda self: self.env.company,
        help="Leave empty to offer the test to all schools of the board.",
    )
    result_count = fields.Integer(compute="_compute_result_count", string="Results")
    active = fields.Boolean(default=True)

    _code_company_uniq = models.Constraint(
        "UNIQUE(code, company_id)", "Another test of this school has this code."
    )

    @api.constrains("score_min", "score_max")
    def _check_score_range(self):
        for assessment in self:
            if (assessment.score_min or assessment.score_max) and (
                assessment.score_min >= assessment.score_max
            ):
                raise ValidationError(
                    self.env._(
                        "The lowest score of %s must be below its highest score.",
                        assessment.name,
                    )
                )

    def _compute_result_count(self):
        counts = self._ib_count_linked("ib.assessment.result", "assessment_id")
        for assessment in self:
            assessment.result_count = counts.get(assessment.id, 0)

    def write(self, vals):
        res = super().write(vals)
        if "domain" in vals:
            # The change since the previous moment is followed per domain. All
            # results of the test, also of schools this user does not see (a
            # board's shared test): derived data, nothing is returned to the user.
            results = (
                self.env["ib.assessment.result"]
                .sudo()
                .search([("assessment_id", "in", self.ids)])
            )
            results._ib_refresh_sequence()
        return res

    def _ib_score_in_range(self, score):
        self.ensure_one()
        if not (self.score_min or self.score_max):
            return True
        return self.score_min <= score <= self.score_max

    def action_view_results(self):
        self.ensure_one()
        return self.env["ir.actions.act_window"]._ib_action_linked(
            "ib_care_plans.ib_assessment_result_action", "assessment_id", self
        )
