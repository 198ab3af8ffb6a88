from odoo.tests import HttpCase, tagged

from odoo.addons.ib_core.tests.demo_dutch import IbDemoDutchMixin


@tagged("post_install", "-at_install")
class TestReferralsDemoDutch(HttpCase, IbDemoDutchMixin):
    """The referrals, the social map and the educational report of the demo, as the
    demo coordinator and parent see them in the browser: no English demo text
    (issue 22)."""

    LIST = ".o_view_controller .o_data_row, .o_view_controller .o_kanban_record"
    FORM = ".o_form_view .o_form_sheet"

    def test_referrals_and_report_are_dutch(self):
        okr = self.env.ref("ib_referrals.referral_regenboog_21_okr_draft")
        referrals = "/odoo/action-ib_referrals.ib_referral_action"
        for login, page, url, ready in (
            ("ib.regenboog", "the referrals", referrals, self.LIST),
            (
                "ib.regenboog",
                "the referral of Fenna",
                f"{referrals}/{okr.id}",
                self.FORM,
            ),
            (
                "ib.regenboog",
                "the social map",
                "/odoo/action-ib_referrals.res_partner_social_map_action",
                self.LIST,
            ),
            ("ouder.jansen", "the reports in the portal", "/my/okr", "#wrap"),
            (
                "ouder.jansen",
                "the report on Fenna in the portal",
                f"/my/okr/{okr.id}",
                "#wrap",
            ),
        ):
            with self.subTest(page=page):
                self.assert_dutch_page(login, url, ready, page)
