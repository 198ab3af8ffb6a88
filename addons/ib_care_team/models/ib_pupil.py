from odoo import api, fields, models

from odoo.addons.ib_care_plans.models.ib_care_plan import RUNNING_STATES
from odoo.addons.ib_core.models.ib_support_request import ACTION_STATES

# The approach lines that are a carer's work (not the teacher's in the group, the
# parents' at home or an external provider's): their hours make the caseload.
CARER_PROVIDERS = ("remedial", "coordinator")


class IbPupil(models.Model):
    """A pupil in care has a case holder (casushouder), a member of the school's
    care team.

    *In care* (``ib_in_care``): the pupil has a running plan of their own (an
    action plan or OPP awaiting the parents, active, due for evaluation or
    evaluated: ib_care_plans' ``RUNNING_STATES``) or an open support request (new
    or in analysis). Group plans do not count: they are the group's.

    *Hours per week* (``ib_care_hours``): the sum of ``hours_per_week`` of the
    approach lines given by the remedial teacher or the care coordinator in the
    pupil's running plans. *Waiting* (``ib_waiting_request_count``): open
    support requests that have no plan yet. All three are stored, computed as
    the system from the pupil's plans and requests in one batch."""

    _inherit = "ib.pupil"
    # Privacy policy (see ib.care.mixin): who carries the pupil's care is care
    # data, cleared with it once the care data period has passed.
    _ib_retention_clear_fields = ("case_holder_id",)

    case_holder_id = fields.Many2one(
        "ib.care.team.member",
        groups="ib_core.group_ib_teacher",
        index="btree_not_null",
        ondelete="set null",
        domain="[('company_id', '=', company_id), ('is_external', '=', False)]",
        help="The member of the care team who carries this pupil's care (casushouder).",
    )
    # Stored for the record rule of the case holder (a plain column, no join).
    case_holder_user_id = fields.Many2one(
        related="case_holder_id.user_id",
        string="Case Holder (User)",
        store=True,
        index="btree_not_null",
        groups="ib_core.group_ib_teacher",
    )
    ib_care_plan_ids = fields.One2many(
        "ib.care.plan",
        "pupil_id",
        string="Own Plans",
        readonly=True,
        groups="ib_core.group_ib_teacher",
    )
    ib_in_care = fields.Boolean(
        string="In Care",
        compute="_compute_ib_care_load",
        groups="ib_core.group_ib_teacher",
        store=True,
        index=True,
        help="A running plan of the pupil's own or an open support request.",
    )
    ib_care_hours = fields.Float(
        string="Care Hours per Week",
        compute="_compute_ib_care_load",
        groups="ib_core.group_ib_teacher",
        store=True,
        help="Hours per week of the approach lines given by the remedial teacher "
        "or the care coordinator in the pupil's running plans.",
    )
    ib_waiting_request_count = fields.Integer(
        string="Waiting Requests",
        compute="_compute_ib_care_load",
        groups="ib_core.group_ib_teacher",
        store=True,
        help="Open support requests of the pupil without a plan.",
    )

    @api.depends(
        "ib_care_plan_ids.state",
        "ib_care_plan_ids.support_request_id",
        "ib_care_plan_ids.approach_line_ids.hours_per_week",
        "ib_care_plan_ids.approach_line_ids.provider",
        "support_request_ids.state",
    )
    def _compute_ib_care_load(self):
        for pupil in self:
            running = pupil.ib_care_plan_ids.filtered(
                lambda p: p.state in RUNNING_STATES
            )
            lines = running.approach_line_ids.filtered(
                lambda line: line.provider in CARER_PROVIDERS
            )
            with_plan = pupil.ib_care_plan_ids.support_request_id
            open_requests = pupil.support_request_ids.filtered(
                lambda r: r.state in ACTION_STATES
            )
            pupil.ib_care_hours = sum(lines.mapped("hours_per_week"))
            pupil.ib_waiting_request_count = len(open_requests - with_plan)
            pupil.ib_in_care = bool(running or open_requests)
