from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import IbCarePlansCommon


@tagged("post_install", "-at_install")
class TestResultAccess(IbCarePlansCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Result = cls.env["ib.assessment.result"]
        vals = {"assessment_id": cls.maths.id, "moment": "middle", "score": 230}
        cls.result_5a = Result.create(
            dict(vals, pupil_id=cls.pupil_5a.id, school_year_id=cls.year_a.id)
        )
        cls.result_6a = Result.create(
            dict(vals, pupil_id=cls.pupil_6a.id, school_year_id=cls.year_a.id)
        )
        cls.result_b = Result.create(
            dict(vals, pupil_id=cls.pupil_b.id, school_year_id=cls.year_b.id)
        )
        cls.portal = new_test_user(
            cls.env, login="t_portal_parent", groups="base.group_portal"
        )

    def _visible(self, user):
        return self.as_user(user, "ib.assessment.result").search([])

    def test_who_sees_which_results(self):
        self.assertEqual(self._visible(self.teacher_5), self.result_5a)
        self.assertEqual(self._visible(self.teacher_6), self.result_6a)
        self.assertEqual(self._visible(self.teacher_b), self.result_b)
        self.assertEqual(
            self._visible(self.coordinator_a), self.result_5a | self.result_6a
        )
        self.assertEqual(self._visible(self.coordinator_b), self.result_b)
        self.assertEqual(
            self._visible(self.director),
            self.result_5a | self.result_6a | self.result_b,
        )
        with self.assertRaises(AccessError):
            self._visible(self.employee)
        self.assertFalse(self._visible(self.portal), "a portal user who is no parent")

    def test_teacher_reads_and_writes_own_group_only(self):
        mine = self.result_5a.with_user(self.teacher_5)
        mine.score = 241
        self.assertEqual(mine.level_label, "I")
        other = self.result_6a.with_user(self.teacher_5)
        with self.assertRaises(AccessError):
            other.read(["score"])
        with self.assertRaises(AccessError):
            other.write({"score": 200})
        with self.assertRaises(AccessError):
            self.as_user(self.teacher_5, "ib.assessment.result").create(
                {
                    "pupil_id": self.pupil_6b.id,
                    "assessment_id": self.maths.id,
                    "school_year_id": self.year_a.id,
                    "moment": "end",
                    "score": 240,
                }
            )
        created = self.as_user(self.teacher_5, "ib.assessment.result").create(
            {
                "pupil_id": self.pupil_5b.id,
                "assessment_id": self.maths.id,
                "school_year_id": self.year_a.id,
                "moment": "end",
                "score": 240,
            }
        )
        self.assertEqual(created.level_label, "II")

    def test_teacher_cannot_move_a_result_to_another_pupil(self):
        with self.assertRaises(AccessError):
            self.result_5a.with_user(self.teacher_5).write(
                {"pupil_id": self.pupil_5b.id}
            )
        self.result_5a.with_user(self.coordinator_a).write(
            {"pupil_id": self.pupil_5b.id}
        )
        self.assertEqual(self.result_5a.pupil_id, self.pupil_5b)

    def test_director_reads_only(self):
        result = self.result_5a.with_user(self.director)
        self.assertEqual(result.score, 230)
        with self.assertRaises(AccessError):
            result.write({"score": 240})

    def test_director_with_one_school_active(self):
        results = (
            self.env["ib.assessment.result"]
            .with_user(self.director)
            .with_context(allowed_company_ids=self.school_a.ids)
            .search([])
        )
        self.assertEqual(results, self.result_5a | self.result_6a)

    def test_coordinator_writes_own_school_only(self):
        self.result_6a.with_user(self.coordinator_a).write({"remarks": "Herhalen"})
        with self.assertRaises(AccessError):
            self.result_b.with_user(self.coordinator_a).read(["score"])

    def test_results_are_never_deleted_in_daily_use(self):
        with self.assertRaises(AccessError):
            self.result_5a.with_user(self.coordinator_a).unlink()
        with self.assertRaises(UserError):
            self.result_5a.with_user(self.manager).unlink()

    def test_signal_fields_cannot_be_forged(self):
        result = self.result_5a.with_user(self.coordinator_a)
        result.write({"signal": "drop", "previous_level": 1, "level_change": -4})
        self.assertFalse(result.signal)
        self.assertFalse(result.level_change)

    def test_sessions_per_role(self):
        Session = self.env["ib.assessment.session"]
        day = self.year_a.date_end.replace(month=1, day=20)
        session_5 = Session.create(
            {
                "assessment_id": self.maths.id,
                "group_id": self.group_5.id,
                "date_planned": day,
            }
        )
        session_6 = Session.create(
            {
                "assessment_id": self.maths.id,
                "group_id": self.group_6.id,
                "date_planned": day,
            }
        )
        self.assertEqual(
            self.as_user(self.teacher_5, "ib.assessment.session").search([]), session_5
        )
        self.assertEqual(
            self.as_user(self.coordinator_a, "ib.assessment.session").search([]),
            session_5 | session_6,
        )
        self.assertFalse(
            self.as_user(self.coordinator_b, "ib.assessment.session").search([])
        )
        with self.assertRaises(AccessError):
            session_5.with_user(self.teacher_5).write({"date_planned": day})
        with self.assertRaises(AccessError):
            self.as_user(self.teacher_5, "ib.assessment.session").create(
                {
                    "assessment_id": self.maths.id,
                    "group_id": self.group_5.id,
                    "moment": "end",
                    "date_planned": day,
                }
            )

    def test_catalogue_per_school(self):
        Test = self.env["ib.assessment"]
        self.assertIn(
            self.reading, self.as_user(self.teacher_5, "ib.assessment").search([])
        )
        self.assertNotIn(
            self.reading, self.as_user(self.teacher_b, "ib.assessment").search([])
        )
        self.assertIn(
            self.maths,
            self.as_user(self.teacher_b, "ib.assessment").search([]),
            "a test without school is shared by the board",
        )
        with self.assertRaises(AccessError):
            self.maths.with_user(self.teacher_5).write({"name": "Other"})
        Test.with_user(self.coordinator_a).create(
            {
                "name": "Eigen toets",
                "domain": "spelling",
                "company_id": self.school_a.id,
            }
        )

    def test_group_overview_access(self):
        Overview = self.env["ib.group.overview"]
        self.assertTrue(
            Overview.with_user(self.teacher_5)._ib_overview_data(self.group_5)["rows"]
        )
        with self.assertRaises(AccessError):
            Overview.with_user(self.teacher_6)._ib_overview_data(self.group_5)
        with self.assertRaises(AccessError):
            Overview.with_user(self.coordinator_b).with_context(
                allowed_company_ids=self.school_b.ids
            )._ib_overview_data(self.group_5)
        data = Overview.with_user(self.director)._ib_overview_data(self.group_5)
        self.assertEqual(
            [r["pupil"] for r in data["rows"]], [self.pupil_5b, self.pupil_5a]
        )

    def test_public_methods_as_portal_user(self):
        result = self.result_5a.with_user(self.portal)
        with self.assertRaises(AccessError):
            result.read(["score"])
        with self.assertRaises(AccessError):
            self.env["ib.assessment.import"].with_user(self.portal).create({})
        with self.assertRaises(AccessError):
            self.env["ib.group.overview"].with_user(self.portal).create(
                {"group_id": self.group_5.id}
            )
