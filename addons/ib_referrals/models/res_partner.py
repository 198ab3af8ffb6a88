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
    ib_expertise_ids = fields.Many2many(
        "ib.expertise",
        "res_partner_ib_expertise_rel",
        "partner_id",
        "expertise_id",
        string="Expertise",
        help="The expertise of this contact as an expert (orthopedagogue, "
        "psychologist...): only contacts with an expertise give expert advices.",
    )
    ib_tlv_expertise_ids = fields.Many2many(
        "ib.expertise",
        "res_partner_ib_tlv_expertise_rel",
        "partner_id",
        "expertise_id",
        string="Expertises Accepted for a TLV",
        help="For a regional partnership (SWV): the expertises whose advice it "
        "accepts on a TLV request. Empty: every expertise with a role in a TLV "
        "advice.",
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
