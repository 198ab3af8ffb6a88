from odoo import api, models
from odoo.exceptions import AccessError
from odoo.tools import is_html_empty


class ReportIbReferralOkr(models.AbstractModel):
    """The educational report (onderwijskundig rapport, OKR) of a referral."""

    _name = "report.ib_referrals.report_ib_referral_okr"
    _description = "Educational Report (OKR)"

    @api.model
    def _get_report_values(self, docids, data=None):
        # Every route to the report gets here as the user who asked for it; no
        # sudo below, record rules decide what is printed.
        referrals = self.env["ib.referral"].browse(docids)
        Log = self.env["ib.pupil.access.log"]
        # Superuser: the frozen PDF of a final OKR made at demo data load.
        if not (self.env.su or self.env.user.has_group("ib_core.group_ib_director")):
            Log._ib_queue_denied(referrals, "read")
            raise AccessError(
                self.env._(
                    "Only the care coordinator and the director can print an "
                    "educational report."
                )
            )
        Log._ib_check_read(referrals, "read")
        careers = {
            referral.id: referral.pupil_id.membership_ids.sorted("date_start")
            for referral in referrals
        }
        # The verification address is printed (as a QR code) on a final report
        # only: the director and the coordinator may read it (checked above).
        verify_urls = {
            referral.id: referral.okr_verify_url if referral.okr_final_date else False
            for referral in referrals
        }
        return {
            "verify_urls": verify_urls,
            "doc_ids": referrals.ids,
            "doc_model": "ib.referral",
            "docs": referrals,
            "careers": careers,
            "is_html_empty": is_html_empty,
        }
