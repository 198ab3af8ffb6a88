from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from odoo.addons.ib_core.controllers.portal_mixin import IbPortalMixin
from odoo.addons.portal.controllers.portal import CustomerPortal


class IbCarePlansPortal(IbPortalMixin, CustomerPortal):
    """Parents' page with the test results the school shares (a setting per
    test), of their own children only.

    Results are searched as the parent, without sudo: the portal record rule
    (shared test, own child with portal access) decides, and the same conditions
    are repeated in the domain so that a wider rule added elsewhere can never
    widen this page. The results' fields are read as the parent too, so only the
    model's portal whitelist can be printed (remarks and signals cannot); sudo
    is used afterwards only for the names of the child, the test and the school
    year of results found that way.
    """

    def _ib_shared_results_domain(self, pupil_ids=None):
        children = self._ib_children_ids()
        if pupil_ids is not None:
            children = [pupil for pupil in children if pupil in pupil_ids]
        return [("share_with_parents", "=", True), ("pupil_id", "in", children)]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        Result = request.env["ib.assessment.result"]
        self._ib_set_counter(
            values,
            counters,
            "ib_test_result_count",
            Result,
            lambda: Result.search_count(self._ib_shared_results_domain()),
        )
        return values

    def _ib_result_rows(self, results):
        # Read as the parent, in one query: the model's portal whitelist
        # (ib.assessment.result._ib_portal_fields), which holds every field the
        # page prints. A field outside it (remarks, signal, ...) raises
        # AccessError instead of reaching the page.
        results.fetch(results._ib_portal_fields)
        moments = dict(results._fields["moment"]._description_selection(request.env))
        children = {}
        for result in results:
            # sudo: only the names of the child, the test and the school year of a
            # result the parent may read (parents cannot read the test catalogue)
            pupil = result.pupil_id.sudo()
            child = children.setdefault(pupil.id, {"name": pupil.name, "results": []})
            child["results"].append(
                {
                    "test": result.assessment_id.sudo().name,
                    "year": result.school_year_id.sudo().name,
                    "moment": moments.get(result.moment, ""),
                    "date": result.date,
                    "score": f"{result.score:g}" if result.score else "",
                    "level": result.level_label or "",
                    "percentile": result.percentile or "",
                }
            )
        return list(children.values())

    @http.route(
        ["/my/test-results", "/my/test-results/<int:pupil_id>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_test_results(self, pupil_id=None, **kw):
        Result = request.env["ib.assessment.result"]
        if not Result.has_access("read"):
            raise NotFound()
        domain = self._ib_shared_results_domain(
            None if pupil_id is None else [pupil_id]
        )
        results = Result.search(
            domain, order="pupil_id, domain, assessment_id, date desc, id desc"
        )
        if pupil_id is not None and not results:
            # not a child of this parent, or nothing shared: the same answer
            raise NotFound()
        return self._ib_render(
            "ib_care_plans.portal_my_test_results",
            {
                "page_name": "ib_test_results",
                "children": self._ib_result_rows(results),
            },
        )
