from odoo import api, fields, models
from odoo.exceptions import AccessError


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

    @api.model
    def default_get(self, fields_list):
        # A provider added on the social map belongs to the current school: the
        # coordinator's right to add providers is for those of their schools.
        values = super().default_get(fields_list)
        if values.get("ib_is_provider") and "company_id" in fields_list:
            values.setdefault("company_id", self.env.company.id)
        return values

    def write(self, vals):
        result = super().write(vals)
        self._ib_check_social_map_right()
        return result

    def _ib_check_social_map_right(self):
        """A care coordinator whose only right to change contacts is the social
        map's (no Contacts: Creation) may not take a provider of their school out
        of it: the record rule checks the contact before the change, this checks
        it after (no longer a provider, or moved to another school)."""
        user = self.env.user
        if (
            self.env.su
            or not user.has_group("ib_core.group_ib_coordinator")
            or user.has_group("base.group_partner_manager")
        ):
            return
        schools = set(self.env.companies.ids)
        if any(
            not partner.ib_is_provider or partner.company_id.id not in schools
            for partner in self
        ):
            raise AccessError(
                self.env._(
                    "You may only change the providers on the social map of your "
                    "schools: this contact would no longer be one."
                )
            )
