from odoo import api, fields, models
from odoo.exceptions import ValidationError

KINDS = [
    ("medication", "Administering Medication"),
    ("medical_act", "Medical Act"),
    ("emergency", "Emergency Medication (On Request)"),
]
STATES = [
    ("draft", "Awaiting Signature"),
    ("signed", "Signed"),
]


class IbMedicalAgreement(models.Model):
    """An agreement under the school's medical protocol: the school administers
    a medication or performs a medical act for one pupil, on the parents'
    written and signed request. Teachers of the pupil's group read and record
    it (they administer it); parents never see it over RPC."""

    _name = "ib.medical.agreement"
    _description = "Medical Agreement"
    _inherit = [
        "ib.care.mixin",
        "ib.care.thread.mixin",
        "mail.activity.mixin",
        "ib.protocol.year.mixin",
    ]
    _order = "date desc, id desc"
    _ib_year_date_field = "date"
    # Privacy policy (see ib.care.mixin): care (health) data, deleted with its
    # chatter and the signed form once the care data period after leaving has
    # passed; in the pupil file export.
    _ib_retention_class = "care"
    _ib_retention = "delete"
    _ib_file_export = True

    name = fields.Char(string="Medication or Act", required=True)
    kind = fields.Selection(KINDS, required=True, default="medication", index=True)
    date = fields.Date(
        string="Start Date", required=True, default=fields.Date.context_today
    )
    date_end = fields.Date(string="End Date")
    dosage = fields.Char(string="Dosage and Times")
    instructions = fields.Text()
    signed_by_id = fields.Many2one(
        "res.partner",
        string="Signed By (Parent)",
        help="The parent or guardian who signed the agreement.",
    )
    signed_date = fields.Date(string="Signed On")
    signed_form = fields.Binary(attachment=True)
    signed_form_name = fields.Char()
    state = fields.Selection(
        STATES,
        string="Status",
        compute="_compute_state",
        store=True,
        index=True,
        readonly=True,
    )
    group_id = fields.Many2one(related="pupil_id.group_id", string="Group")

    @api.depends("signed_date")
    def _compute_state(self):
        for agreement in self:
            agreement.state = "signed" if agreement.signed_date else "draft"

    @api.constrains("signed_date", "signed_by_id", "date", "date_end", "pupil_id")
    def _check_signature(self):
        for agreement in self:
            if bool(agreement.signed_date) != bool(agreement.signed_by_id):
                raise ValidationError(
                    self.env._(
                        "%(agreement)s: a signed agreement names the parent who "
                        "signed it and the date.",
                        agreement=agreement.name,
                    )
                )
            if agreement.signed_by_id and (
                agreement.signed_by_id not in agreement.pupil_id.guardian_ids.partner_id
            ):
                raise ValidationError(
                    self.env._(
                        "%(agreement)s: only a parent or guardian of %(pupil)s "
                        "can sign the agreement.",
                        agreement=agreement.name,
                        pupil=agreement.pupil_id.display_name,
                    )
                )
            if agreement.date_end and agreement.date_end < agreement.date:
                raise ValidationError(
                    self.env._(
                        "%(agreement)s: the end date is before the start date.",
                        agreement=agreement.name,
                    )
                )
