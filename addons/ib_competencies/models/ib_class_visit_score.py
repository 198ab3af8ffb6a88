from odoo import api, fields, models

SCORES = [
    ("1", "Not yet visible"),
    ("2", "Partly visible"),
    ("3", "Mostly visible"),
    ("4", "Fully visible"),
]


class IbClassVisitScore(models.Model):
    _name = "ib.class.visit.score"
    _inherit = ["ib.write.guard.mixin"]
    _description = "Class Visit Score"
    _order = "visit_id, sequence, id"

    visit_id = fields.Many2one(
        "ib.class.visit",
        string="Class Visit",
        required=True,
        index=True,
        ondelete="cascade",
    )
    teacher_id = fields.Many2one(
        related="visit_id.teacher_id", store=True, index=True, string="Teacher"
    )
    company_id = fields.Many2one(
        related="visit_id.company_id", store=True, index=True, string="School"
    )
    school_year_id = fields.Many2one(
        related="visit_id.school_year_id", store=True, index=True
    )
    sequence = fields.Integer(default=10)
    look_for_id = fields.Many2one(
        "ib.look.for", string="Look-for", required=True, ondelete="restrict"
    )
    score = fields.Selection(SCORES)
    score_value = fields.Integer(
        compute="_compute_score_value",
        store=True,
        aggregator="avg",
    )
    remark = fields.Text()

    _look_for_uniq = models.Constraint(
        "UNIQUE(visit_id, look_for_id)", "A look-for occurs only once per visit."
    )

    @api.model_create_multi
    def create(self, vals_list):
        visit_ids = {vals.get("visit_id") for vals in vals_list}
        self.env["ib.class.visit"].browse(
            visit_ids - {None, False}
        )._ib_check_not_final()
        return super().create(vals_list)

    def write(self, vals):
        self.visit_id._ib_check_not_final()
        result = super().write(vals)
        if "visit_id" in vals:
            self.visit_id._ib_check_not_final()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_not_final(self):
        self.visit_id._ib_check_not_final()

    @api.depends("score")
    def _compute_score_value(self):
        for line in self:
            line.score_value = int(line.score) if line.score else 0
