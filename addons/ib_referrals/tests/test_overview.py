from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import IbReferralsCommon


@tagged("post_install", "-at_install")
class TestOverview(IbReferralsCommon):
    def _counters(self, user, company):
        counters = (
            company.with_user(user)
            .with_context(allowed_company_ids=user.company_ids.ids)
            .ib_overview_counters
        )
        return {c["key"]: c["count"] for c in counters}

    def test_waiting_and_tlv_ending(self):
        today = fields.Date.today()
        self.referral.state = "sent"
        self.env["ib.referral"].create(
            [
                {
                    "name": "TLV ending",
                    "pupil_id": self.pupil_6a.id,
                    "kind": "tlv",
                    "partner_id": self.speech.id,
                    "state": "decided",
                    "decision": "granted",
                    "valid_until": today + timedelta(days=60),
                },
                {
                    "name": "TLV later",
                    "pupil_id": self.pupil_6b.id,
                    "kind": "tlv",
                    "partner_id": self.speech.id,
                    "state": "decided",
                    "decision": "granted",
                    "valid_until": today + timedelta(days=400),
                },
            ]
        )
        counters = self._counters(self.coordinator_a, self.school_a)
        self.assertEqual(counters["referral_waiting"], 1)
        self.assertEqual(counters["referral_tlv_ending"], 1)
        counters = self._counters(self.coordinator_b, self.school_b)
        self.assertEqual(counters["referral_waiting"], 0)

    def test_queries_do_not_grow_with_the_schools(self):
        def measure(schools):
            companies = (
                self.env["res.company"]
                .with_user(self.director)
                .with_context(allowed_company_ids=self.director.company_ids.ids)
                .browse(schools.ids)
            )
            counters = {company.id: [] for company in companies}
            companies._ib_overview_referral_counters(counters)  # warm caches
            companies._ib_overview_secondary_advice_counters(counters)
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            companies._ib_overview_referral_counters(counters)
            companies._ib_overview_secondary_advice_counters(counters)
            return self.env.cr.sql_log_count - before

        one = measure(self.school_a)
        both = measure(self.school_a | self.school_b)
        self.assertEqual(one, both)
        self.assertLessEqual(both, 2)
