from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import IbCareTeamCommon


@tagged("post_install", "-at_install")
class TestCaseload(IbCareTeamCommon):
    """The caseload arithmetic on the known set of the fixture."""

    def _figures(self, member):
        return (
            member.caseload_count,
            member.caseload_hours,
            member.hours_free,
            member.waiting_count,
            member.is_overloaded,
        )

    def test_pupils_in_care_and_their_hours(self):
        self.assertEqual(
            [p.ib_in_care for p in (self.pupil_5a, self.pupil_5b)], [True, True]
        )
        self.assertTrue(self.pupil_6a.ib_in_care)
        self.assertFalse(self.pupil_6b.ib_in_care, "a draft plan is no care yet")
        # Only the RT's and the coordinator's lines: not the teacher's or external.
        self.assertEqual(self.pupil_5a.ib_care_hours, 2.0)
        self.assertEqual(self.pupil_6a.ib_care_hours, 0.75)
        self.assertEqual(self.pupil_5b.ib_care_hours, 0.0)
        # Waiting: an open request without a plan; 6a's request led to a plan.
        self.assertEqual(self.pupil_5b.ib_waiting_request_count, 1)
        self.assertEqual(self.pupil_6a.ib_waiting_request_count, 0)

    def test_caseload_per_carer(self):
        self.assertEqual(self._figures(self.member_rt), (2, 2.0, 6.0, 1, False))
        self.assertEqual(self._figures(self.member_smw), (1, 0.75, 3.25, 0, False))
        self.assertEqual(self._figures(self.member_ib), (0, 0.0, 6.0, 0, False))

    def test_caseload_follows_plans_and_requests(self):
        # More RT hours for 5a: the RT is overloaded.
        self.plan_5a.write(
            {
                "approach_line_ids": [
                    Command.create(
                        {
                            "name": "Extra RT",
                            "provider": "remedial",
                            "hours_per_week": 7,
                        }
                    )
                ]
            }
        )
        self.assertEqual(self._figures(self.member_rt), (2, 9.0, -1.0, 1, True))
        # 5b's request gets a plan: no longer waiting, its hours count.
        self._plan(
            self.pupil_5b, [("remedial", 0.5)], support_request_id=self.request_5b.id
        )
        self.assertEqual(self._figures(self.member_rt), (2, 9.5, -1.5, 0, True))
        # 6b's plan starts: 6b is in care with its 3 hours.
        self.plan_6b.state = "active"
        self.assertEqual(self._figures(self.member_rt), (3, 12.5, -4.5, 0, True))
        # 5a's plan is closed: 5a leaves the caseload.
        self.plan_5a.state = "closed"
        self.assertEqual(self._figures(self.member_rt), (2, 3.5, 4.5, 0, False))
        # A new case holder moves the pupil and its hours.
        self.pupil_6b.case_holder_id = self.member_smw
        self.assertEqual(self._figures(self.member_rt), (1, 0.5, 7.5, 0, False))
        self.assertEqual(self._figures(self.member_smw), (2, 3.75, 0.25, 0, False))

    def test_school_caseload_by_person(self):
        """The coordinator's view: pupils in care grouped by case holder, with the
        sums (one query for the whole school)."""
        Pupil = self.as_user(self.coordinator_a, "ib.pupil")

        def caseload():
            return Pupil._read_group(
                [("ib_in_care", "=", True)],
                ["case_holder_id"],
                ["__count", "ib_care_hours:sum", "ib_waiting_request_count:sum"],
            )

        caseload()  # the rules and the user's groups are cached
        self.env.flush_all()
        with self.assertQueryCount(1):
            groups = caseload()
        by_holder = {holder.id: rest for holder, *rest in groups}
        self.assertEqual(by_holder[self.member_rt.id], [2, 2.0, 1])
        self.assertEqual(by_holder[self.member_smw.id], [1, 0.75, 0])
        Member = self.as_user(self.coordinator_a, "ib.care.team.member")
        members = Member.search(
            [("is_overloaded", "=", False), ("is_external", "=", False)],
            order="hours_free, id",
        )
        self.assertEqual(members[:2], self.member_smw | self.member_ib)

    def test_bad_members_refused(self):
        with self.assertRaises(ValidationError):
            self.member_rt.hours_available = -1
        with self.assertRaises(ValidationError):
            self.member_doctor.hours_available = 2
        with self.assertRaises(ValidationError):
            # an employee without a pupil care role
            self.env["ib.care.team.member"].create(
                {"team_id": self.team_a.id, "user_id": self.employee.id}
            )
        with self.assertRaises(ValidationError):
            # a user's own contact as an "external" member
            self.env["ib.care.team.member"].create(
                {"team_id": self.team_a.id, "partner_id": self.teacher_5.partner_id.id}
            )
