from odoo import api, fields, models


class IbEdexmlImportLine(models.TransientModel):
    _name = "ib.edexml.import.line"
    _description = "EDEXML Import Preview Line"
    _order = "sequence_kind, action, line, id"

    wizard_id = fields.Many2one(
        "ib.edexml.import", required=True, ondelete="cascade", index=True
    )
    kind = fields.Selection(
        [
            ("pupil", "Pupil"),
            ("group", "Group"),
            ("teacher", "Teacher"),
            ("problem", "Problem"),
        ],
        required=True,
    )
    sequence_kind = fields.Integer(compute="_compute_sequence_kind", store=True)
    action = fields.Selection(
        [
            ("new", "New"),
            ("changed", "Changed"),
            ("leaving", "Leaving"),
            ("missing", "Not in the File"),
            ("error", "Problem"),
        ],
        required=True,
    )
    severity = fields.Selection(
        [("warning", "Warning"), ("error", "Skipped")], default="warning"
    )
    key = fields.Char(string="Administration Key")
    line = fields.Integer()
    name = fields.Char()
    changes = fields.Text(string="Details")
    pupil_id = fields.Many2one("ib.pupil")
    confirm = fields.Boolean(
        help="Pupils not in the file: set their leaving date. New teachers: "
        "create or link their user.",
    )

    @api.depends("kind")
    def _compute_sequence_kind(self):
        order = {"problem": 0, "pupil": 1, "group": 2, "teacher": 3}
        for line in self:
            line.sequence_kind = order.get(line.kind, 9)
