from odoo import api, fields, models

from .ib_quality_scan import SCAN_SCORES


class IbQualityScanLine(models.Model):
    _name = "ib.quality.scan.line"
    _inherit = ["ib.write.guard.mixin"]
    _description = "Quality Scan Line"
    _order = "scan_id, theme_sequence, sequence, id"

    scan_id = fields.Many2one(
        "ib.quality.scan",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="scan_id.company_id", store=True, index=True, string="School"
    )
    aspect_id = fields.Many2one("ib.quality.aspect", required=True, ondelete="restrict")
    theme = fields.Selection(related="aspect_id.theme", store=True, string="Theme")
    theme_sequence = fields.Integer(related="aspect_id.theme_sequence", store=True)
    sequence = fields.Integer(related="aspect_id.sequence", store=True)
    score = fields.Selection(SCAN_SCORES)
    score_value = fields.Integer(
        compute="_compute_score_value", store=True, aggregator="avg"
    )
    evidence = fields.Text()
    previous_score = fields.Integer(
        string="Previous", compute="_compute_previous_score"
    )
    score_change = fields.Integer(string="Change", compute="_compute_previous_score")
    needs_improvement = fields.Boolean(
        compute="_compute_needs_improvement",
        store=True,
        readonly=False,
        help="Proposed for scores below sufficient; an improvement action is made "
        "for every marked aspect.",
    )
    action_ids = fields.One2many("ib.quality.action", "line_id", string="Actions")

    _aspect_uniq = models.Constraint(
        "UNIQUE(scan_id, aspect_id)", "An aspect occurs only once per scan."
    )

    @api.depends("score")
    def _compute_score_value(self):
        for line in self:
            line.score_value = int(line.score) if line.score else 0

    @api.depends("score")
    def _compute_needs_improvement(self):
        for line in self:
            line.needs_improvement = bool(line.score) and line.score_value <= 2

    @api.depends("score_value", "scan_id.previous_scan_id")
    def _compute_previous_score(self):
        previous = self.scan_id.previous_scan_id.line_ids
        scores = {(p.scan_id.id, p.aspect_id.id): p.score_value for p in previous}
        for line in self:
            line.previous_score = scores.get(
                (line.scan_id.previous_scan_id.id, line.aspect_id.id), 0
            )
            line.score_change = (
                line.score_value - line.previous_score
                if line.score_value and line.previous_score
                else 0
            )
