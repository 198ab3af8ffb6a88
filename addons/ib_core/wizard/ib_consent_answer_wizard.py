from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.ib_consent import CONSENT_METHODS


class IbConsentAnswerWizard(models.TransientModel):
    _name = "ib.consent.answer.wizard"
    _description = "Record a Consent Answer"

    consent_id = fields.Many2one("ib.consent", required=True, ondelete="cascade")
    pupil_id = fields.Many2one(related="consent_id.pupil_id")
    partner_id = fields.Many2one(related="consent_id.partner_id")
    consent_holder = fields.Selection(related="consent_id.consent_holder")
    method = fields.Selection(
        [m for m in CONSENT_METHODS if m[0] != "portal"], required=True
    )
    answer = fields.Selection(
        [("given", "Consent given"), ("refused", "Consent refused")],
        required=True,
        default="given",
    )
    answer_date = fields.Date(
        string="Answered On", required=True, default=fields.Date.context_today
    )
    valid_until = fields.Date()
    pupil_agreed = fields.Boolean(
        help="The pupil agreed as well (needed from the age of 12).",
    )
    document = fields.Binary(string="Signed Form")
    document_name = fields.Char(string="File Name")

    @api.model
    def _allowed_document_types(self):
        return (".pdf", ".jpg", ".jpeg", ".png")

    def action_confirm(self):
        self.ensure_one()
        consent = self.consent_id
        consent.check_access("write")
        if self.answer_date > fields.Date.context_today(self):
            raise UserError(self.env._("The answer date cannot lie in the future."))
        extra = {"recorded_by_id": self.env.user.id}
        if self.method == "paper":
            if not self.document:
                raise UserError(
                    self.env._(
                        "Attach the scan of the signed consent form to record a "
                        "consent given or refused on paper."
                    )
                )
            name = self.document_name or "consent.pdf"
            if not name.lower().endswith(self._allowed_document_types()):
                raise UserError(
                    self.env._(
                        "%(name)s is not a scan the school can keep: attach a PDF, "
                        "JPEG or PNG file.",
                        name=name,
                    )
                )
            extra["document_id"] = (
                self.env["ir.attachment"]
                .create(
                    {
                        "name": name,
                        "datas": self.document,
                        "res_model": consent._name,
                        "res_id": consent.id,
                    }
                )
                .id
            )
        consent._ib_answer(
            self.answer,
            self.method,
            pupil_agreed=self.pupil_agreed,
            answer_date=self.answer_date,
            valid_until=self.valid_until,
            **extra,
        )
        return {"type": "ir.actions.act_window_close"}
