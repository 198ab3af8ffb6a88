from odoo import api, fields, models
from odoo.exceptions import UserError

RINGS = [
    ("0", "Popular"),
    ("1", "Chosen at Least the Mean"),
    ("2", "Chosen Less than the Mean"),
    ("3", "Isolated"),
]


class IbSociogramPupil(models.Model):
    """The result of a sociogram for one pupil of the group, stored by the
    sociogram's computation (``ib.sociogram._ib_compute_results``) so that
    lists filter and sort on it."""

    _name = "ib.sociogram.pupil"
    _description = "Sociogram Result of a Pupil"
    _inherit = ["ib.care.mixin"]
    _order = "sociogram_id, received_count desc, pupil_id"
    # Privacy policy (see ib.care.mixin): social data about the pupil, deleted
    # with the other care data once the care data period after leaving has
    # passed; the pupil's own result is in the pupil file export.
    _ib_retention_class = "care"
    _ib_retention = "delete"
    _ib_file_export = True

    sociogram_id = fields.Many2one(
        "ib.sociogram", required=True, index=True, ondelete="cascade"
    )
    date = fields.Date(related="sociogram_id.date", string="Date")
    received_count = fields.Integer(string="Chosen", readonly=True)
    given_count = fields.Integer(string="Chose", readonly=True)
    mutual_count = fields.Integer(string="Mutual Choices", readonly=True)
    rejected_received_count = fields.Integer(string="Chosen Negatively", readonly=True)
    is_popular = fields.Boolean(string="Popular", readonly=True, index=True)
    is_isolated = fields.Boolean(string="Isolated", readonly=True, index=True)
    is_rejected = fields.Boolean(string="Rejected", readonly=True, index=True)
    ring = fields.Selection(RINGS, string="Position", readonly=True)

    _pupil_uniq = models.Constraint(
        "UNIQUE(sociogram_id, pupil_id)",
        "A pupil has one result per sociogram.",
    )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_daily_use(self):
        # Replaces ib.care.mixin's refusal: the computation of a draft
        # sociogram removes the line of a pupil who left the group; the
        # results of a done sociogram stay until the retention job (superuser)
        # removes them.
        if self.env.su:
            return
        if self.sociogram_id.filtered(lambda s: s.state != "draft"):
            raise UserError(
                self.env._(
                    "The results of a done sociogram cannot be deleted: set it "
                    "back to draft first."
                )
            )
