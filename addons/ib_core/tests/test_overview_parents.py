from odoo.tests import tagged

from .common_consent import IbConsentCommon


@tagged("post_install", "-at_install")
class TestOverviewParents(IbConsentCommon):
    """The overview counts what parents wait for: consents and corrections."""

    def _card(self, user, school):
        company = self.as_user(user, "res.company").browse(school.id)
        return {c["key"]: c for c in company.ib_overview_counters}

    def test_consents_and_corrections_counted_per_school(self):
        self.consent_a.state = "requested"
        self.env["ib.correction.request"].create(
            {
                "pupil_id": self.pupil_5a.id,
                "partner_id": self.parent_a.id,
                "description": "Wrong date of birth",
                "requested_correction": "Born on 2 March",
            }
        )
        card = self._card(self.coordinator_a, self.school_a)
        requested = self.as_user(self.coordinator_a, "ib.consent").search(
            [("state", "=", "requested"), ("company_id", "=", self.school_a.id)]
        )
        self.assertIn(self.consent_a, requested)
        self.assertEqual(card["consent_requested"]["count"], len(requested))
        self.assertEqual(card["correction_open"]["count"], 1)
        opened = (
            self.as_user(self.coordinator_a, "res.company")
            .browse(self.school_a.id)
            .action_open_counter("consent_requested")
        )
        behind = self.env[opened["res_model"]].search(opened["domain"])
        self.assertIn(self.consent_a, behind)
        self.assertEqual(len(behind), card["consent_requested"]["count"])
        # The other school's coordinator counts nothing of school A.
        card_b = self._card(self.coordinator_b, self.school_b)
        self.assertEqual(card_b["consent_requested"]["count"], 0)
        self.assertEqual(card_b["correction_open"]["count"], 0)
