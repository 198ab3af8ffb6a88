from odoo import http
from odoo.http import request

from odoo.addons.ib_core.controllers.portal import IbParentPortal
from odoo.addons.ib_core.controllers.portal_mixin import NAME_MAX_CHARS, TEXT_MAX_CHARS

from ..models.ib_referral import PARENT_PORTAL_FIELDS


class IbReferralParentPortal(IbParentPortal):
    """The parents' pages of the educational reports (OKR) the school shares
    with them: add to the parents' view while the report is a draft, read the
    final report and confirm (signed) that they have seen it.

    Parents have no access rights on referrals (the portal rule of referrals is
    the providers'). The children are found as the parent, limited to guardians
    with parental authority and portal access; the referral is then looked up
    with sudo, restricted to those children and to reports shared with the
    parents, and only the values of ``_ib_okr_values`` (fields of
    ``PARENT_PORTAL_FIELDS``) and the text of a final report are printed. A referral
    that does not exist and one of another family give the same 404.
    """

    def _ib_okr_domain(self):
        children = self._ib_children(parental_authority=True)
        return [
            ("pupil_id", "in", children.ids),
            ("okr_share_with_parents", "=", True),
        ]

    def _ib_okr_referrals(self):
        # sudo: parents have no access to referrals; the domain limits the
        # lookup to shared reports of the children found as this parent.
        return (
            request.env["ib.referral"]
            .sudo()
            .search(self._ib_okr_domain(), order="id desc")
        )

    def _ib_okr_referral(self, referral_id):
        # sudo: see _ib_okr_referrals
        return self._ib_find(
            request.env["ib.referral"].sudo(), referral_id, self._ib_okr_domain()
        )

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        # The reports are found through the children, searched as the user.
        self._ib_set_counter(
            values,
            counters,
            "ib_okr_count",
            request.env["ib.pupil"],
            lambda: len(self._ib_okr_referrals()),
        )
        return values

    def _ib_okr_values(self, referrals_sudo):
        """What parents see of the referrals (already found for them)."""
        # Only the fields meant for the parents (PARENT_PORTAL_FIELDS): the
        # reasoning, history, question and other notes stay with the school.
        referrals_sudo.fetch(list(PARENT_PORTAL_FIELDS))
        referrals_sudo.pupil_id.fetch(["name"])
        referrals_sudo.partner_id.fetch(["name"])
        return [
            {
                "id": referral.id,
                "url": f"/my/okr/{referral.id}",
                "name": referral.name,
                "child": referral.pupil_id.name,
                "party": referral.partner_id.name,
                "final": bool(referral.okr_attachment_id),
                "final_date": referral.okr_final_date,
                "seen_date": referral.okr_seen_date,
                "seen_name": referral.okr_seen_name,
                "parents_view": referral.parents_view or "",
                "parents_portal_view": referral.parents_portal_view or "",
                "parents_portal_view_date": referral.parents_portal_view_date,
                "can_add_view": referral._ib_parents_can_add_view(),
                "can_confirm": referral._ib_parents_can_confirm(),
            }
            for referral in referrals_sudo
        ]

    @http.route("/my/okr", type="http", auth="user", website=True)
    def ib_portal_okrs(self, **kw):
        referrals = self._ib_okr_referrals()
        values = {"page_name": "ib_okrs", "ib_okrs": self._ib_okr_values(referrals)}
        return self._ib_render("ib_referrals.portal_my_okrs", values)

    @http.route("/my/okr/<int:referral_id>", type="http", auth="user", website=True)
    def ib_portal_okr(self, referral_id, message=None, error=None, **kw):
        referral = self._ib_okr_referral(referral_id)
        values = {
            "page_name": "ib_okr",
            "ib_okr": self._ib_okr_values(referral)[0],
            # The text of the final report only: a draft stays with the school.
            "ib_okr_body": referral.okr_body if referral.okr_attachment_id else "",
            "ib_okr_sections": [
                (label, referral[name])
                for name, label in referral._ib_okr_required_sections().items()
            ]
            if referral.okr_attachment_id
            else [],
            "ib_signer_name": self._ib_partner().name,
            "ib_message": message,
            "ib_error": error,
        }
        return self._ib_render("ib_referrals.portal_my_okr", values)

    @http.route("/my/okr/<int:referral_id>/pdf", type="http", auth="user", website=True)
    def ib_portal_okr_pdf(self, referral_id, **kw):
        referral = self._ib_okr_referral(referral_id)
        return self._ib_download(referral.okr_attachment_id)

    @http.route(
        "/my/okr/<int:referral_id>/view",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def ib_portal_okr_view(self, referral_id, view=None, **kw):
        referral = self._ib_okr_referral(referral_id)
        url = f"/my/okr/{referral.id}"
        if not referral._ib_parents_can_add_view():
            return request.redirect(f"{url}?error=closed")
        text = (view or "").strip()
        if not text:
            return request.redirect(f"{url}?error=view_missing")
        if len(text) > TEXT_MAX_CHARS:
            return request.redirect(f"{url}?error=view_long")
        # sudo: found above for this parent (parental authority, portal access,
        # shared report); parents have no write access on referrals.
        referral._ib_record_parents_view(self._ib_partner(), text)
        self._ib_schedule_for_coordinators(
            referral,
            request.env._(
                "The parents added to their view: regenerate the educational "
                "report (OKR)"
            ),
        )
        return request.redirect(f"{url}?message=view_added")

    @http.route(
        "/my/okr/<int:referral_id>/seen", type="jsonrpc", auth="user", website=True
    )
    def ib_portal_okr_seen(self, referral_id, name=None, signature=None, **kw):
        referral, refusal = self._ib_signed_answer(
            lambda: self._ib_okr_referral(referral_id),
            lambda referral: referral._ib_parents_can_confirm(),
            request.env._(
                "This educational report does not wait for your confirmation."
            ),
            name,
            signature,
        )
        if refusal:
            return refusal
        # sudo: found above for this parent; parents cannot write referrals.
        referral._ib_record_parents_seen(
            self._ib_partner(), name.strip()[:NAME_MAX_CHARS], signature
        )
        return {
            "force_refresh": True,
            "redirect_url": f"/my/okr/{referral.id}?message=seen",
        }
