from datetime import date

from odoo.tests import tagged

from .common import IbCarePlansCommon


@tagged("post_install", "-at_install")
class TestPlanStartingSituation(IbCarePlansCommon):
    """A new plan lists the pupil's latest result per domain in its starting
    situation, written as the reader writes: in Dutch for a Dutch user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("nl_NL")
        cls.env["ir.module.module"]._load_module_terms(["ib_care_plans"], ["nl_NL"])
        Result = cls.env["ib.assessment.result"]
        cls.y = cls.year_a.date_start.year  # the dates lie inside the school year
        Result.create(
            {
                "pupil_id": cls.pupil_5a.id,
                "assessment_id": cls.maths.id,
                "school_year_id": cls.year_a.id,
                "moment": "middle",
                "date": date(cls.y, 12, 2),
                "score": 234.0,
            }
        )
        Result.create(
            {
                "pupil_id": cls.pupil_5a.id,
                "assessment_id": cls.reading.id,
                "school_year_id": cls.year_a.id,
                "moment": "middle",
                "date": date(cls.y + 1, 1, 15),
                "score": 41.5,
            }
        )

    def _new_plan(self, lang):
        plan = (
            self.env["ib.care.plan"]
            .with_user(self.coordinator_a)
            .with_context(lang=lang)
            .create(
                {
                    "name": "Plan Anna",
                    "kind": "action",
                    "pupil_id": self.pupil_5a.id,
                    "responsible_user_id": self.coordinator_a.id,
                }
            )
        )
        return str(plan.starting_situation)

    def test_dutch_dates_scores_and_domain_names(self):
        text = self._new_plan("nl_NL")
        self.assertIn(f"Rekenen: Rekenen-Wiskunde (2 december {self.y}, 234)", text)
        self.assertIn(f"(15 januari {self.y + 1}, 41,5)", text)
        self.assertNotIn("234.0", text)
        self.assertNotIn(f"{self.y}-12-02", text)
        self.assertNotIn("Maths", text)

    def test_english_reader_gets_english(self):
        text = self._new_plan("en_US")
        self.assertIn(f"Maths: Rekenen-Wiskunde (December 2, {self.y}, 234)", text)
        self.assertIn("41.5", text)
