from odoo.tests import HttpCase, tagged

from odoo.addons.ib_core.tests.demo_dutch import IbDemoDutchMixin


@tagged("post_install", "-at_install")
class TestCarePlansDemoDutch(HttpCase, IbDemoDutchMixin):
    """The plans and test results of the demo, as the demo coordinator, teacher and
    parent see them in the browser: no English demo text (issue 22)."""

    LIST = ".o_view_controller .o_data_row, .o_view_controller .o_kanban_record"
    FORM = ".o_form_view .o_form_sheet"

    def test_plans_and_results_are_dutch(self):
        opp = self.env.ref("ib_care_plans.care_plan_opp_regenboog_24")
        plan = "/odoo/action-ib_care_plans.ib_care_plan_action"
        for login, page, url, ready in (
            ("ib.regenboog", "the care plans", plan, self.LIST),
            ("ib.regenboog", "the OPP of Luuk", f"{plan}/{opp.id}", self.FORM),
            (
                "ib.regenboog",
                "the test results",
                "/odoo/action-ib_care_plans.ib_assessment_result_action",
                self.LIST,
            ),
            ("juf.sanne", "the care plans of juf Sanne", plan, self.LIST),
            ("ouder.bakker", "the plans in the portal", "/my/plans", "#wrap"),
            (
                "ouder.bakker",
                "the OPP of Luuk in the portal",
                f"/my/plans/{opp.id}",
                "#wrap",
            ),
        ):
            with self.subTest(page=page):
                self.assert_dutch_page(login, url, ready, page)
