from odoo import api, fields, models
from odoo.exceptions import UserError

PART_KINDS = [
    ("basic", "Basic Support"),
    ("extra", "Extra Support"),
    ("facilities", "Facilities"),
    ("limits", "Limits"),
    ("ambitions", "Ambitions"),
    ("expertise", "Staff Expertise"),
]


class IbSupportProfilePart(models.Model):
    """One section of a school support profile: a part of the basic support,
    an arrangement of extra support (with the interventions of the catalogue
    it uses), a facility, a limit, an ambition or the expertise of the staff.
    Intakes and referrals link to the part that applies."""

    _name = "ib.support.profile.part"
    _inherit = ["ib.write.guard.mixin"]
    _description = "Support Profile Part"
    _order = "profile_id, kind, sequence, id"
    _check_company_auto = True

    profile_id = fields.Many2one(
        "ib.support.profile",
        string="Support Profile",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        related="profile_id.company_id",
        store=True,
        index=True,
        precompute=True,
    )
    school_year_id = fields.Many2one(
        related="profile_id.school_year_id", string="School Year"
    )
    profile_state = fields.Selection(
        related="profile_id.state", string="Profile Status", store=True, index=True
    )
    kind = fields.Selection(PART_KINDS, required=True, default="basic", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Title", required=True)
    description = fields.Html()
    intervention_ids = fields.Many2many(
        "ib.care.intervention",
        string="Interventions",
        check_company=True,
        help="The interventions of the school's catalogue this extra support uses.",
    )

    @api.depends("name", "profile_id.school_year_id", "profile_id.company_id")
    def _compute_display_name(self):
        for part in self:
            year = part.profile_id.school_year_id.name
            part.display_name = f"{part.name} ({year})" if year else part.name

    # ------------------------------------------------------------ lock
    def _ib_check_profile_draft(self, profiles):
        locked = profiles.filtered(lambda profile: profile.state != "draft")[:1]
        if locked:
            raise UserError(
                self.env._(
                    "The support profile %s is published or archived: its parts "
                    "cannot be changed. Make a new version to change it.",
                    locked.display_name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        profile_ids = {vals.get("profile_id") for vals in vals_list} - {None, False}
        self._ib_check_profile_draft(self.env["ib.support.profile"].browse(profile_ids))
        return super().create(vals_list)

    def write(self, vals):
        self._ib_check_profile_draft(self.profile_id)
        if vals.get("profile_id"):
            self._ib_check_profile_draft(
                self.env["ib.support.profile"].browse(vals["profile_id"])
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_of_drafts(self):
        self._ib_check_profile_draft(self.profile_id)
