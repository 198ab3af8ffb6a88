from odoo import fields, models

from ..models.ib_class_visit_score import SCORES


class IbClassVisitCorrectionLine(models.TransientModel):
    _name = "ib.class.visit.correction.line"
    _description = "Corrected Score of a Final Class Visit"

    correction_id = fields.Many2one(
        "ib.class.visit.correction", required=True, ondelete="cascade"
    )
    score_id = fields.Many2one(
        "ib.class.visit.score",
        string="Observation Line",
        required=True,
        ondelete="cascade",
    )
    look_for_id = fields.Many2one(related="score_id.look_for_id")
    score = fields.Selection(SCORES)
    remark = fields.Text()
