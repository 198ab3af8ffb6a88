from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from .test_support_request import IbSupportRequestCommon


@tagged("post_install", "-at_install")
class TestSupportRequestTour(HttpCase, IbSupportRequestCommon):
    """The teacher's and the coordinator's screens, in the browser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # logins of 8+ characters: the tour logs in with password = login
        cls.tour_coordinator = cls._user(
            "t_tour_coordinator", "ib_core.group_ib_coordinator", cls.school_a
        )
        cls.tour_teacher = cls._user(
            "t_tour_teacher5", "ib_core.group_ib_teacher", cls.school_a
        )
        cls.group_5.teacher_ids = [Command.link(cls.tour_teacher.id)]
        cls.school_a.ib_coordinator_id = cls.tour_coordinator

    def test_teacher_files_a_request_from_the_pupil_file(self):
        self.start_tour(
            "/odoo", "ib_support_request_teacher_tour", login="t_tour_teacher5"
        )
        request = self.env["ib.support.request"].search(
            [("pupil_id", "=", self.pupil_5a.id)]
        )
        self.assertEqual(len(request), 1)
        self.assertEqual(request.requester_id, self.tour_teacher)
        self.assertEqual(request.coordinator_id, self.tour_coordinator)
        self.assertEqual(request.care_domain, "reading")
        self.assertIn("reads slowly", request.question)

    def test_coordinator_opens_a_counter_of_the_overview(self):
        self._request(self.teacher_5, self.pupil_5a)
        self.start_tour("/odoo", "ib_overview_tour", login="t_tour_coordinator")
