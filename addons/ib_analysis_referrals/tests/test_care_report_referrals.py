from datetime import datetime, timedelta

from odoo.tests import tagged

from odoo.addons.ib_analysis.tests.common import IbAnalysisCommon


@tagged("post_install", "-at_install")
class TestCareReportReferrals(IbAnalysisCommon):
    """Referrals and TLVs in the care report, with their waiting times."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.swv = cls.env["res.partner"].create(
            {"name": "SWV De Waarden", "is_company": True, "ib_is_provider": True}
        )
        start = datetime.combine(cls.year_a.date_start, datetime.min.time())
        Referral = cls.env["ib.referral"]

        def referral(key, kind, sent_days, decided_days=None, decision=None, **extra):
            vals = {
                "name": f"{kind} {key}",
                "pupil_id": cls.pupils[key].id,
                "kind": kind,
                "partner_id": cls.swv.id,
            }
            record = Referral.create(vals)
            sent = start + timedelta(days=sent_days)
            values = {"state": "sent", "sent_date": sent}
            if decided_days is not None:
                values.update(
                    state="decided",
                    decision=decision,
                    decision_date=(sent + timedelta(days=decided_days)).date(),
                    **extra,
                )
            record.write(values)
            return record

        cls.referrals = (
            referral("P2", "tlv", 30, 40, "granted", valid_from=start.date())
            | referral("P4", "tlv", 40, 60, "refused")
            | referral("Q3", "tlv", 50)
            | referral("P3", "assessment", 20, 10, "granted")
            | referral("P5", "assessment", 25, 20, "granted")
            | referral("Q1", "assessment", 26, 30, "granted")
            | referral("Q2", "assessment", 27, 40, "refused")
            | referral("P1", "assessment", 28, 50, "granted")
        )

    def _sections(self, suppress):
        report = self.as_user(self.coordinator_a, "ib.care.report").create(
            {
                "company_id": self.school_a.id,
                "school_year_id": self.year_a.id,
                "suppress_small_numbers": suppress,
            }
        )
        return {s["key"]: s for s in report._ib_report_sections()}, report

    def test_referrals_by_kind_with_waiting_times(self):
        sections, _report = self._sections(suppress=False)
        keys = list(sections)
        self.assertLess(keys.index("opp"), keys.index("referrals"))
        self.assertLess(keys.index("tlv"), keys.index("interventions"))
        self.assertEqual(
            sections["referrals"]["rows"],
            [
                # 5 assessments: 4 granted, 1 refused, after 10, 20, 30, 40, 50 days
                ["External Assessment", 5, 4, 1, 0, 30.0],
                # 3 TLV requests: one granted (40 days), one refused (60), one waits
                ["TLV Request (SBO/SO)", 3, 1, 1, 1, 50.0],
            ],
        )
        self.assertEqual(
            sections["tlv"]["rows"],
            [
                ["Requested in the period", 3],
                ["Granted of these", 1],
                ["Valid at the end of the period", 1],
            ],
        )

    def test_small_numbers_hidden(self):
        sections, report = self._sections(suppress=True)
        self.assertEqual(
            sections["referrals"]["rows"],
            [
                ["External Assessment", 5, "< 5", "< 5", "< 5", 30.0],
                ["TLV Request (SBO/SO)", "< 5", "< 5", "< 5", "< 5", "< 5"],
            ],
        )
        html = report.report_html
        self.assertIn("TLV Request (SBO/SO)", html)
        self.assertNotIn(self.pupils["P2"].name, html)

    def test_director_reads_the_section(self):
        _sections, report = self._sections(suppress=True)
        rows = next(
            s
            for s in report.with_user(self.director)._ib_report_sections()
            if s["key"] == "referrals"
        )["rows"]
        self.assertEqual(rows[0][1], 5)
