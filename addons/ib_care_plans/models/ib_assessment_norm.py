from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

from .ib_assessment import MOMENTS, level_from_cutoffs


class IbAssessmentNorm(models.Model):
    """The band cut-offs of a test for one grade and moment: the lowest score of
    levels I to IV (A to D); a lower score is level V (E)."""

    _name = "ib.assessment.norm"
    _inherit = ["ib.write.guard.mixin"]
    _description = "Test Level Cut-offs"
    _order = "assessment_id, grade_id, moment"

    assessment_id = fields.Many2one(
        "ib.assessment", string="Test", required=True, index=True, ondelete="cascade"
    )
    grade_id = fields.Many2one("ib.grade", required=True)
    moment = fields.Selection(MOMENTS, required=True, default="middle")
    min_level_1 = fields.Float(string="I / A from", required=True)
    min_level_2 = fields.Float(string="II / B from", required=True)
    min_level_3 = fields.Float(string="III / C from", required=True)
    min_level_4 = fields.Float(string="IV / D from", required=True)
    company_id = fields.Many2one(
        related="assessment_id.company_id", store=True, index=True, string="School"
    )

    _assessment_grade_moment_uniq = models.Constraint(
        "UNIQUE(assessment_id, grade_id, moment)",
        "A test has one set of cut-offs per grade and moment.",
    )

    @api.constrains("min_level_1", "min_level_2", "min_level_3", "min_level_4")
    def _check_descending(self):
        for norm in self:
            cutoffs = norm._ib_cutoffs()
            if any(a <= b for a, b in zip(cutoffs, cutoffs[1:], strict=False)):
                raise ValidationError(
                    self.env._(
                        "The cut-offs of %(test)s (%(grade)s) must go down from "
                        "level I to level IV: each level starts at a lower score "
                        "than the level above it.",
                        test=norm.assessment_id.name,
                        grade=norm.grade_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        norms = super().create(vals_list)
        norms._ib_rederive_levels()
        return norms

    def write(self, vals):
        before = self._ib_keys()
        res = super().write(vals)
        self._ib_rederive_levels(before)
        return res

    def unlink(self):
        keys = self._ib_keys()
        res = super().unlink()
        self.env["ib.assessment.norm"]._ib_rederive_levels(keys)
        return res

    def _ib_keys(self):
        return {(n.assessment_id.id, n.grade_id.id, n.moment) for n in self}

    def _ib_rederive_levels(self, extra_keys=None):
        """Derive the levels of the results these cut-offs apply to again (not
        the levels an export gave), then the changes and signals of the results
        whose level moved.

        Only the results of the changed test, grade and moment are read (the
        database selects them, not a loop over every result of the test), and
        only the pupils whose level changed get their sequence refreshed."""
        keys = self._ib_keys() | (extra_keys or set())
        if not keys:
            return
        # Changing cut-offs is the coordinator's (access rights of the norms);
        # the derivation below then runs as superuser: check the right first.
        self.browse().check_access("write")
        Result = self.env["ib.assessment.result"]
        # All results of the test, also of schools this user does not see (a
        # board's shared test): derived data, nothing is returned to the user.
        results = Result.sudo().search_fetch(
            Domain.OR(
                Domain("assessment_id", "=", test_id)
                & Domain("grade_id", "=", grade_id)
                & Domain("moment", "=", moment)
                for test_id, grade_id, moment in keys
            )
            & Domain("level_given", "=", False),
            ["level"],
            order="id",
        )
        if not results:
            return
        before = {result.id: result.level for result in results}
        results._ib_derive_levels_again()
        changed = results.filtered(lambda r: r.level != before[r.id])
        if changed:
            changed._ib_refresh_sequence()

    def _ib_cutoffs(self):
        self.ensure_one()
        return (self.min_level_1, self.min_level_2, self.min_level_3, self.min_level_4)

    def _ib_level(self, score):
        self.ensure_one()
        return level_from_cutoffs(score, self._ib_cutoffs())
