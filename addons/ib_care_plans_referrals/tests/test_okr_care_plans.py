from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.ib_referrals.tests.common import IbReferralsCommon


@tagged("post_install", "-at_install")
class TestOkrCarePlans(IbReferralsCommon):
    """With ib_care_plans, the generated OKR text has the pupil's test results
    and plans."""

    def test_empty_sections(self):
        self.referral_c.action_okr_generate()
        body = str(self.referral.okr_body)
        self.assertIn("Test Results", body)
        self.assertIn("No test results recorded.", body)
        self.assertIn("Plans and Their Evaluation", body)
        self.assertIn("No plans recorded.", body)

    def test_results_and_plans_from_care_plans(self):
        """The OKR shows the test results over time and the plans with their
        goals and evaluation."""
        test = self.env["ib.assessment"].create(
            {
                "name": "TEST-MATHS",
                "domain": "maths",
                "score_min": 0,
                "score_max": 400,
                "company_id": self.school_a.id,
            }
        )
        Result = self.env["ib.assessment.result"]
        for year, score in ((self.year_a_previous, 111.5), (self.year_a, 222.5)):
            Result.create(
                {
                    "pupil_id": self.pupil_5a.id,
                    "assessment_id": test.id,
                    "school_year_id": year.id,
                    "moment": "middle",
                    "score": score,
                    "level": 3,
                }
            )
        self.env["ib.care.plan"].create(
            {
                "name": "PLAN-READING",
                "kind": "action",
                "pupil_id": self.pupil_5a.id,
                "evaluation": "<p>EVALUATION-TEXT</p>",
                "goal_ids": [
                    Command.create(
                        {
                            "name": "GOAL-FLUENCY",
                            "result": "partly",
                            "result_comment": "GOAL-COMMENT",
                        }
                    )
                ],
            }
        )
        self.referral_c.action_okr_generate()
        body = str(self.referral.okr_body)
        self.assertIn("TEST-MATHS", body)
        self.assertLess(body.index("111.5"), body.index("222.5"), "oldest first")
        for text in ("PLAN-READING", "GOAL-FLUENCY", "GOAL-COMMENT", "EVALUATION-TEXT"):
            self.assertIn(text, body)
