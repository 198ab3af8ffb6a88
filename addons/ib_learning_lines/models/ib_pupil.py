from odoo import api, fields, models

STAFF = "ib_core.group_ib_teacher"


class IbPupil(models.Model):
    _inherit = "ib.pupil"

    learning_progress_ids = fields.One2many(
        "ib.learning.progress",
        "pupil_id",
        string="Learning Line Progress",
        groups=STAFF,
    )
    learning_position = fields.Html(
        string="Position on the Learning Lines",
        compute="_compute_learning_position",
        sanitize=False,  # ib.learning.progress._ib_position_html: escaped text
        groups=STAFF,
    )

    @api.depends("learning_progress_ids.goal_id")
    @api.depends_context("uid", "lang")
    def _compute_learning_position(self):
        Progress = self.env["ib.learning.progress"]
        positions = Progress._ib_positions(self) if self.ids else {}
        for pupil in self:
            lines = self.env["ib.learning.line"].browse(
                sorted(
                    {line_id for pupil_id, line_id in positions if pupil_id == pupil.id}
                )
            )
            pupil.learning_position = Progress._ib_position_html(
                pupil, lines, positions
            )
