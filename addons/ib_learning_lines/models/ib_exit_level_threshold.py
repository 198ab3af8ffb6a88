from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.ib_care_plans.models.ib_assessment import DOMAINS
from odoo.addons.ib_care_plans.models.ib_care_plan import EXIT_LEVELS

MEASURES = [
    ("score", "Ability score"),
    ("dle", "DLE"),
]
# The exit levels from low to high; VSO is no step on this ladder.
EXIT_LADDER = ("pro", "vmbo_bb", "vmbo_kb", "vmbo_gt", "havo", "vwo")


class IbExitLevelThreshold(models.Model):
    """A row of the school's table from the expected value at the end of group
    8 to an exit level: per domain and measure (ability score of a test, or
    DLE), the lowest value of the level. A value falls in the level of the
    highest minimum at or below it."""

    _name = "ib.exit.level.threshold"
    _inherit = ["ib.write.guard.mixin"]
    _description = "Exit Level Threshold"
    _order = "domain, measure, min_value, id"
    _check_company_auto = True

    domain = fields.Selection(DOMAINS, required=True, index=True)
    measure = fields.Selection(MEASURES, required=True, default="dle")
    assessment_id = fields.Many2one(
        "ib.assessment",
        string="Test",
        index="btree_not_null",
        ondelete="cascade",
        check_company=True,
        help="For ability scores: the test whose scale the minimum is on. Leave "
        "empty to use the row for every test of the domain.",
    )
    exit_level = fields.Selection(
        [(key, label) for key, label in EXIT_LEVELS if key in EXIT_LADDER],
        required=True,
    )
    min_value = fields.Float(
        string="From",
        required=True,
        help="The lowest score or DLE at the end of group 8 for this exit level.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        index=True,
        default=lambda self: self.env.company,
        help="Leave empty to share the row with all schools of the board.",
    )

    @api.constrains("measure", "assessment_id", "domain")
    def _check_assessment(self):
        for row in self:
            if row.assessment_id and row.measure != "score":
                raise ValidationError(
                    self.env._("Only a row of ability scores names a test.")
                )
            if row.assessment_id and row.assessment_id.domain != row.domain:
                raise ValidationError(
                    self.env._(
                        "The test %(test)s is not a test of the domain of this row.",
                        test=row.assessment_id.display_name,
                    )
                )

    @api.constrains("min_value", "exit_level", "domain", "measure", "company_id")
    def _check_ladder(self):
        """A higher exit level needs a higher minimum within one table."""
        for row in self:
            table = self.search(
                [
                    ("domain", "=", row.domain),
                    ("measure", "=", row.measure),
                    ("company_id", "=", row.company_id.id),
                    ("assessment_id", "=", row.assessment_id.id),
                ]
            )
            ordered = sorted(table, key=lambda r: EXIT_LADDER.index(r.exit_level))
            labels = dict(self._fields["exit_level"]._description_selection(self.env))
            for low, high in zip(ordered, ordered[1:], strict=False):
                if low.exit_level == high.exit_level:
                    raise ValidationError(
                        self.env._(
                            "The table has the exit level %s twice.",
                            labels[low.exit_level],
                        )
                    )
                if low.min_value >= high.min_value:
                    raise ValidationError(
                        self.env._(
                            "A higher exit level needs a higher minimum: "
                            "%(low)s starts at %(low_value)s, %(high)s at "
                            "%(high_value)s.",
                            low=labels[low.exit_level],
                            low_value=low.min_value,
                            high=labels[high.exit_level],
                            high_value=high.min_value,
                        )
                    )

    @api.model
    def _ib_table(self, company, domain, measure, assessment=None):
        """The rows that apply: the school's own table, else the board's; for
        scores the test's own rows before rows for every test. Returns
        [(minimum, exit level)]."""
        rows = self.search(
            [
                ("domain", "=", domain),
                ("measure", "=", measure),
                ("company_id", "in", [company.id, False]),
            ]
        )
        for owner in (company, self.env["res.company"]):
            for test in ((assessment,) if assessment else ()) + (
                self.env["ib.assessment"],
            ):
                table = rows.filtered(
                    lambda r, o=owner, t=test: (
                        r.company_id == o and r.assessment_id == t
                    )
                )
                if table:
                    return [(r.min_value, r.exit_level) for r in table]
        return []
