import base64
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_consent import IbConsentCommon

PNG_1PX = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA"
    "60e6kgAAAABJRU5ErkJggg=="
)
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@tagged("post_install", "-at_install")
class TestConsent(IbConsentCommon):
    def _consent(self, pupil=None, partner=None, **vals):
        return self.as_user(self.coordinator_a, "ib.consent").create(
            {
                "pupil_id": (pupil or self.pupil_5a).id,
                "partner_id": (partner or self.parent_a).id,
                "purpose": vals.pop("purpose", "video"),
                **vals,
            }
        )

    def _record(self, consent, method="verbal", answer="given", user=None, **vals):
        wizard = self.as_user(user or self.coordinator_a, "ib.consent.answer.wizard")
        wizard = wizard.create(
            {
                "consent_id": consent.id,
                "method": method,
                "answer": answer,
                **vals,
            }
        )
        return wizard.action_confirm()

    # ------------------------------------------------------------------ states
    def test_request_sends_mail_and_marks_requested(self):
        consent = self._consent(description="PRIVATE-DESCRIPTION")
        self.assertEqual(consent.state, "draft")
        action = consent.action_request()
        self.assertEqual(action["res_model"], "mail.compose.message")
        composer = self.composer(action, self.coordinator_a).save()
        composer.action_send_mail()
        self.assertEqual(consent.state, "requested")
        self.assertEqual(consent.request_date, fields.Date.context_today(consent))
        message = consent.message_ids.filtered(lambda m: self.parent_a in m.partner_ids)
        self.assertEqual(len(message), 1, "the request is addressed to the parent")
        self.assertIn(consent.portal_url, message.body)
        self.assertIn("Video recording in class", message.body)
        self.assertNotIn(
            "PRIVATE-DESCRIPTION", message.body, "the mail names the purpose only"
        )
        self.assertNotIn(
            self.parent_a,
            consent.message_partner_ids,
            "the parent is not made a follower",
        )

    def test_request_needs_email(self):
        self.parent_a.email = False
        consent = self._consent()
        with self.assertRaisesRegex(UserError, "no e-mail address"):
            consent.action_request()

    def test_transitions(self):
        consent = self._consent()
        with self.assertRaises(UserError):
            consent.action_withdraw()  # not given yet
        self._record(consent, valid_until=date.today() + timedelta(days=30))
        self.assertEqual(consent.state, "given")
        self.assertEqual(consent.method, "verbal")
        self.assertEqual(consent.recorded_by_id, self.coordinator_a)
        with self.assertRaises(UserError):
            self._record(consent, answer="refused")  # already answered
        with self.assertRaisesRegex(UserError, "cannot change"):
            consent.purpose = "swv"
        consent.action_withdraw()
        self.assertEqual(consent.state, "withdrawn")
        self.assertEqual(consent.withdrawn_on, date.today())
        self.assertEqual(consent.withdrawn_by_id, self.coordinator_a)
        with self.assertRaises(UserError):
            consent.action_withdraw()
        with self.assertRaises(UserError):
            consent.action_request()

        refused = self._consent()
        self._record(refused, answer="refused")
        self.assertEqual(refused.state, "refused")
        with self.assertRaises(UserError):
            refused.action_withdraw()

    def test_paper_requires_scan(self):
        consent = self._consent()
        with self.assertRaisesRegex(UserError, "scan"):
            self._record(consent, method="paper")
        self.assertEqual(consent.state, "draft")
        with self.assertRaisesRegex(UserError, "PDF"):
            self._record(
                consent,
                method="paper",
                document=base64.b64encode(b"x"),
                document_name="form.exe",
            )
        self._record(
            consent,
            method="paper",
            document=base64.b64encode(PDF_BYTES),
            document_name="form.pdf",
        )
        self.assertEqual(consent.state, "given")
        self.assertEqual(consent.document_id.res_model, "ib.consent")
        self.assertEqual(consent.document_id.res_id, consent.id)

    def test_partner_needs_parental_authority(self):
        with self.assertRaises(ValidationError):
            self._consent(partner=self.expert)
        self.guardian_a.parental_authority = False
        with self.assertRaises(ValidationError):
            self._consent()

    def test_valid_until_after_answer(self):
        consent = self._consent()
        with self.assertRaises(ValidationError):
            self._record(
                consent,
                answer_date=date.today(),
                valid_until=date.today() - timedelta(days=1),
            )

    def test_age_rule(self):
        today = date.today()
        cases = [
            (9, "parents"),
            (12, "parents_and_pupil"),
            (15, "parents_and_pupil"),
            (16, "pupil"),
        ]
        for age, holder in cases:
            self.pupil_5a.date_of_birth = today - relativedelta(years=age, days=1)
            consent = self._consent()
            self.assertEqual(consent.consent_holder, holder, f"age {age}")
        self.pupil_5a.date_of_birth = today - relativedelta(years=13)
        consent = self._consent()
        with self.assertRaisesRegex(UserError, "must agree"):
            self._record(consent)
        self.assertEqual(consent.state, "draft")
        self._record(consent, pupil_agreed=True)
        self.assertEqual(consent.state, "given")
        self.assertTrue(consent.pupil_agreed)

    # ------------------------------------------------------------------ expiry
    def test_expiry_cron_in_batches(self):
        yesterday = date.today() - timedelta(days=1)
        pupils = self.pupil_5a | self.pupil_5b
        old = self.env["ib.consent"]
        for i in range(5):
            pupil = pupils[i % 2]
            consent = self._consent(pupil=pupil, partner=pupil.guardian_ids.partner_id)
            self._record(consent, answer_date=yesterday - timedelta(days=10))
            old |= consent
        old.sudo().write({"valid_until": yesterday})
        lasting = self._consent()
        self._record(lasting, valid_until=date.today() + timedelta(days=1))
        forever = self._consent()
        self._record(forever)
        self.env["ib.consent"]._cron_expire(batch_size=2)
        self.assertEqual(set(old.mapped("state")), {"expired"})
        self.assertEqual(lasting.state, "given")
        self.assertEqual(forever.state, "given")

    def test_expiry_cron_is_scheduled(self):
        cron = self.env.ref("ib_core.ir_cron_ib_consent_expire")
        self.assertTrue(cron.active)
        self.assertEqual(cron.interval_type, "days")

    # ------------------------------------------------------------------ has consent
    def test_has_valid_consent_batched(self):
        Pupil = self.env["ib.pupil"]
        for pupil in (self.pupil_6a, self.pupil_6b, self.pupil_b):
            partner = self.env["res.partner"].create(
                {"name": f"Parent of {pupil.name}", "email": f"p{pupil.id}@ex.com"}
            )
            self.env["ib.pupil.guardian"].create(
                {"pupil_id": pupil.id, "partner_id": partner.id}
            )
        general = self._consent(purpose="swv")
        self._record(general)  # pupil_5a: general SWV consent
        for_expert = self._consent(
            pupil=self.pupil_5b,
            partner=self.parent_b,
            purpose="swv",
            external_partner_id=self.expert.id,
        )
        self._record(for_expert)
        withdrawn = self._consent(
            pupil=self.pupil_6a,
            partner=self.pupil_6a.guardian_ids.partner_id,
            purpose="swv",
        )
        self._record(withdrawn)
        withdrawn.action_withdraw()
        lapsed = self._consent(
            pupil=self.pupil_6b,
            partner=self.pupil_6b.guardian_ids.partner_id,
            purpose="swv",
        )
        self._record(
            lapsed,
            answer_date=date.today() - timedelta(days=20),
            valid_until=date.today() - timedelta(days=1),
        )  # cron not run yet
        pupils = Pupil.browse(
            [
                p.id
                for p in (
                    self.pupil_5a,
                    self.pupil_5b,
                    self.pupil_6a,
                    self.pupil_6b,
                    self.pupil_b,
                )
            ]
        )

        # One query for the consents, one for the guardians (and at most one for
        # the user's time zone, for "today"), whatever the number of pupils.
        with self.assertQueryCount(3):
            result = pupils._ib_has_valid_consent("swv")
        self.assertEqual(
            result,
            {
                self.pupil_5a.id: True,
                self.pupil_5b.id: False,
                self.pupil_6a.id: False,
                self.pupil_6b.id: False,
                self.pupil_b.id: False,
            },
        )
        with_expert = pupils._ib_has_valid_consent("swv", partner=self.expert)
        self.assertTrue(with_expert[self.pupil_5a.id], "a general consent covers it")
        self.assertTrue(with_expert[self.pupil_5b.id])
        other = pupils._ib_has_valid_consent("swv", partner=self.other_expert)
        self.assertFalse(other[self.pupil_5b.id], "consent for another party")
        self.assertFalse(pupils._ib_has_valid_consent("video")[self.pupil_5a.id])
        past = pupils._ib_has_valid_consent(
            "swv", on_date=date.today() - timedelta(days=5)
        )
        self.assertTrue(past[self.pupil_6b.id], "valid on that date")
        self.assertFalse(past[self.pupil_5a.id], "not given yet on that date")

        # Losing parental authority ends the consent's force.
        self.guardian_a.parental_authority = False
        self.assertFalse(pupils._ib_has_valid_consent("swv")[self.pupil_5a.id])

    def test_has_valid_consent_needs_pupil_from_twelve(self):
        consent = self._consent(purpose="video")
        self._record(consent)
        # Recorded as a parents' consent while the pupil was younger: still valid.
        self.pupil_5a.date_of_birth = date.today() - relativedelta(years=13)
        self.assertTrue(self.pupil_5a._ib_has_valid_consent("video")[self.pupil_5a.id])
        consent.sudo().write({"consent_holder": "parents_and_pupil"})
        self.assertFalse(self.pupil_5a._ib_has_valid_consent("video")[self.pupil_5a.id])

    def test_has_valid_consent_query_count_does_not_grow(self):
        pupils = self.pupil_5a | self.pupil_5b
        for pupil in pupils:
            self._record(
                self._consent(pupil=pupil, partner=pupil.guardian_ids.partner_id)
            )
        self.env.invalidate_all()
        with self.assertQueryCount(3):
            self.pupil_5a._ib_has_valid_consent("video")
        self.env.invalidate_all()
        with self.assertQueryCount(3):
            pupils._ib_has_valid_consent("video")

    # ------------------------------------------------------------------ access
    def test_teacher_reads_own_pupils_consents_only(self):
        consent_6 = self.env["ib.consent"].create(
            {
                "pupil_id": self.pupil_6a.id,
                "partner_id": self.env["ib.pupil.guardian"]
                .create(
                    {
                        "pupil_id": self.pupil_6a.id,
                        "partner_id": self.env["res.partner"].create({"name": "P6"}).id,
                    }
                )
                .partner_id.id,
                "purpose": "video",
            }
        )
        seen = self.as_user(self.teacher_5, "ib.consent").search([])
        self.assertEqual(seen, self.consent_a | self.consent_b)
        self.assertEqual(
            self.as_user(self.teacher_6, "ib.consent").search([]), consent_6
        )
        with self.assertRaises(AccessError):
            self.consent_a.with_user(self.teacher_6).read(["purpose"])
        with self.assertRaises(AccessError):
            self.consent_a.with_user(self.teacher_5).write({"description": "x"})
        with self.assertRaises(AccessError):
            self.as_user(self.teacher_5, "ib.consent").create(
                {
                    "pupil_id": self.pupil_5a.id,
                    "partner_id": self.parent_a.id,
                    "purpose": "video",
                }
            )
        for method in (
            "action_request",
            "action_withdraw",
            "action_record_paper",
            "action_record_verbal",
        ):
            with self.assertRaises(AccessError, msg=method):
                getattr(self.consent_a.with_user(self.teacher_5), method)()
        with self.assertRaises(AccessError):
            self.as_user(self.teacher_5, "ib.consent.answer.wizard").create(
                {
                    "consent_id": self.consent_a.id,
                    "method": "verbal",
                }
            )
        self.assertFalse(self.as_user(self.coordinator_b, "ib.consent").search([]))
        self.assertEqual(self.pupil_5a.with_user(self.teacher_5).consent_count, 1)

    def test_portal_users_cannot_act_through_rpc(self):
        for user in (self.user_parent_a, self.user_parent_b, self.outsider):
            consent = self.consent_a.with_user(user)
            for method in ("action_request", "action_withdraw", "action_record_verbal"):
                with self.assertRaises(AccessError, msg=f"{user.login} {method}"):
                    getattr(consent, method)()
            with self.assertRaises(AccessError):
                consent.write({"state": "given"})
            with self.assertRaises(AccessError):
                self.env["ib.consent"].with_user(user).create(
                    {
                        "pupil_id": self.pupil_5a.id,
                        "partner_id": self.parent_a.id,
                        "purpose": "video",
                    }
                )
        self.assertEqual(self.consent_a.state, "requested")

    # ------------------------------------------------------------------ corrections
    def test_correction_request(self):
        Request = self.as_user(self.coordinator_a, "ib.correction.request")

        def new_request(age, description, correction):
            return Request.create(
                {
                    "pupil_id": self.pupil_5a.id,
                    "partner_id": self.parent_a.id,
                    "request_date": date.today() - age,
                    "description": description,
                    "requested_correction": correction,
                }
            )

        request = new_request(timedelta(days=2), "Wrong date", "Right date")
        self.assertEqual(request.deadline, date.today() + timedelta(days=26))
        activity = request.activity_ids
        self.assertEqual(activity.user_id, self.coordinator_a)
        self.assertEqual(activity.date_deadline, request.deadline)
        with self.assertRaisesRegex(UserError, "decision"):
            request.action_grant()
        request.decision = "Corrected in the note of last week."
        request.action_grant()
        self.assertEqual(request.state, "granted")
        self.assertEqual(request.decided_by_id, self.coordinator_a)
        self.assertEqual(request.decided_on, date.today())
        self.assertFalse(request.activity_ids, "the coordinator's activity is done")
        with self.assertRaises(UserError):
            request.action_reject()

        overdue = new_request(timedelta(weeks=5), "x", "y")
        self.assertEqual(Request.search([("is_overdue", "=", True)]), overdue)

        with self.assertRaises(AccessError):
            self.as_user(self.teacher_5, "ib.correction.request").search([])
        with self.assertRaises(AccessError):
            request.with_user(self.director).action_reject()
        self.assertFalse(
            self.as_user(self.coordinator_b, "ib.correction.request").search([])
        )

    # ------------------------------------------------------------------ portal login
    def test_portal_checkbox_creates_and_revokes_login(self):
        parent = self.env["res.partner"].create(
            {"name": "New Parent", "email": "new.parent@example.com"}
        )
        Guardian = self.as_user(self.coordinator_a, "ib.pupil.guardian")
        guardian = Guardian.create(
            {"pupil_id": self.pupil_6a.id, "partner_id": parent.id}
        )
        self.assertFalse(parent.user_ids)
        guardian.portal_access = True
        user = parent.user_ids
        self.assertEqual(len(user), 1)
        self.assertTrue(user.active)
        self.assertTrue(user._is_portal())
        self.assertIn(self.env.ref("base.group_portal"), user.group_ids)
        self.assertIn(self.school_a, user.company_ids)
        self.assertEqual(self.env["ib.pupil"].with_user(user).search([]), self.pupil_6a)

        # A second child keeps the login alive when the first is unchecked.
        second = Guardian.create(
            {
                "pupil_id": self.pupil_6b.id,
                "partner_id": parent.id,
                "portal_access": True,
            }
        )
        guardian.portal_access = False
        self.assertTrue(user.active and user._is_portal())
        self.assertEqual(self.env["ib.pupil"].with_user(user).search([]), self.pupil_6b)
        second.portal_access = False
        user = parent.with_context(active_test=False).user_ids
        self.assertFalse(user.active)
        self.assertFalse(user._is_portal())

        # Checking it again brings the same login back.
        second.portal_access = True
        self.assertTrue(user.active and user._is_portal())

    def test_portal_checkbox_refuses_school_accounts(self):
        self.teacher_6.partner_id.email = "teacher6@example.com"
        with self.assertRaisesRegex(UserError, "school account"):
            self.as_user(self.coordinator_a, "ib.pupil.guardian").create(
                {
                    "pupil_id": self.pupil_5a.id,
                    "partner_id": self.teacher_6.partner_id.id,
                    "portal_access": True,
                }
            )

    def test_portal_checkbox_needs_coordinator(self):
        with self.assertRaises(AccessError):
            self.guardian_a.with_user(self.teacher_5).portal_access = False
        self.assertTrue(self.user_parent_a.active)

    def test_unlinking_guardian_revokes(self):
        guardian = self.env["ib.pupil.guardian"].create(
            {
                "pupil_id": self.pupil_6a.id,
                "partner_id": self.env["res.partner"]
                .create({"name": "Leaving Parent", "email": "leaving@example.com"})
                .id,
                "portal_access": True,
            }
        )
        user = guardian.partner_id.user_ids
        self.assertTrue(user._is_portal())
        guardian.with_user(self.coordinator_a).unlink()
        self.assertFalse(user.active)
        self.assertFalse(user._is_portal())

    def test_signature_field_hidden_from_portal(self):
        self.consent_a.sudo().signature = PNG_1PX
        with self.assertRaises(AccessError):
            self.consent_a.with_user(self.user_parent_a).read(["signature"])
        self.assertEqual(
            self.consent_a.with_user(self.user_parent_a).read(["purpose"])[0][
                "purpose"
            ],
            "observation",
        )
