import hashlib

from odoo import http
from odoo.http import request

VERIFY_MAX_BYTES = 20 * 1024 * 1024
# secrets.token_urlsafe(32) gives 43 characters.
TOKEN_MIN_CHARS = 32


class IbOkrVerify(http.Controller):
    """The page the QR code of a final educational report (OKR) points to.

    Anyone holding a copy (the receiving school, the parents) may check it, so
    the page is public; it is found by a random unguessable code and shows only
    which document was issued by which school on which date, and its checksum
    (optionally compared with an uploaded copy). No pupil data, no referral
    content: a wrong or guessed code shows the same "unknown" page.
    """

    def _ib_document(self, token):
        if not token or len(token) < TOKEN_MIN_CHARS:
            return None
        # sudo: a public page; the lookup is by the exact random code and only
        # the fields listed in _ib_values are printed.
        referral = (
            request.env["ib.referral"]
            .sudo()
            .search(
                [("okr_token", "=", token), ("okr_attachment_id", "!=", False)],
                limit=1,
            )
        )
        return referral or None

    @staticmethod
    def _ib_values(referral_sudo):
        return {
            "reference": referral_sudo.okr_reference,
            "school": referral_sudo.company_id.name,
            "date": referral_sudo.okr_final_date,
            "checksum": referral_sudo.okr_checksum,
        }

    @http.route(
        "/ib/okr/verify/<string:token>",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        sitemap=False,
    )
    def ib_okr_verify(self, token, document=None, **kw):
        referral = self._ib_document(token)
        values = {"ib_document": None, "ib_match": None, "ib_token": token}
        if referral is None:
            response = request.render("ib_referrals.okr_verify_page", values)
            response.status_code = 404
            return response
        values["ib_document"] = self._ib_values(referral)
        if request.httprequest.method == "POST" and getattr(document, "filename", None):
            data = document.read(VERIFY_MAX_BYTES + 1)
            if data and len(data) <= VERIFY_MAX_BYTES:
                values["ib_match"] = (
                    hashlib.sha256(data).hexdigest() == referral.okr_checksum
                )
            else:
                values["ib_match"] = False
        return request.render("ib_referrals.okr_verify_page", values)
