from datetime import timedelta

from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import tagged

from .common import IbMeetingsCommon


@tagged("post_install", "-at_install")
class TestConsentGuard(IbMeetingsCommon):
    """External parties are invited to a meeting about pupils only with consent."""

    def setUp(self):
        super().setUp()
        self.start = self._local(self._next_monday(), 10)
        self.Event = self.as_user(self.coordinator_a, "calendar.event")

    def _mdo(self, partners, pupils=None, **vals):
        values = {
            "name": "MDO",
            "ib_kind": "mdo",
            "start": self.start,
            "stop": self.start + timedelta(hours=1),
            "partner_ids": [Command.set(partners.ids)],
            "ib_item_ids": [
                Command.create({"pupil_id": pupil.id}) for pupil in (pupils or [])
            ],
        }
        values.update(vals)
        return self.Event.create(values)

    def _mails_to(self, partner):
        return self.env["mail.mail"].search([("recipient_ids", "in", partner.ids)])

    def test_expert_refused_without_consent(self):
        staff = (self.coordinator_a | self.teacher_5).partner_id
        with self.assertRaises(UserError) as caught:
            self._mdo(staff | self.parent_a | self.expert, [self.pupil_5a])
        message = str(caught.exception)
        self.assertIn("Speech Therapist Klank", message)
        self.assertIn(self.pupil_5a.name, message)
        # Nothing was created, no invitation went out.
        self.assertFalse(self.Event.search([("name", "=", "MDO")]))
        self.assertFalse(self._mails_to(self.expert))

    def test_expert_the_coordinator_cannot_read_is_still_checked(self):
        """The guard sees every invitee, also a partner of another school that
        the coordinator's own access rights would hide."""
        hidden = self.env["res.partner"].create(
            {
                "name": "Expert of School B",
                "email": "b@example.com",
                "company_id": self.school_b.id,
            }
        )
        with self.assertRaises(UserError) as caught:
            self._mdo(self.coordinator_a.partner_id | hidden, [self.pupil_5a])
        self.assertIn("Expert of School B", str(caught.exception))
        self.assertIn("consent", str(caught.exception))

    def test_staff_and_the_pupils_parents_need_no_consent(self):
        staff = (self.coordinator_a | self.teacher_5).partner_id
        meeting = self._mdo(staff | self.parent_a, [self.pupil_5a])
        self.assertEqual(meeting.partner_ids, staff | self.parent_a)
        # The parents receive their invitation.
        self.assertTrue(self._mails_to(self.parent_a))

    def test_parent_of_another_pupil_is_an_external_party(self):
        with self.assertRaises(UserError) as caught:
            self._mdo(self.coordinator_a.partner_id | self.parent_b, [self.pupil_5a])
        self.assertIn("Parent Bram", str(caught.exception))

    def test_mdo_with_experts_needs_its_pupils_first(self):
        with self.assertRaises(UserError) as caught:
            self._mdo(self.coordinator_a.partner_id | self.expert)
        self.assertIn("Add the pupil", str(caught.exception))

    def test_expert_added_later_is_checked_too(self):
        meeting = self._mdo(self.coordinator_a.partner_id, [self.pupil_5a])
        with self.assertRaises(UserError):
            meeting.write({"partner_ids": [Command.link(self.expert.id)]})
        self.assertNotIn(self.expert, meeting.partner_ids)
        self.assertFalse(self._mails_to(self.expert))

    def test_valid_consent_lets_the_invitation_go_out(self):
        """ib_core's consent register decides per pupil (purpose: MDO)."""
        parent = self.env["res.partner"].create({"name": "Parent of Anna"})
        self.env["ib.pupil.guardian"].create(
            {"pupil_id": self.pupil_5a.id, "partner_id": parent.id}
        )
        consent = self.env["ib.consent"].create(
            {
                "pupil_id": self.pupil_5a.id,
                "partner_id": parent.id,
                "purpose": "mdo",
                "external_partner_id": self.expert.id,
            }
        )
        consent.state = "requested"
        consent._ib_answer(
            "given",
            "verbal",
            answer_date=self.start.date() - timedelta(days=7),
            recorded_by_id=self.coordinator_a.id,
        )
        meeting = self._mdo(
            self.coordinator_a.partner_id | self.expert, [self.pupil_5a]
        )
        self.assertIn(self.expert, meeting.partner_ids)
        self.assertTrue(self._mails_to(self.expert))
        # A second pupil without consent cannot be added while the expert attends.
        with self.assertRaises(UserError) as caught:
            meeting.write(
                {"ib_item_ids": [Command.create({"pupil_id": self.pupil_5b.id})]}
            )
        self.assertIn(self.pupil_5b.name, str(caught.exception))
        self.assertEqual(meeting.ib_pupil_ids, self.pupil_5a)
        # Withdrawing the consent stops new invitations for this pupil.
        consent.action_withdraw()
        with self.assertRaises(UserError):
            self._mdo(self.coordinator_a.partner_id | self.expert, [self.pupil_5a])
