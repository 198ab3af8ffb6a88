from odoo.tests import HttpCase, tagged

from odoo.addons.ib_core.tests.demo_dutch import IbDemoDutchMixin


@tagged("post_install", "-at_install")
class TestMeetingsDemoDutch(HttpCase, IbDemoDutchMixin):
    """The meetings of the demo, as the demo coordinator and the parent invited to
    a conversation see them in the browser: no English demo text (issue 22)."""

    LIST = ".o_view_controller .o_data_row"
    FORM = ".o_form_view .o_form_sheet"

    def test_meetings_are_dutch(self):
        discussion = self.env.ref("ib_meetings.meeting_regenboog_5_pupil_discussion")
        conversation = self.env.ref(
            "ib_meetings.meeting_regenboog_22_parent_conversation"
        )
        meetings = "/odoo/action-ib_meetings.calendar_event_action_ib"
        for login, page, url, ready in (
            ("ib.regenboog", "the meetings", meetings, self.LIST),
            (
                "ib.regenboog",
                "the pupil discussion of Groep 5",
                f"{meetings}/{discussion.id}",
                self.FORM,
            ),
            ("ouder.devries", "the meetings in the portal", "/my/meetings", "#wrap"),
            (
                "ouder.devries",
                "the parent conversation in the portal",
                f"/my/meetings/{conversation.id}",
                "#wrap",
            ),
        ):
            with self.subTest(page=page):
                self.assert_dutch_page(login, url, ready, page)
