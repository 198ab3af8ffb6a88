from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import IbReferralsCommon


@tagged("post_install", "-at_install")
class TestLeavingOkr(IbReferralsCommon):
    def test_leaving_date_plans_the_okr(self):
        leaving = fields.Date.today() + timedelta(days=30)
        pupil = self.as_user(self.coordinator_a, "ib.pupil").browse(self.pupil_5a.id)
        pupil.leaving_date = leaving
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "ib.pupil"), ("res_id", "=", self.pupil_5a.id)]
        )
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.coordinator_a)
        self.assertEqual(activities.date_deadline, leaving)
        self.assertIn("OKR", activities.summary)
        # A leaving date recorded long after the fact plans nothing.
        self.as_user(self.coordinator_a, "ib.pupil").browse(self.pupil_5b.id).write(
            {
                "enrolment_date": fields.Date.today() - timedelta(days=3000),
                "leaving_date": fields.Date.today() - timedelta(days=365),
            }
        )
        self.assertFalse(
            self.env["mail.activity"].search(
                [("res_model", "=", "ib.pupil"), ("res_id", "=", self.pupil_5b.id)]
            )
        )
        # Changing the date again plans nothing new.
        pupil.leaving_date = leaving + timedelta(days=30)
        self.assertEqual(
            self.env["mail.activity"].search_count(
                [("res_model", "=", "ib.pupil"), ("res_id", "=", self.pupil_5a.id)]
            ),
            1,
        )


@tagged("post_install", "-at_install")
class TestSecondaryAdvice(IbReferralsCommon):
    def _advice(self, user=None, **vals):
        Advice = self.as_user(user or self.coordinator_a, "ib.secondary.advice")
        return Advice.create(
            {"pupil_id": self.pupil_5a.id, "school_year_id": self.year_a.id, **vals}
        )

    def test_stages(self):
        advice = self._advice()
        self.assertEqual(advice.stage, "provisional")
        advice.provisional_advice = "havo"
        self.assertEqual(advice.stage, "test")
        advice.test_result = "havo"
        self.assertEqual(advice.stage, "final")
        advice.final_advice = "havo"
        self.assertEqual(advice.stage, "done")
        self.assertFalse(advice.needs_reconsideration)

    def test_higher_test_result_needs_reconsideration(self):
        advice = self._advice(
            provisional_advice="vmbo_gt", test_result="havo", final_advice="vmbo_gt"
        )
        self.assertTrue(advice.needs_reconsideration)
        self.assertEqual(advice.stage, "reconsider")
        counters = {
            c["key"]: c["count"]
            for c in self.school_a.with_user(self.coordinator_a)
            .with_context(allowed_company_ids=self.school_a.ids)
            .ib_overview_counters
        }
        self.assertEqual(counters["secondary_advice_reconsider"], 1)
        with self.assertRaises(ValidationError):
            advice.reconsidered_advice = "vmbo_kb"
        advice.write(
            {
                "reconsidered_advice": "vmbo_gt_havo",
                "reconsidered_date": fields.Date.today(),
                "reconsideration_reason": "Test result confirms progress.",
            }
        )
        self.assertEqual(advice.stage, "done")

    def test_access(self):
        advice = self._advice(provisional_advice="vwo")
        self.assertEqual(
            self.as_user(self.teacher_5, "ib.secondary.advice").search([]), advice
        )
        self.assertFalse(self.as_user(self.teacher_6, "ib.secondary.advice").search([]))
        self.assertFalse(
            self.as_user(self.coordinator_b, "ib.secondary.advice").search([])
        )
        with self.assertRaises(AccessError):
            self.as_user(self.teacher_5, "ib.secondary.advice").browse(advice.id).write(
                {"final_advice": "vwo"}
            )
