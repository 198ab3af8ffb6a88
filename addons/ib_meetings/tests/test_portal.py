from datetime import timedelta

from odoo.fields import Command
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import IbMeetingsCommon


@tagged("post_install", "-at_install")
class TestMeetingsPortal(IbMeetingsCommon, HttpCase):
    """Over HTTP as parent A (pupil 5a) and parent B (pupil 5b): each sees their
    own child's meetings and shared minutes, nothing of the other child."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        start = cls._local(cls._next_monday(), 9)
        cls.mdo = cls._care_meeting(
            {
                "name": "MDO reading",
                "ib_kind": "mdo",
                "start": start,
                "stop": start + timedelta(hours=1),
                "location": "Room 12",
                "partner_ids": [
                    Command.set((cls.coordinator_a.partner_id | cls.parent_a).ids)
                ],
                "ib_item_ids": [Command.create({"pupil_id": cls.pupil_5a.id})],
            }
        )

    def _get(self, url):
        return self.url_open(url, allow_redirects=False)

    def _assert_refused(self, url, *secrets):
        response = self._get(url)
        self.assertEqual(response.status_code, 404, url)
        for secret in secrets:
            self.assertNotIn(secret, response.text, url)

    def test_parent_sees_own_meetings_and_shared_minutes(self):
        self.authenticate("t_parent_a", "t_parent_a")
        response = self._get("/my/meetings")
        self.assertEqual(response.status_code, 200)
        self.assertIn("MDO reading", response.text)
        self.assertIn(self.pupil_5a.name, response.text)
        self.assertIn(f"/my/meetings/minutes/{self.item_5a.id}", response.text)
        self.assertNotIn(self.pupil_5b.name, response.text)
        # The pupil discussion itself (staff only) is not among their meetings.
        self.assertNotIn("Pupil discussion group 5", response.text)

        self.assertPage(f"/my/meetings/{self.mdo.id}", ["Room 12"])
        minutes = f"/my/meetings/minutes/{self.item_5a.id}"
        internal = ["Internal: teacher sees little progress"]
        self.assertPage(
            minutes,
            ["Extra reading practice for Anna", "Read aloud three times a week"],
            internal,
        )
        self.assertPage(
            f"{minutes}?report_type=pdf&download=true",
            ["Extra reading practice for Anna"],
            internal,
        )

        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["ib_meeting_count"]}
        )
        self.assertEqual(counters["ib_meeting_count"], 2)

    def test_parent_of_another_child_is_refused(self):
        self.authenticate("t_parent_b", "t_parent_b")
        response = self._get("/my/meetings")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(self.pupil_5a.name, response.text)
        self.assertNotIn("MDO reading", response.text)
        secrets = (self.pupil_5a.name, "Extra reading practice", "Room 12")
        self._assert_refused(f"/my/meetings/{self.mdo.id}", *secrets)
        self._assert_refused(f"/my/meetings/{self.meeting.id}", *secrets)
        self._assert_refused(f"/my/meetings/minutes/{self.item_5a.id}", *secrets)
        self._assert_refused(
            f"/my/meetings/minutes/{self.item_5a.id}?report_type=pdf", *secrets
        )
        # The confidential item about their own child is not shared either.
        self._assert_refused(
            f"/my/meetings/minutes/{self.item_5b.id}", "Secret family", "youth nurse"
        )
        # Missing records answer exactly like forbidden ones.
        self._assert_refused("/my/meetings/minutes/999999")
        self._assert_refused("/my/meetings/999999")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["ib_meeting_count"]}
        )
        self.assertEqual(counters["ib_meeting_count"], 0)

    def test_unshared_minutes_disappear(self):
        self.item_5a.shared_with_parents = False
        self.authenticate("t_parent_a", "t_parent_a")
        self._assert_refused(
            f"/my/meetings/minutes/{self.item_5a.id}", "Extra reading practice"
        )
        response = self._get(f"/my/meetings/{self.mdo.id}")
        self.assertNotIn("Extra reading practice", response.text)

    def test_staff_report_route_refuses_parents(self):
        self.authenticate("t_parent_a", "t_parent_a")
        # Odoo's report route logs the refused read as a WARNING of odoo.http
        with mute_logger("odoo.http"):
            response = self._get(
                f"/report/html/ib_meetings.report_meeting_minutes/{self.meeting.id}"
            )
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn("Secret family situation", response.text)
        self.assertNotIn("Internal: teacher sees little progress", response.text)

    def test_meeting_page_lists_its_shared_minutes_only(self):
        """The meeting page finds its minutes without reading the items' meeting
        as the parent (not on their whitelist)."""
        mdo_item = self.mdo.ib_item_ids
        mdo_item.write(
            {
                "conclusion": "<p>Speech therapy for Anna</p>",
                "shared_with_parents": True,
            }
        )
        self.authenticate("t_parent_a", "t_parent_a")
        response = self._get(f"/my/meetings/{self.mdo.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(f"/my/meetings/minutes/{mdo_item.id}", response.text)
        # The minutes of the other meeting (also shared) are not listed here.
        self.assertNotIn(f"/my/meetings/minutes/{self.item_5a.id}", response.text)
