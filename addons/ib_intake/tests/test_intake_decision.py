import base64
import json
from datetime import date, timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import IbIntakeCommon

REPORT = "ib_intake.report_ib_intake_refusal"


@tagged("post_install", "-at_install")
class TestIntakeDecision(IbIntakeCommon, HttpCase):
    def _as_coordinator(self, record):
        return self._records_as(self.coordinator_a, record)

    def test_steps_are_activities(self):
        intake = self._as_coordinator(self.intake)
        summaries = intake.activity_ids.mapped("summary")
        self.assertEqual(len(summaries), 1)
        self.assertIn("Gather information", summaries[0])
        intake.previous_school_id = self.previous_school
        intake.action_gather()
        self.assertIn("consent", intake.activity_ids.summary)
        intake.action_record_consent()
        self.assertIn("Gather information", intake.activity_ids.summary)
        intake.action_observe()
        self.assertIn("Observe", intake.activity_ids.summary)
        intake.action_plan_decision()
        self.assertIn("Decide", intake.activity_ids.summary)
        self.assertEqual(intake.activity_ids.date_deadline, intake.deadline)
        with self.assertRaises(UserError):
            intake.action_gather()
        with self.assertRaises(AccessError):
            self._records_as(self.coordinator_b, self.intake).action_observe()

    def test_admission_creates_the_pupil_file(self):
        self.intake.write(
            {"information_consent": True, "previous_school_id": self.previous_school}
        )
        self.env["ir.attachment"].create(
            {
                "name": "okr.pdf",
                "raw": b"%PDF-1.4 okr",
                "res_model": "ib.intake",
                "res_id": self.intake.id,
            }
        )
        intake = self._as_coordinator(self.intake)
        wizard = (
            self.env["ib.intake.admit.wizard"]
            .with_user(self.coordinator_a)
            .with_context(
                allowed_company_ids=self.school_a.ids, default_intake_id=intake.id
            )
            .create({"group_id": self.group_5.id, "create_plan": True})
        )
        action = wizard.action_admit()
        pupil = self.env["ib.pupil"].browse(action["res_id"])
        self.assertEqual(intake.state, "admitted")
        self.assertEqual(intake.pupil_id, pupil)
        self.assertEqual(pupil.name, "Yasmin Aanmelder")
        self.assertEqual(pupil.date_of_birth, date(2019, 5, 17))
        self.assertEqual(pupil.group_id, self.group_5)
        self.assertEqual(
            pupil.guardian_ids.partner_id, self.parent.partner_id | self.co_parent
        )
        portal = pupil.guardian_ids.filtered("portal_access")
        self.assertEqual(portal.partner_id, self.parent.partner_id)
        self.assertEqual(intake.plan_id.kind, "opp")
        self.assertEqual(intake.plan_id.state, "draft")
        self.assertIn("speech therapy", intake.plan_id.educational_needs)
        files = self.env["ir.attachment"].search(
            [("res_model", "=", "ib.pupil"), ("res_id", "=", pupil.id)]
        )
        self.assertEqual(files.mapped("name"), ["okr.pdf"])
        consent = pupil.consent_ids
        self.assertEqual(consent.state, "given")
        self.assertEqual(consent.partner_id, self.parent.partner_id)
        # the teacher of the group now sees the pupil, never the registration
        self.assertTrue(self._records_as(self.teacher_5, pupil).read(["name"]))
        with self.assertRaises(AccessError):
            self._records_as(self.teacher_5, intake).read(["name"])
        with self.assertRaises(UserError):
            intake.action_admit(self.group_5.id)

    def test_admission_refused_for_a_group_of_another_school(self):
        intake = self._records_as(self.manager, self.intake)
        with self.assertRaises(UserError):
            intake.action_admit(self.group_b.id)
        self.assertEqual(intake.state, "registered")
        self.assertFalse(self.env["ib.pupil"].search([("name", "=", intake.name)]))

    def test_refusal_needs_the_swv_offer(self):
        intake = self._as_coordinator(self.intake)
        intake.decision_note = "We cannot give daily speech therapy."
        with self.assertRaises(UserError):
            intake.action_refuse()
        self.assertEqual(intake.state, "registered")
        with self.assertRaises(ValidationError):
            intake.write({"state": "refused"})
        with self.assertRaises(ValidationError):
            intake.write({"state": "admitted"})  # only with the pupil file
        intake.offer_school_id = self.offer_school
        intake.action_refuse()
        self.assertEqual(intake.state, "refused")
        self.assertEqual(intake.decision_told, "We cannot give daily speech therapy.")
        self.assertEqual(intake.decision_date, date.today())

    def _refuse(self):
        intake = self._as_coordinator(self.intake)
        intake.write(
            {
                "offer_school_id": self.offer_school.id,
                "decision_note": "We cannot give daily speech therapy.",
            }
        )
        intake.action_refuse()
        return intake

    def test_refusal_letter(self):
        intake = self._refuse()
        html = self.render_html(REPORT, intake, self.coordinator_a)
        today = self.env["ib.intake"]._ib_dutch_date(date.today())
        self.assertAllIn(
            ["Yasmin Aanmelder", "SBO Het Baken", "daily speech therapy", today],
            html,
        )
        self.assertIn("17 mei 2019", html)
        with self.assertRaises(AccessError):
            self.render_html(REPORT, intake, self.coordinator_b)
        # over the report route
        self.login(self.coordinator_a)
        self.assertPage(
            f"/report/html/{REPORT}/{intake.id}", contains=["SBO Het Baken"]
        )
        context = json.dumps({"allowed_company_ids": self.school_a.ids})
        self.login(self.coordinator_b)
        with mute_logger("odoo.http"):
            response = self.url_open(
                f"/report/html/{REPORT}/{intake.id}?context={context}",
                allow_redirects=False,
            )
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn("SBO Het Baken", response.text)
        # the parents download it in the portal; another parent does not
        self.login(self.parent)
        self.assertPage(
            f"/my/intake/{intake.id}", contains=["SBO Het Baken", "/letter"]
        )
        letter = self.assertPage(f"/my/intake/{intake.id}/letter")
        self.assertIn("SBO Het Baken", letter.text)  # HTML in test mode
        self.login(self.other_parent)
        self.assertPage(f"/my/intake/{intake.id}/letter", status=404)
        with mute_logger("odoo.http"):
            response = self.url_open(
                f"/report/pdf/{REPORT}/{intake.id}", allow_redirects=False
            )
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn(b"SBO Het Baken", response.content)

    def test_retention_of_registrations_not_admitted(self):
        intake = self._refuse()
        self.env["ir.attachment"].create(
            {
                "name": "report.pdf",
                "raw": base64.b64decode(base64.b64encode(b"%PDF-1.4 r")),
                "res_model": "ib.intake",
                "res_id": intake.id,
            }
        )
        Intake = self.env["ib.intake"]
        self.assertEqual(Intake._cron_ib_retention(), 0)
        later = date.today() + timedelta(days=2 * 365 + 2)
        self.assertEqual(Intake._cron_ib_retention(today=later), 1)
        self.assertFalse(intake.exists())
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", "ib.intake"), ("res_id", "=", intake.id)]
            )
        )
        # deleting in daily use is refused
        with self.assertRaises(AccessError):
            self.intake_b.with_user(self.coordinator_b).unlink()
