from odoo import api, fields, models
from odoo.exceptions import ValidationError

ROLES = [
    ("coordinator", "Care Coordinator"),
    ("remedial", "Remedial Teacher (RT)"),
    ("social_worker", "School Social Worker (SMW)"),
    ("youth_doctor", "Youth Doctor"),
    ("swv", "SWV Consultant"),
    ("other", "Other"),
]


class IbCareTeamMember(models.Model):
    """A member of a school's care team: an internal user (coordinator, remedial
    teacher, school social worker...) or an external contact (youth doctor, SWV
    consultant: a res.partner without a user of the school).

    An internal member can be the case holder (casushouder) of pupils in care
    (``ib.pupil.case_holder_id``): their caseload is those pupils, with the hours
    per week of the approach lines of their running plans (stored on the pupil,
    summed here) against the member's available hours, and the support requests
    that wait for a plan. The figures are stored, so lists sort and filter on
    them and the coordinator's pivot sums them per person.

    Who reads a member: the director and coordinators of the school (all
    members), the member themself (their own caseload). A teacher reads the case
    holder of their own pupils on the pupil, not the member's caseload."""

    _name = "ib.care.team.member"
    _description = "Care Team Member"
    _inherit = ["ib.write.guard.mixin"]
    _order = "team_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    team_id = fields.Many2one(
        "ib.care.team", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="team_id.company_id", store=True, index=True, string="School"
    )
    active = fields.Boolean(default=True)
    user_id = fields.Many2one(
        "res.users",
        index="btree_not_null",
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        help="An internal member: a user of the school with a pupil care role.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        help="An external member (youth doctor, SWV consultant): their contact. "
        "For an internal member: the user's contact.",
    )
    name = fields.Char(compute="_compute_name", store=True)
    is_external = fields.Boolean(
        string="External",
        compute="_compute_is_external",
        store=True,
        index=True,
        help="Not a user of the school: invited to a care-team meeting about "
        "pupils only with the parents' consent for each pupil.",
    )
    role = fields.Selection(ROLES, required=True, default="other", index=True)
    hours_available = fields.Float(
        string="Available Hours per Week",
        help="The hours per week this carer has for pupil care (internal members).",
    )
    case_pupil_ids = fields.One2many(
        "ib.pupil", "case_holder_id", string="Caseload", readonly=True
    )
    caseload_count = fields.Integer(
        string="Pupils in Care",
        compute="_compute_caseload",
        store=True,
        help="Pupils in care of whom this member is the case holder.",
    )
    caseload_hours = fields.Float(
        string="Hours per Week",
        compute="_compute_caseload",
        store=True,
        help="The hours per week of the approach lines (remedial teacher or care "
        "coordinator) of the running plans of the member's pupils.",
    )
    hours_free = fields.Float(
        string="Hours Left",
        compute="_compute_caseload",
        store=True,
        help="Available hours minus the caseload's hours (negative: overloaded).",
    )
    is_overloaded = fields.Boolean(
        string="Overloaded", compute="_compute_caseload", store=True, index=True
    )
    waiting_count = fields.Integer(
        string="Waiting",
        compute="_compute_caseload",
        store=True,
        help="Open support requests of the member's pupils without a plan yet.",
    )

    _team_user_uniq = models.UniqueIndex(
        "(team_id, user_id) WHERE user_id IS NOT NULL",
        "This user is already a member of the care team.",
    )
    _team_partner_uniq = models.UniqueIndex(
        "(team_id, partner_id) WHERE partner_id IS NOT NULL",
        "This contact is already a member of the care team.",
    )

    @api.depends("user_id")
    def _compute_partner_id(self):
        for member in self:
            if member.user_id:
                member.partner_id = member.user_id.partner_id

    @api.depends("user_id.name", "partner_id.name")
    def _compute_name(self):
        for member in self:
            member.name = member.user_id.name or member.partner_id.name

    @api.depends("user_id")
    def _compute_is_external(self):
        for member in self:
            member.is_external = not member.user_id

    @api.depends(
        "hours_available",
        "case_pupil_ids.ib_in_care",
        "case_pupil_ids.ib_care_hours",
        "case_pupil_ids.ib_waiting_request_count",
    )
    def _compute_caseload(self):
        for member in self:
            pupils = member.case_pupil_ids.filtered("ib_in_care")
            hours = sum(pupils.mapped("ib_care_hours"))
            member.caseload_count = len(pupils)
            member.caseload_hours = hours
            member.hours_free = member.hours_available - hours
            member.is_overloaded = hours > member.hours_available
            member.waiting_count = sum(pupils.mapped("ib_waiting_request_count"))

    @api.depends("name", "role")
    def _compute_display_name(self):
        roles = dict(self._fields["role"]._description_selection(self.env))
        for member in self:
            member.display_name = (
                f"{member.name} ({roles[member.role]})" if member.role else member.name
            )

    @api.constrains("user_id", "partner_id", "hours_available", "team_id")
    def _check_member(self):
        for member in self:
            if not member.partner_id:
                raise ValidationError(
                    self.env._("A care team member is a user or an external contact.")
                )
            if member.hours_available < 0:
                raise ValidationError(
                    self.env._("The available hours cannot be negative.")
                )
            if member.is_external and member.hours_available:
                raise ValidationError(
                    self.env._(
                        "Available hours are kept for internal carers only: %s is "
                        "an external member.",
                        member.partner_id.name,
                    )
                )
            user = member.user_id
            if user and not user._ib_has_role("teacher", member.company_id):
                raise ValidationError(
                    self.env._(
                        "%(user)s has no pupil care role at %(school)s: give them "
                        "one before adding them to the care team.",
                        user=user.name,
                        school=member.company_id.name,
                    )
                )
            if member.partner_id.user_ids.filtered(lambda u: not u.share) and (
                member.is_external
            ):
                raise ValidationError(
                    self.env._(
                        "%s is a user of the school: add them as an internal member.",
                        member.partner_id.name,
                    )
                )

    def action_view_caseload(self):
        """The pupils of this member's caseload."""
        self.ensure_one()
        return self.env["ir.actions.act_window"]._ib_action_for(
            "ib_care_team.ib_pupil_action_caseload",
            [("case_holder_id", "=", self.id)],
            {"search_default_in_care": 1},
        )
