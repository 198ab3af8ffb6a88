from odoo import models
from odoo.exceptions import UserError


class IrAttachment(models.Model):
    """The frozen PDF of a final educational report (OKR) is the school's copy
    that receivers verify against: no one changes or deletes it in daily use
    (the retention job, running as superuser, removes it with the referral)."""

    _inherit = "ir.attachment"

    def _ib_check_not_frozen_okr(self):
        if self.env.su:
            return
        candidates = self.filtered(lambda a: a.res_model == "ib.referral")
        if not candidates:
            return
        # sudo: whether an attachment is a frozen report is no care data; the
        # count shows nothing of the referral.
        frozen = (
            self.env["ib.referral"]
            .sudo()
            .search_count([("okr_attachment_id", "in", candidates.ids)], limit=1)
        )
        if frozen:
            raise UserError(
                self.env._(
                    "This is the frozen PDF of a final educational report (OKR): "
                    "it cannot be changed or deleted."
                )
            )

    def write(self, vals):
        self._ib_check_not_frozen_okr()
        return super().write(vals)

    def unlink(self):
        self._ib_check_not_frozen_okr()
        return super().unlink()
