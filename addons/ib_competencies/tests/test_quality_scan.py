from datetime import timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import IbCompetenciesCommon


@tagged("post_install", "-at_install")
class TestQualityScan(IbCompetenciesCommon):
    """The yearly scan of the care structure, compared with the previous scan,
    yields an improvement plan with owners."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Scan = (
            cls.env["ib.quality.scan"]
            .with_user(cls.coordinator_a)
            .with_context(allowed_company_ids=cls.school_a.ids)
        )
        cls.aspects = cls.env["ib.quality.aspect"].search([])
        cls.last = cls.Scan.create(
            {
                "school_year_id": cls.year_a_previous.id,
                "date": cls.year_a_previous.date_start + timedelta(days=60),
            }
        )
        cls.this = cls.Scan.create(
            {
                "school_year_id": cls.year_a.id,
                "date": cls.year_a.date_start + timedelta(days=60),
            }
        )

    def _score(self, scan, scores):
        for line in scan.line_ids:
            if line.aspect_id.theme in scores:
                line.score = scores[line.aspect_id.theme]

    def test_questionnaire_and_comparison(self):
        self.assertEqual(len(self.aspects), 14)
        self.assertEqual(
            set(self.aspects.mapped("theme")),
            {
                "signalling",
                "analysis",
                "plans",
                "discussions",
                "parents",
                "external",
                "documentation",
            },
        )
        self.assertEqual(self.this.line_ids.aspect_id, self.aspects)
        self.assertEqual(self.this.previous_scan_id, self.last)
        both = self.last | self.this
        both.invalidate_recordset(["previous_scan_id"])
        self.assertEqual(
            [scan.previous_scan_id for scan in both], [self.Scan.browse(), self.last]
        )
        self._score(self.last, {"analysis": "2", "parents": "3"})
        self._score(self.this, {"analysis": "3", "parents": "2", "plans": "4"})
        analysis = self.this.line_ids.filtered(lambda line: line.theme == "analysis")
        self.assertEqual(set(analysis.mapped("previous_score")), {2})
        self.assertEqual(set(analysis.mapped("score_change")), {1})
        parents = self.this.line_ids.filtered(lambda line: line.theme == "parents")
        self.assertEqual(set(parents.mapped("score_change")), {-1})
        self.assertTrue(all(parents.mapped("needs_improvement")))
        self.assertFalse(any(analysis.mapped("needs_improvement")))
        self.assertAlmostEqual(self.this.average_score, (3 * 2 + 2 * 2 + 4 * 2) / 6)

    def test_improvement_plan(self):
        self._score(self.this, {"parents": "2", "documentation": "1"})
        self.this.action_complete()
        self.this.line_ids.filtered(lambda line: line.theme == "plans")[
            :1
        ].needs_improvement = True
        self.this.action_create_improvement_plan()
        actions = self.this.action_ids
        self.assertEqual(len(actions), 5)
        self.assertEqual(actions.owner_id, self.coordinator_a)
        self.assertTrue(all(d > self.this.date for d in actions.mapped("deadline")))
        self.assertTrue(actions.activity_ids)
        with self.assertRaises(UserError):
            self.this.action_create_improvement_plan()

    def test_action_owner_sees_own_action_only(self):
        self._score(self.this, {"parents": "2"})
        self.this.action_create_improvement_plan()
        first, second = self.this.action_ids
        first.owner_id = self.teacher_5
        Action = self.as_user(self.teacher_5, "ib.quality.action")
        self.assertEqual(Action.search([]), first)
        self.assertIn(self.teacher_5, first.activity_ids.user_id)
        Action.browse(first.id).write({"state": "in_progress", "result": "Started"})
        self.assertEqual(first.state, "in_progress")
        with self.assertRaises(AccessError):
            Action.browse(second.id).read(["name"])
        with self.assertRaises(AccessError):
            self.as_user(self.teacher_5, "ib.quality.scan").search([])
        self.assertFalse(self.as_user(self.teacher_6, "ib.quality.action").search([]))

    def test_director_reads_coordinator_manages(self):
        self._score(self.this, {"parents": "2"})
        scan = self.as_user(self.director, "ib.quality.scan").browse(self.this.id)
        self.assertEqual(scan.average_score, 2.0)
        with self.assertRaises(AccessError):
            scan.action_create_improvement_plan()
        with self.assertRaises(AccessError):
            scan.line_ids[0].write({"score": "4"})
        self.assertFalse(self.as_user(self.coordinator_b, "ib.quality.scan").search([]))
