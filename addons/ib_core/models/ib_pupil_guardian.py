from odoo import api, fields, models
from odoo.exceptions import ValidationError

RELATIONS = [
    ("mother", "Mother"),
    ("father", "Father"),
    ("parent", "Parent"),
    ("guardian", "Guardian"),
    ("foster_parent", "Foster parent"),
    ("other", "Other"),
]


class IbPupilGuardian(models.Model):
    _name = "ib.pupil.guardian"
    _description = "Parent/Guardian of a Pupil"
    _order = "pupil_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    pupil_id = fields.Many2one(
        "ib.pupil", required=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Parent/Guardian",
        required=True,
        index=True,
        ondelete="restrict",
        domain=[("is_company", "=", False)],
    )
    relation = fields.Selection(RELATIONS, required=True, default="parent")
    parental_authority = fields.Boolean(
        string="Parental Authority",
        default=True,
        help="Holds parental authority (gezag): may give consent for this pupil.",
    )
    portal_access = fields.Boolean(
        string="Portal Access",
        help="May see what the school shares about this pupil in the portal.",
    )
    email = fields.Char(related="partner_id.email", readonly=False)
    phone = fields.Char(related="partner_id.phone", readonly=False)
    company_id = fields.Many2one(
        related="pupil_id.company_id", store=True, index=True, string="School"
    )

    _pupil_partner_uniq = models.Constraint(
        "UNIQUE(pupil_id, partner_id)",
        "This person is already linked to this pupil.",
    )

    @api.constrains("portal_access", "partner_id")
    def _check_portal_email(self):
        for guardian in self:
            if guardian.portal_access and not guardian.partner_id.email:
                raise ValidationError(
                    self.env._(
                        "%s needs an e-mail address to get portal access.",
                        guardian.partner_id.name,
                    )
                )
