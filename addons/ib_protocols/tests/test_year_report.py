from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import IbProtocolsCommon

REPORT = "ib_protocols.report_ib_protocols_year"


@tagged("post_install", "-at_install")
class TestYearReport(IbProtocolsCommon):
    """Counts per school year and school; counts below 5 are shown as "< 5"."""

    def test_records_get_their_school_year(self):
        for record in (self.incident_5, self.agreement_5, self.absence_a, self.case_a):
            self.assertEqual(record.school_year_id, self.year_a, record._name)
        self.assertEqual(self.incident_b.school_year_id, self.year_b)

    def test_small_counts_are_masked(self):
        figures = self.year_a.with_user(self.coordinator_a)._ib_protocol_figures()
        rows = {label: count for label, count, _total in figures[self.year_a.id]}
        self.assertEqual(rows["Bullying Incident"], "< 5")  # 2 incidents
        self.assertEqual(rows["Physical"], "< 5")
        self.env["ib.bullying.incident"].create(
            [
                {
                    "pupil_id": self.pupil_6b.id,
                    "name": f"Incident {n}",
                    "kind": "online",
                }
                for n in range(5)
            ]
        )
        figures = self.year_a.with_user(self.coordinator_a)._ib_protocol_figures()
        rows = {label: count for label, count, _total in figures[self.year_a.id]}
        self.assertEqual(rows["Bullying Incident"], "7")
        self.assertEqual(rows["Online (Cyberbullying)"], "5")
        self.assertEqual(rows["Verbal"], "< 5")

    def test_report_per_school(self):
        html = self.render_html(REPORT, self.year_a, self.coordinator_a)
        self.assertIn("Test School A", html)
        self.assertIn("Bullying Incident", html)
        self.assertIn("&lt; 5", html)
        # a school year of school B is out of reach of school A's coordinator
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.render_html(REPORT, self.year_b, self.coordinator_a)

    def test_teacher_gets_no_meldcode_figures(self):
        figures = self.year_a.with_user(self.teacher_5)._ib_protocol_figures()
        labels = [label for label, _count, _total in figures[self.year_a.id]]
        self.assertNotIn("Meldcode Case", labels)
        self.assertNotIn("Absence Report (above the legal threshold)", labels)
        self.assertIn("Bullying Incident", labels)
