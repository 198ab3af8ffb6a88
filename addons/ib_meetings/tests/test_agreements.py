from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import IbMeetingsCommon


@tagged("post_install", "-at_install")
class TestAgreements(IbMeetingsCommon):
    """Agreements become to-dos of the responsible user and follow the item."""

    def _activities(self, agreements):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "ib.meeting.agreement"),
                ("res_id", "in", agreements.ids),
            ]
        )

    def _agreement(self, item, **vals):
        return self.as_user(self.coordinator_a, "ib.meeting.agreement").create(
            dict({"item_id": item.id}, **vals)
        )

    def test_agreement_becomes_activity_of_responsible(self):
        agreement = self.item_5a.agreement_ids
        activity = self._activities(agreement)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.teacher_5)
        self.assertEqual(activity.summary, "Read aloud three times a week")
        self.assertEqual(activity.date_deadline, agreement.date_deadline)
        # The teacher finds it among their own activities, and opens the agreement.
        mine = self.as_user(self.teacher_5, "mail.activity").search(
            [("user_id", "=", self.teacher_5.id), ("res_model", "=", agreement._name)]
        )
        self.assertEqual(mine, activity)
        self.assertEqual(
            self.as_user(self.teacher_5, "ib.meeting.agreement")
            .browse(agreement.id)
            .name,
            "Read aloud three times a week",
        )
        # An agreement without a responsible user gets no activity.
        self.assertFalse(
            self._activities(
                self._agreement(
                    self.item_5a,
                    name="Parents read along",
                    responsible_other="The parents",
                )
            )
        )

    def test_marking_activity_done_marks_agreement_done(self):
        agreement = self.item_5a.agreement_ids
        activity = self.as_user(self.teacher_5, "mail.activity").browse(
            self._activities(agreement).id
        )
        activity.action_feedback(feedback="Done every week")
        self.assertEqual(agreement.state, "done")
        self.assertTrue(agreement.date_done)
        self.assertFalse(self._activities(agreement))

    def test_marking_agreement_done_closes_activity(self):
        agreement = self.as_user(self.teacher_5, "ib.meeting.agreement").browse(
            self.item_5a.agreement_ids.id
        )
        agreement.action_done()
        self.assertEqual(agreement.state, "done")
        self.assertFalse(self._activities(agreement))
        # Reopened by the coordinator: the to-do comes back.
        self.as_user(self.coordinator_a, "ib.meeting.agreement").browse(
            agreement.id
        ).action_reopen()
        self.assertEqual(self._activities(agreement).user_id, self.teacher_5)

    def test_reassign_and_cancel_follow_the_activity(self):
        agreement = self.as_user(self.coordinator_a, "ib.meeting.agreement").browse(
            self.item_5a.agreement_ids.id
        )
        agreement.user_id = self.coordinator_a
        self.assertEqual(self._activities(agreement).user_id, self.coordinator_a)
        agreement.action_cancel()
        self.assertFalse(self._activities(agreement))
        self.assertEqual(agreement.state, "cancelled")

    def test_confidential_agreement_never_goes_to_a_teacher(self):
        with self.assertRaises(UserError):
            self._agreement(
                self.item_5b, name="Talk to Bram", user_id=self.teacher_5.id
            )
        confidential = self.item_5b.agreement_ids
        with self.assertRaises(UserError):
            self.as_user(self.coordinator_a, "ib.meeting.agreement").browse(
                confidential.id
            ).user_id = self.teacher_5
        self.assertEqual(confidential.user_id, self.coordinator_a)
        self.assertFalse(
            self.as_user(self.teacher_5, "mail.activity")
            .search([("res_model", "=", "ib.meeting.agreement")])
            .filtered(lambda a: a.res_id == confidential.id)
        )

    def test_agreement_not_for_teacher_of_another_group(self):
        with self.assertRaises(UserError):
            self._agreement(
                self.item_5a, name="Observe Anna", user_id=self.teacher_6.id
            )

    def test_teacher_only_marks_own_agreements_done(self):
        agreement = self.item_5a.agreement_ids
        mine = self.as_user(self.teacher_5, "ib.meeting.agreement").browse(agreement.id)
        with self.assertRaises(AccessError):
            mine.write({"name": "Read aloud once a week"})
        with self.assertRaises(AccessError):
            mine.write({"date_deadline": False})
        other = self._agreement(
            self.item_5a, name="Test Anna's reading", user_id=self.coordinator_a.id
        )
        with self.assertRaises(AccessError):
            self.as_user(self.teacher_5, "ib.meeting.agreement").browse(
                other.id
            ).action_done()
        self.assertEqual(other.state, "open")
        self.assertEqual(agreement.name, "Read aloud three times a week")
        # A teacher of another group cannot even read them.
        with self.assertRaises(AccessError):
            self.as_user(self.teacher_6, "ib.meeting.agreement").browse(
                agreement.id
            ).read(["name"])

    def test_overdue_agreements_on_the_coordinators_overview(self):
        agreement = self.item_5a.agreement_ids
        agreement.date_deadline = fields.Date.today() - timedelta(days=1)
        company = self.as_user(self.coordinator_a, "res.company").browse(
            self.school_a.id
        )
        card = {c["key"]: c for c in company.ib_overview_counters}
        self.assertEqual(card["meeting_agreements_overdue"]["count"], 1)
        action = company.action_open_counter("meeting_agreements_overdue")
        self.assertEqual(
            self.env[action["res_model"]].search(action["domain"]), agreement
        )
        agreement.state = "done"
        company.invalidate_recordset()
        card = {c["key"]: c for c in company.ib_overview_counters}
        self.assertEqual(card["meeting_agreements_overdue"]["count"], 0)

    def test_agreements_are_listed_on_the_pupil_file(self):
        pupil = self.as_user(self.coordinator_a, "ib.pupil").browse(self.pupil_5b.id)
        self.assertEqual(pupil.ib_meeting_agreement_ids.name, "Call the youth nurse")
        self.assertEqual(
            pupil.ib_meeting_agreement_ids.responsible_label, self.coordinator_a.name
        )
