from odoo.tests import HttpCase, tagged

from odoo.addons.ib_core.tests.demo_dutch import IbDemoDutchMixin


@tagged("post_install", "-at_install")
class TestCompetenciesDemoDutch(HttpCase, IbDemoDutchMixin):
    """The class visits and development plans of the demo, as the demo coordinator
    and teacher see them in the browser: no English demo text (issue 22)."""

    LIST = ".o_view_controller .o_data_row"
    FORM = ".o_form_view .o_form_sheet"

    def test_class_visits_and_plans_are_dutch(self):
        visit = self.env.ref("ib_competencies.demo_visit_sanne_1")
        visits = "/odoo/action-ib_competencies.ib_class_visit_action"
        for login, page, url, ready in (
            ("ib.regenboog", "the class visits", visits, self.LIST),
            (
                "ib.regenboog",
                "the class visit to juf Sanne",
                f"{visits}/{visit.id}",
                self.FORM,
            ),
            (
                "ib.regenboog",
                "the development plans",
                "/odoo/action-ib_competencies.ib_development_plan_action",
                self.LIST,
            ),
            ("juf.sanne", "the class visits to juf Sanne", visits, self.LIST),
        ):
            with self.subTest(page=page):
                self.assert_dutch_page(login, url, ready, page)
