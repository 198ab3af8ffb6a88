from odoo import fields, models


class ResPartner(models.Model):
    """The social map (sociale kaart): providers are ordinary contacts with a
    provider profile. The profile is no care data: it describes the provider."""

    _inherit = "res.partner"

    ib_is_provider = fields.Boolean(
        string="On the Social Map",
        index=True,
        help="An external provider, school or partnership the school refers to.",
    )
    ib_help_kind_ids = fields.Many2many(
        "ib.help.kind",
        "res_partner_ib_help_kind_rel",
        "partner_id",
        "help_kind_id",
        string="Kinds of Help",
    )
    ib_region = fields.Char(string="Region", index=True)
    ib_waiting_weeks = fields.Integer(
        string="Typical Waiting Time (weeks)",
        help="How long pupils usually wait before the help starts.",
    )
    ib_provider_notes = fields.Text(
        string="Social Map Notes",
        help="What the school knows about this provider: approach, experiences, "
        "how to refer. No pupil data here.",
    )
