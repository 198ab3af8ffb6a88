from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command

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
    _inherit = ["ib.write.guard.mixin", "ib.portal.fields.mixin"]
    _description = "Parent/Guardian of a Pupil"
    # A parent reads which children they are linked to, not the other parents'
    # contact details.
    _ib_portal_fields = frozenset(
        {
            "pupil_id",
            "partner_id",
            "relation",
            "parental_authority",
            "portal_access",
            "sequence",
        }
    )
    _order = "pupil_id, sequence, id"
    # Privacy policy (see ib.care.mixin): enrolment data, kept until the file
    # deletion date and deleted with the pupil; printed in the pupil file export.
    _ib_retention_class = "enrolment"
    _ib_retention = "delete"
    _ib_file_export = True
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
        default=True,
        help="Holds parental authority (gezag): may give consent for this pupil.",
    )
    portal_access = fields.Boolean(
        help="May see what the school shares about this pupil in the portal. "
        "Checking it gives the parent a portal login (with an invitation by "
        "e-mail); unchecking it for their last child ends the login.",
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

    @api.model_create_multi
    def create(self, vals_list):
        guardians = super().create(vals_list)
        guardians.filtered("portal_access")._ib_sync_portal_users()
        return guardians

    def write(self, vals):
        if not {"portal_access", "partner_id", "pupil_id"} & set(vals):
            return super().write(vals)
        before = self.filtered("portal_access").partner_id
        result = super().write(vals)
        self._ib_sync_portal_users(extra_partners=before)
        return result

    def unlink(self):
        partners = self.filtered("portal_access").partner_id
        result = super().unlink()
        self.env["ib.pupil.guardian"]._ib_sync_portal_users(extra_partners=partners)
        return result

    def _ib_sync_portal_users(self, extra_partners=None):
        """Give or take the portal login of the guardians' partners.

        A partner keeps a portal login while they are a guardian with portal
        access of at least one pupil, in any school.

        Runs after the user's own write on the guardians, which checked their
        rights; the portal wizard, users and companies are then handled with
        sudo: creating and archiving logins is Odoo's portal wizard's work, not a
        right the care coordinator holds.
        """
        partners = self.partner_id | (extra_partners or self.env["res.partner"])
        if not partners:
            return
        # sudo: the guardian links of a parent in other schools count too.
        links = self.sudo().search(
            [
                ("partner_id", "in", partners.ids),
                ("portal_access", "=", True),
            ]
        )
        wanted = links.partner_id
        for partner in partners.sudo():
            if partner in wanted:
                self._ib_grant_portal(
                    partner, links.filtered(lambda g, p=partner: g.partner_id == p)
                )
            else:
                self._ib_revoke_portal(partner)

    @api.model
    def _ib_portal_wizard_user(self, partner):
        wizard = (
            self.env["portal.wizard"]
            .sudo()
            .create(
                {
                    "partner_ids": [Command.link(partner.id)],
                }
            )
        )
        return wizard.user_ids.filtered(lambda u: u.partner_id == partner)

    @api.model
    def _ib_grant_portal(self, partner, links):
        users = partner.with_context(active_test=False).user_ids
        if any(user._is_internal() for user in users):
            raise UserError(
                self.env._(
                    "%s has a school account: a school account cannot be used as "
                    "a parent's portal login. Use another e-mail address for "
                    "the parent.",
                    partner.name,
                )
            )
        user = users[:1]
        if not (user and user.active and user._is_portal()):
            self._ib_portal_wizard_user(partner).action_grant_access()
            user = partner.with_context(active_test=False).user_ids[:1]
        # The schools' company rules apply to parents too: the login needs the
        # schools of the children it follows.
        missing = links.company_id - user.company_ids
        if missing:
            user.write({"company_ids": [Command.link(c.id) for c in missing]})

    @api.model
    def _ib_revoke_portal(self, partner):
        users = partner.with_context(active_test=False).user_ids
        if any(user.active and user._is_portal() for user in users):
            self._ib_portal_wizard_user(partner).action_revoke_access()
