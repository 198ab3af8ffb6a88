from datetime import datetime, timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import IbCareTeamCommon


@tagged("post_install", "-at_install")
class TestTeamMeeting(IbCareTeamCommon):
    """A care-team meeting (ZAT) is a care meeting of ib_meetings: pupils on the
    agenda, the consent guard for the external youth doctor, agreements on the
    pupil file."""

    def _zat(self, externals=True):
        start = datetime.now().replace(microsecond=0, second=0, minute=0)
        start += timedelta(days=7)
        Event = self.as_user(self.coordinator_a, "calendar.event").with_context(
            no_mail_to_attendees=True
        )
        team = self._records_as(self.coordinator_a, self.team_a)
        vals = team._ib_meeting_vals(
            start, start + timedelta(hours=1), "ZAT", externals=externals
        )
        return Event.create(vals)

    def _consent(self, pupil, partner):
        parent = self._guardian(pupil, f"Parent of {pupil.first_name}").partner_id
        consent = self.env["ib.consent"].create(
            {
                "pupil_id": pupil.id,
                "partner_id": parent.id,
                "purpose": "mdo",
                "external_partner_id": partner.id,
            }
        )
        consent.state = "requested"
        consent._ib_answer(
            "given",
            "verbal",
            answer_date=datetime.now().date() - timedelta(days=1),
            recorded_by_id=self.coordinator_a.id,
        )
        return consent

    def test_team_meeting_is_a_care_meeting_of_the_school(self):
        meeting = self._zat()
        self.assertEqual(meeting.ib_kind, "care_meeting")
        self.assertEqual(meeting.ib_company_id, self.school_a)
        self.assertIn(self.env.ref("ib_care_team.event_type_zat"), meeting.categ_ids)
        self.assertEqual(
            meeting.partner_ids,
            (self.coordinator_a | self.rt | self.smw).partner_id | self.doctor,
        )
        self.assertEqual(self.team_a.meeting_count, 1)
        with self.assertRaises(AccessError):
            meeting.ib_care_team_id = self.team_b
        with self.assertRaises(ValidationError):
            self.env["calendar.event"].browse(meeting.id).write(
                {"ib_care_team_id": self.team_b.id, "ib_company_id": self.school_a.id}
            )

    def test_external_member_without_consent_refused_on_an_agenda_item(self):
        meeting = self._zat()
        Item = self.as_user(self.coordinator_a, "ib.meeting.item")
        with self.assertRaises(UserError) as caught:
            Item.create({"event_id": meeting.id, "pupil_id": self.pupil_5a.id})
        self.assertIn(self.doctor.name, str(caught.exception))
        self.assertFalse(meeting.ib_item_ids)
        # With the parents' consent for the youth doctor the pupil goes on.
        self._consent(self.pupil_5a, self.doctor)
        item = Item.create({"event_id": meeting.id, "pupil_id": self.pupil_5a.id})
        self.assertEqual(meeting.ib_pupil_ids, self.pupil_5a)
        # Inviting the doctor to a meeting about a pupil without consent: refused.
        internal = self._zat(externals=False)
        Item.create({"event_id": internal.id, "pupil_id": self.pupil_5b.id})
        with self.assertRaises(UserError):
            internal.write({"partner_ids": [Command.link(self.doctor.id)]})
        # The decision becomes an agreement on the pupil file.
        item.write(
            {
                "conclusion": "<p>Youth doctor sees the parents</p>",
                "agreement_ids": [
                    Command.create(
                        {"name": "Invite the parents", "user_id": self.teacher_5.id}
                    )
                ],
            }
        )
        agreements = self.as_user(self.teacher_5, "ib.meeting.agreement").search(
            [("pupil_id", "=", self.pupil_5a.id)]
        )
        self.assertEqual(agreements.mapped("name"), ["Invite the parents"])

    def test_only_the_coordinator_plans_team_meetings(self):
        with self.assertRaises(AccessError):
            self.as_user(self.rt, "ib.care.team").browse(
                self.team_a.id
            ).action_new_meeting()
        action = (
            self.as_user(self.coordinator_a, "ib.care.team")
            .browse(self.team_a.id)
            .action_new_meeting()
        )
        self.assertEqual(action["context"]["default_ib_care_team_id"], self.team_a.id)
        with self.assertRaises(AccessError):
            self.as_user(self.coordinator_b, "calendar.event").create(
                {
                    "name": "ZAT of another school",
                    "ib_care_team_id": self.team_a.id,
                    "start": datetime.now(),
                    "stop": datetime.now() + timedelta(hours=1),
                }
            )


@tagged("post_install", "-at_install")
class TestOrdinaryEventUntouched(IbCareTeamCommon):
    def test_ordinary_event_saved_with_an_empty_team_by_anyone(self):
        """An event outside pupil care saved with the team field empty (as a form
        that sends every field would) is none of the care team's business."""
        event = (
            self.env["calendar.event"]
            .with_user(self.employee)
            .create(
                {
                    "name": "Teamuitje",
                    "start": "2026-12-18 15:00:00",
                    "stop": "2026-12-18 17:00:00",
                }
            )
        )
        event.write({"ib_care_team_id": False, "name": "Teamuitje (verzet)"})
        self.assertEqual(event.name, "Teamuitje (verzet)")
