import re

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request


class IbSupportProfilePublic(http.Controller):
    """The school support profile as the law wants it: public, for parents
    choosing a school as well as for the school's own parents. Only the
    published version of a school is shown; a school without one, a draft and
    an archived version give a 404."""

    def _ib_published_profile(self, school):
        """The published support profile of ``school`` (the school's slug,
        ``name-id``, or its id), or a 404."""
        match = re.fullmatch(r"(?:.*-)?(\d+)", school or "")
        if not match:
            raise NotFound()
        # sudo: the visitor may be anonymous. The domain limits the lookup to
        # the one published version of the school, and the templates print only
        # the parts of it meant for parents.
        profile = (
            request.env["ib.support.profile"]
            .sudo()
            .search(
                [("company_id", "=", int(match[1])), ("state", "=", "published")],
                limit=1,
            )
        )
        if not profile:
            raise NotFound()
        lang = profile.company_id.partner_id.lang
        if lang and request.env["res.lang"]._lang_get(lang):
            request.update_context(lang=lang)
            profile = profile.with_context(lang=lang)
        return profile

    @http.route(
        "/schoolondersteuningsprofiel/<string:school>",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
        website=True,
    )
    def ib_support_profile_page(self, school, **kwargs):
        profile = self._ib_published_profile(school)
        return request.render(
            "ib_support_profile.support_profile_public_page",
            {
                "profile": profile,
                "pdf_url": f"{profile.public_url}/pdf",
            },
        )

    @http.route(
        "/schoolondersteuningsprofiel/<string:school>/pdf",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
        website=True,
    )
    def ib_support_profile_pdf(self, school, **kwargs):
        profile = self._ib_published_profile(school)
        # sudo: as above, the published version of the school only.
        content, kind = (
            request.env["ir.actions.report"]
            .sudo()
            .with_context(lang=profile.env.lang)
            ._render_qweb_pdf(
                "ib_support_profile.report_ib_support_profile", profile.ids
            )
        )
        mimetype = "application/pdf" if kind == "pdf" else "text/html"
        filename = f"Schoolondersteuningsprofiel {profile.company_id.name} "
        filename += f"{profile.school_year_id.name}.{kind}"
        return request.make_response(
            content,
            headers=[
                ("Content-Type", mimetype),
                ("Content-Length", len(content)),
                (
                    "Content-Disposition",
                    http.content_disposition(filename),
                ),
            ],
        )
