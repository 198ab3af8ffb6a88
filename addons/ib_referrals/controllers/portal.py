from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from odoo.addons.ib_core.controllers.portal_mixin import (
    TEXT_MAX_CHARS,
    IbPortalMixin,
    IbUploadError,
)
from odoo.addons.portal.controllers.portal import CustomerPortal

# What a provider may send the school as a report: documents only (parents
# may also send photos, see ib_core).
UPLOAD_MIMETYPES = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}


class IbProviderPortal(IbPortalMixin, CustomerPortal):
    """The pages of an external provider: the referrals sent to their organisation.

    Referrals are found as the portal user (the portal rule of ib.referral: sent
    to the user's organisation, sent at all, and with the parents' consent still
    given) with the same domain on top; a referral that does not exist, one of
    another organisation and one whose consent was withdrawn or expired give the
    same 404. The pages print only the fields of the referral's portal whitelist
    (``ib.referral._ib_portal_fields``: the records are not sudo, so any other
    field would be refused) and the documents sent with it. Nothing else of the
    pupil is reachable from here.
    """

    def _ib_referral_domain(self):
        return [
            ("partner_id", "=", self._ib_partner().commercial_partner_id.id),
            ("state", "in", ("sent", "in_progress", "decided", "closed")),
        ]

    def _ib_referrals(self, referral_id=None, order=None):
        """The referrals of this provider, found as the provider (record rules),
        without those whose consent expired today (the rule follows the daily
        job that marks consents expired; this checks the date itself)."""
        Referral = request.env["ib.referral"]
        if not Referral.has_access("read"):
            return Referral
        domain = self._ib_referral_domain()
        if referral_id is not None:
            domain.append(("id", "=", referral_id))
        referrals = Referral.search(domain, order=order)
        # sudo: the consent check reads the pupil's consents (yes/no only) of
        # referrals found as the provider above.
        missing = referrals.sudo()._ib_missing_consent()
        return referrals - missing.with_env(referrals.env)

    def _ib_referral(self, referral_id):
        referral = self._ib_referrals(referral_id)
        if len(referral) != 1:
            raise NotFound()
        return referral

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        self._ib_set_counter(
            values,
            counters,
            "ib_referral_count",
            request.env["ib.referral"],
            lambda: len(self._ib_referrals()),
        )
        return values

    @http.route("/my/referrals", type="http", auth="user", website=True)
    def ib_portal_referrals(self, **kw):
        referrals = self._ib_referrals(order="sent_date desc")
        return self._ib_render(
            "ib_referrals.portal_my_referrals",
            {"page_name": "ib_referrals", "ib_referrals": referrals},
        )

    @http.route(
        "/my/referrals/<int:referral_id>", type="http", auth="user", website=True
    )
    def ib_portal_referral(self, referral_id, message=None, error=None, **kw):
        referral = self._ib_referral(referral_id)
        return self._ib_render(
            "ib_referrals.portal_my_referral",
            {
                "page_name": "ib_referral",
                "ib_referral": referral,
                # sudo: only the documents that were sent to this provider.
                "ib_documents": referral.sudo().sent_attachment_ids,
                "ib_message": message,
                "ib_error": error,
            },
        )

    @http.route(
        "/my/referrals/<int:referral_id>/documents/<int:attachment_id>",
        type="http",
        auth="user",
    )
    def ib_portal_referral_document(self, referral_id, attachment_id, **kw):
        referral = self._ib_referral(referral_id)
        # sudo: the referral was found as this provider, and only a document sent
        # to them with it is served.
        return self._ib_download(
            referral.sudo().sent_attachment_ids.filtered(
                lambda a: a.id == attachment_id
            )
        )

    @http.route(
        "/my/referrals/<int:referral_id>/report",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def ib_portal_referral_report(self, referral_id, comment=None, document=None, **kw):
        referral = self._ib_referral(referral_id)
        url = f"/my/referrals/{referral.id}"
        try:
            upload = self._ib_read_upload(document, UPLOAD_MIMETYPES)
        except IbUploadError as refused:
            return request.redirect(f"{url}?error={refused.code}")
        referral.sudo()._ib_add_provider_report(
            request.env.user,
            upload.filename,
            upload.data,
            (comment or "")[:TEXT_MAX_CHARS],
        )
        return request.redirect(f"{url}?message=uploaded")
