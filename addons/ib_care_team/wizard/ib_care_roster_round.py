from odoo import fields, models


class IbCareRosterRound(models.TransientModel):
    _name = "ib.care.roster.round"
    _description = "Round of the Care Roster"
    _order = "sequence, date_from, id"

    roster_id = fields.Many2one(
        "ib.care.roster", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=1)
    name = fields.Char(string="Round", help="E.g. Round 2 (after the middle tests).")
    date_from = fields.Date(string="First Day", required=True)
    date_to = fields.Date(string="Last Day", required=True)
