from datetime import date

from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.ib_referrals.tests.common_secondary_support import (
    IbSecondarySupportCommon,
)


@tagged("post_install", "-at_install")
class TestSecondarySupportResults(IbSecondarySupportCommon):
    """With ib_care_plans, the file of an LWOO/PrO application takes the
    pupil's latest result per named domain from the test results."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Test = cls.env["ib.assessment"]
        cls.tests = {
            domain: Test.create(
                {
                    "name": f"TOETS-{domain}",
                    "domain": domain,
                    "score_min": 0,
                    "score_max": 400,
                    "company_id": cls.school_a.id,
                }
            )
            for domain in ("reading_comprehension", "maths", "spelling", "vocabulary")
        }
        Result = cls.env["ib.assessment.result"]
        start = cls.year_a.date_start.year

        def result(pupil, domain, year, moment, score, level, day):
            return {
                "pupil_id": pupil.id,
                "assessment_id": cls.tests[domain].id,
                "school_year_id": year.id,
                "moment": moment,
                "date": day,
                "score": score,
                "level": level,
            }

        Result.create(
            [
                # older and newer reading comprehension: the newer one counts
                result(
                    cls.pupil_8a,
                    "reading_comprehension",
                    cls.year_a_previous,
                    "end",
                    111,
                    2,
                    date(start, 6, 15),
                ),
                result(
                    cls.pupil_8a,
                    "reading_comprehension",
                    cls.year_a,
                    "middle",
                    222,
                    4,
                    date(start + 1, 2, 1),
                ),
                result(
                    cls.pupil_8a,
                    "maths",
                    cls.year_a,
                    "middle",
                    333,
                    5,
                    date(start + 1, 2, 1),
                ),
                # not a named domain
                result(
                    cls.pupil_8a,
                    "vocabulary",
                    cls.year_a,
                    "middle",
                    9,
                    1,
                    date(start + 1, 2, 1),
                ),
                # another pupil's spelling result
                result(
                    cls.pupil_8b,
                    "spelling",
                    cls.year_a,
                    "middle",
                    77,
                    3,
                    date(start + 1, 2, 1),
                ),
            ]
        )

    def test_latest_result_per_domain(self):
        application = self._application(
            self.coordinator_a,
            result_ids=[
                Command.create(
                    {
                        "domain": "technical_reading",
                        "test_name": "DMT-TYPED",
                        "test_date": date.today(),
                        "dle": 40,
                    }
                )
            ],
        )
        application.action_ib_fill_results()
        lines = {line.domain: line for line in application.result_ids}
        self.assertEqual(
            set(lines), {"reading_comprehension", "maths", "technical_reading"}
        )
        reading = lines["reading_comprehension"]
        self.assertEqual(reading.score, 222)
        self.assertEqual(reading.level, "IV")
        self.assertEqual(reading.test_name, "TOETS-reading_comprehension")
        self.assertEqual(reading.source, "results")
        self.assertEqual(lines["maths"].level, "V")
        # the typed-in line of a domain without results stays
        self.assertEqual(lines["technical_reading"].test_name, "DMT-TYPED")
        self.assertEqual(lines["technical_reading"].source, "manual")
        # filling again updates the lines, it does not add any
        self.env["ib.assessment.result"].create(
            {
                "pupil_id": self.pupil_8a.id,
                "assessment_id": self.tests["maths"].id,
                "school_year_id": self.year_a.id,
                "moment": "end",
                "date": date(self.year_a.date_start.year + 1, 6, 15),
                "score": 350,
                "level": 3,
            }
        )
        application.action_ib_fill_results()
        self.assertEqual(len(application.result_ids), 3)
        self.assertEqual(lines["maths"].score, 350)
        self.assertEqual(lines["maths"].level, "III")

    def test_no_results_and_locked_file(self):
        application = self._application(self.coordinator_a, pupil=self.pupil_8b)
        # pupil 8b has a spelling result only: it is taken
        application.action_ib_fill_results()
        self.assertEqual(application.result_ids.domain, "spelling")
        empty = self._application(
            self.coordinator_a,
            pupil=self._pupil("Ivo", "Dekker", self.group_8),
        )
        with self.assertRaisesRegex(UserError, "has no test results"):
            empty.action_ib_fill_results()

    def test_complete_file_is_not_refilled(self):
        application = self._application(self.coordinator_a, **self._complete_file())
        application.action_complete()
        with self.assertRaisesRegex(UserError, "set it back to draft"):
            application.action_ib_fill_results()
