from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import content_disposition, request

from ..models.ib_assessment import DOMAINS
from ..wizard.ib_group_overview import XLSX_MIMETYPE


class IbCarePlansController(http.Controller):
    @http.route(
        "/ib_care_plans/group_overview/<int:group_id>/xlsx",
        type="http",
        auth="user",
        methods=["GET"],
    )
    def group_overview_xlsx(self, group_id, domain=None):
        """The group overview as a spreadsheet, built as the logged-in user:
        record rules decide what is in it. A group the user may not see and a
        group that does not exist get the same answer."""
        group = request.env["ib.group"].browse(group_id)
        domain = domain if domain in dict(DOMAINS) else None
        try:
            if not group.exists():
                raise MissingError(request.env._("This group does not exist."))
            content, filename = request.env["ib.group.overview"]._ib_xlsx_for_group(
                group, domain
            )
        except (AccessError, MissingError):
            raise request.not_found() from None
        return request.make_response(
            content,
            headers=[
                ("Content-Type", XLSX_MIMETYPE),
                ("Content-Disposition", content_disposition(filename)),
                ("Cache-Control", "no-store"),
            ],
        )
