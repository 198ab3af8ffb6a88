from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import IbCoreCommon


class IbSupportRequestCommon(IbCoreCommon):
    """IbCoreCommon plus a helper to file support requests as a given user."""

    def _request(self, user, pupil, **vals):
        values = {
            "pupil_id": pupil.id,
            "care_domain": "reading",
            "question": "<p>Reads slowly and guesses words.</p>",
            "tried": "<p>Duo reading for four weeks.</p>",
        }
        values.update(vals)
        return self.as_user(user, "ib.support.request").create(values)

    def _todo_activities(self, requests):
        todo_type = self.env.ref("mail.mail_activity_data_todo")
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "ib.support.request"),
                ("res_id", "in", requests.ids),
                ("activity_type_id", "=", todo_type.id),
            ]
        )


@tagged("post_install", "-at_install")
class TestSupportRequestAccess(IbSupportRequestCommon):
    def test_teacher_files_request_for_own_pupil(self):
        request = self._request(self.teacher_5, self.pupil_5a)
        year = fields.Date.context_today(request).year
        self.assertRegex(request.name, rf"^HV/{year}/\d{{4}}$")
        self.assertEqual(request.requester_id, self.teacher_5)
        self.assertEqual(request.state, "new")
        self.assertEqual(request.company_id, self.school_a)
        self.assertEqual(request.group_id, self.group_5)
        self.assertEqual(request.coordinator_id, self.coordinator_a)

    def test_teacher_refused_for_pupil_of_other_group(self):
        with self.assertRaises(AccessError):
            self._request(self.teacher_5, self.pupil_6a)
        with self.assertRaises(AccessError):
            self._request(self.teacher_5, self.pupil_b)
        self.assertFalse(
            self.env["ib.support.request"].search(
                [("pupil_id", "in", (self.pupil_6a | self.pupil_b).ids)]
            )
        )

    def test_teacher_sees_only_own_groups_requests(self):
        own = self._request(self.teacher_5, self.pupil_5a)
        other = self._request(self.teacher_6, self.pupil_6a)
        Request = self.as_user(self.teacher_5, "ib.support.request")
        self.assertEqual(Request.search([]), own)
        self.assertEqual(Request.search_count([("pupil_id", "=", self.pupil_6a.id)]), 0)
        with self.assertRaises(AccessError):
            Request.browse(other.id).read(["question"])
        # the pupil's form lists only what the teacher may see
        self.assertEqual(
            self.pupil_5a.with_user(self.teacher_5).support_request_ids, own
        )

    def test_teacher_may_not_set_coordinator_fields(self):
        with self.assertRaises(AccessError):
            self._request(self.teacher_5, self.pupil_5a, answer="<p>Done</p>")
        with self.assertRaises(AccessError):
            self._request(self.teacher_5, self.pupil_5a, state="answered")
        with self.assertRaises(AccessError):
            self._request(
                self.teacher_5, self.pupil_5a, coordinator_id=self.coordinator_b.id
            )
        with self.assertRaises(AccessError):
            self._request(self.teacher_5, self.pupil_5a, requester_id=self.teacher_6.id)

    def test_teacher_edits_own_request_while_new(self):
        request = self._request(self.teacher_5, self.pupil_5a)
        as_teacher = request.with_user(self.teacher_5)
        as_teacher.write({"question": "<p>Also struggles with spelling.</p>"})
        self.assertIn("spelling", request.question)
        with self.assertRaises(AccessError):
            as_teacher.write({"answer": "<p>My own advice</p>"})
        with self.assertRaises(AccessError):
            as_teacher.write({"state": "closed"})
        with self.assertRaises(AccessError):
            as_teacher.write({"pupil_id": self.pupil_6a.id})
        # another teacher of the group cannot edit it
        self.group_5.teacher_ids = [Command.link(self.teacher_6.id)]
        with self.assertRaises(AccessError):
            request.with_user(self.teacher_6).write({"urgency": "high"})
        request.with_user(self.coordinator_a).action_start_analysis()
        with self.assertRaises(AccessError):
            as_teacher.write({"question": "<p>Changed later</p>"})

    def test_teacher_withdraws_own_new_request(self):
        request = self._request(self.teacher_5, self.pupil_5a)
        self.assertTrue(self._todo_activities(request))
        request.with_user(self.teacher_5).action_cancel()
        self.assertEqual(request.state, "cancelled")
        self.assertFalse(self._todo_activities(request))
        other = self._request(self.teacher_5, self.pupil_5b)
        other.with_user(self.coordinator_a).action_start_analysis()
        with self.assertRaises(AccessError):
            other.with_user(self.teacher_5).action_cancel()

    def test_coordinator_sees_own_school_only(self):
        req_5 = self._request(self.teacher_5, self.pupil_5a)
        req_6 = self._request(self.teacher_6, self.pupil_6a)
        req_b = self._request(self.teacher_b, self.pupil_b)
        self.assertEqual(
            self.as_user(self.coordinator_a, "ib.support.request").search([]),
            req_5 | req_6,
        )
        Request_b = self.as_user(self.coordinator_b, "ib.support.request")
        self.assertEqual(Request_b.search([]), req_b)
        with self.assertRaises(AccessError):
            Request_b.browse(req_5.id).read(["question"])
        with self.assertRaises(AccessError):
            Request_b.browse(req_5.id).action_start_analysis()
        # the coordinator of school A may file requests for any pupil of school A
        request = self._request(self.coordinator_a, self.pupil_6b)
        self.assertEqual(request.requester_id, self.coordinator_a)

    def test_director_reads_but_cannot_write(self):
        req_5 = self._request(self.teacher_5, self.pupil_5a)
        req_b = self._request(self.teacher_b, self.pupil_b)
        Request = self.as_user(self.director, "ib.support.request")
        self.assertEqual(Request.search([]), req_5 | req_b)
        self.assertTrue(Request.browse(req_5.id).question)
        with self.assertRaises(AccessError):
            Request.browse(req_5.id).write({"urgency": "high"})
        with self.assertRaises(AccessError):
            Request.browse(req_5.id).action_start_analysis()
        with self.assertRaises(AccessError):
            Request.browse(req_5.id).action_cancel()
        with self.assertRaises(AccessError):
            self._request(self.director, self.pupil_5b)

    def test_no_access_without_role_and_no_deletion(self):
        request = self._request(self.teacher_5, self.pupil_5a)
        with self.assertRaises(AccessError):
            self.as_user(self.employee, "ib.support.request").search([])
        for user in (self.teacher_5, self.coordinator_a, self.manager):
            with self.assertRaises(AccessError):
                request.with_user(user).unlink()

    def test_tracking_never_on_care_content(self):
        Request = self.env["ib.support.request"]
        tracked = {
            name
            for name, field in Request._fields.items()
            if getattr(field, "tracking", None)
        }
        # company_id: the school, related to the pupil's (tracked there)
        self.assertEqual(
            tracked, {"state", "coordinator_id", "deadline", "urgency", "company_id"}
        )


@tagged("post_install", "-at_install")
class TestSupportRequestFlow(IbSupportRequestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coordinator_a2 = cls._user(
            "t_ib_a2", "ib_core.group_ib_coordinator", cls.school_a
        )

    def test_assigned_to_the_schools_coordinator_with_activity(self):
        self.school_a.ib_coordinator_id = self.coordinator_a2
        deadline = fields.Date.today() + timedelta(days=5)
        request = self._request(self.teacher_5, self.pupil_5a, deadline=deadline)
        self.assertEqual(request.coordinator_id, self.coordinator_a2)
        activity = self._todo_activities(request)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.coordinator_a2)
        self.assertEqual(activity.date_deadline, deadline)
        self.assertIn(self.coordinator_a2.partner_id, request.message_partner_ids)

    def test_fallback_to_a_coordinator_of_the_school(self):
        self.assertFalse(self.school_a.ib_coordinator_id)
        # the manager also has the coordinator role, but only through Manager
        request = self._request(self.teacher_5, self.pupil_5a)
        self.assertEqual(request.coordinator_id, self.coordinator_a)
        self.assertEqual(
            self._request(self.teacher_b, self.pupil_b).coordinator_id,
            self.coordinator_b,
        )

    def test_school_coordinator_setting_is_validated(self):
        with self.assertRaises(ValidationError):
            self.school_a.ib_coordinator_id = self.teacher_5
        with self.assertRaises(ValidationError):
            self.school_a.ib_coordinator_id = self.coordinator_b

    def test_numbering_per_school(self):
        first_a = self._request(self.teacher_5, self.pupil_5a)
        second_a = self._request(self.teacher_5, self.pupil_5b)
        first_b = self._request(self.teacher_b, self.pupil_b)
        year = fields.Date.today().year
        self.assertEqual(first_a.name, f"HV/{year}/0001")
        self.assertEqual(second_a.name, f"HV/{year}/0002")
        self.assertEqual(first_b.name, f"HV/{year}/0001")

    def test_transitions(self):
        request = self._request(self.teacher_5, self.pupil_5a)
        as_coordinator = request.with_user(self.coordinator_a)
        with self.assertRaises(UserError):
            as_coordinator.action_close()
        as_coordinator.action_start_analysis()
        self.assertEqual(request.state, "analysis")
        with self.assertRaises(UserError):
            as_coordinator.action_start_analysis()
        with self.assertRaises(UserError):
            as_coordinator.action_answer()  # no answer written yet
        self.assertEqual(request.state, "analysis")
        as_coordinator.answer = "<p>Practise with the reading program.</p>"
        as_coordinator.action_answer()
        self.assertEqual(request.state, "answered")
        self.assertEqual(request.date_answered, fields.Date.today())
        self.assertEqual(request.outcome, "advice")
        self.assertFalse(self._todo_activities(request), "the to-do is done")
        notified = request.message_ids.filtered(
            lambda m: self.teacher_5.partner_id in m.partner_ids
        )
        self.assertEqual(len(notified), 1)
        self.assertNotIn("reading program", notified.body, "no care content mailed")
        with self.assertRaises(UserError):
            as_coordinator.action_cancel()
        as_coordinator.action_close()
        self.assertEqual(request.state, "closed")
        as_coordinator.action_reopen()
        self.assertEqual(request.state, "analysis")
        self.assertEqual(self._todo_activities(request).user_id, self.coordinator_a)

    def test_teacher_cannot_run_the_coordinators_transitions(self):
        request = self._request(self.teacher_5, self.pupil_5a)
        as_teacher = request.with_user(self.teacher_5)
        for method in (
            "action_start_analysis",
            "action_answer",
            "action_close",
            "action_reopen",
        ):
            with self.assertRaises(AccessError, msg=method):
                getattr(as_teacher, method)()
        self.assertEqual(request.state, "new")

    def test_answered_needs_an_answer_whatever_the_route(self):
        request = self._request(self.teacher_5, self.pupil_5a)
        with self.assertRaises(ValidationError):
            request.with_user(self.coordinator_a).write({"state": "answered"})

    def test_reassigning_moves_the_todo(self):
        request = self._request(self.teacher_5, self.pupil_5a)
        request.with_user(self.coordinator_a).coordinator_id = self.coordinator_a2
        activities = self._todo_activities(request)
        self.assertEqual(activities.user_id, self.coordinator_a2)
        self.assertEqual(len(activities), 1)
        # the teacher moves the deadline: the coordinator's to-do follows
        later = fields.Date.today() + timedelta(days=30)
        request.with_user(self.teacher_5).deadline = later
        self.assertEqual(activities.date_deadline, later)

    def test_outcome_link(self):
        request = self._request(self.teacher_5, self.pupil_5a)
        follow_up = self._request(self.teacher_5, self.pupil_5a, care_domain="spelling")
        as_coordinator = request.with_user(self.coordinator_a)
        as_coordinator.action_start_analysis()
        as_coordinator._ib_record_outcome(follow_up, "other")
        self.assertEqual(request.outcome, "other")
        self.assertEqual(request.outcome_ref, follow_up)
        self.assertIn(follow_up.name, request.message_ids[0].body)
        with self.assertRaises(ValidationError):
            as_coordinator._ib_record_outcome(follow_up, "holiday")
        with self.assertRaises(ValidationError):
            as_coordinator._ib_record_outcome(self.teacher_5.partner_id, "other")
        with self.assertRaises(ValidationError):
            as_coordinator._ib_record_outcome(self.pupil_b, "other")
        with self.assertRaises(AccessError):
            request.with_user(self.teacher_5)._ib_record_outcome(follow_up, "plan")
        self.assertIn("ib.support.request", dict(request._selection_outcome_ref()))
        as_coordinator.answer = "<p>See the follow-up.</p>"
        as_coordinator.action_answer()
        self.assertEqual(request.outcome, "other", "answering keeps the outcome")
        as_coordinator.action_close()
        with self.assertRaises(UserError):
            as_coordinator._ib_record_outcome(follow_up, "plan")

    def test_pupil_file_shows_open_requests(self):
        open_request = self._request(self.teacher_5, self.pupil_5a)
        closed = self._request(self.teacher_5, self.pupil_5a)
        closed.with_user(self.coordinator_a).write({"answer": "<p>Advice</p>"})
        closed.with_user(self.coordinator_a).action_answer()
        closed.with_user(self.coordinator_a).action_close()
        pupil = self.pupil_5a.with_user(self.teacher_5)
        self.assertEqual(pupil.support_request_count, 1)
        self.assertEqual(pupil.support_request_ids, open_request)
        action = pupil.action_view_support_requests()
        self.assertEqual(action["res_model"], "ib.support.request")
        self.assertEqual(
            self.env["ib.support.request"].search(action["domain"]),
            open_request | closed,
        )
