import base64

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import IbCompetenciesCommon

PROFESSIONAL_MODELS = [
    "ib.competency.assessment",
    "ib.competency.assessment.line",
    "ib.development.plan",
    "ib.development.goal",
    "ib.training",
    "ib.task.profile",
    "ib.task.profile.line",
]


@tagged("post_install", "-at_install")
class TestProfessionalRecordAccess(IbCompetenciesCommon):
    """The coordinator's own professional records: the coordinator and the school's
    director and manager read them; teachers and other coordinators never do."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls._env_as(cls.coordinator_a)
        cls.assessment = cls._assessment(
            cls.coordinator_a, cls.year_a, {"A1": 2, "A2": 3}, env=env
        )
        cls.plan = env["ib.development.plan"].create(
            {
                "school_year_id": cls.year_a.id,
                "goal_ids": [(0, 0, {"name": "Coach with video feedback"})],
            }
        )
        cls.training = env["ib.training"].create(
            {
                "name": "Course on coaching",
                "date_start": cls.year_a.date_start,
                "hours": 12,
                "certificate": base64.b64encode(b"%PDF-1.4 certificate"),
                "certificate_filename": "certificate.pdf",
            }
        )
        cls.profile = env["ib.task.profile"].create(
            {"school_year_id": cls.year_a.id, "fte": 0.4}
        )
        cls.profile.action_load_tasks()
        cls.own = {
            "ib.competency.assessment": cls.assessment,
            "ib.competency.assessment.line": cls.assessment.line_ids,
            "ib.development.plan": cls.plan,
            "ib.development.goal": cls.plan.goal_ids,
            "ib.training": cls.training,
            "ib.task.profile": cls.profile,
            "ib.task.profile.line": cls.profile.line_ids,
        }

    def test_records_belong_to_their_creator(self):
        for model, records in self.own.items():
            self.assertEqual(records.user_id, self.coordinator_a, model)
            self.assertEqual(records.company_id, self.school_a, model)
        self.assertEqual(len(self.profile.line_ids), 31)

    def test_coordinator_reads_and_changes_own_records(self):
        for model, records in self.own.items():
            found = self.as_user(self.coordinator_a, model).search([])
            self.assertEqual(found, records, model)
        self.as_user(self.coordinator_a, "ib.training").browse(self.training.id).write(
            {"state": "done"}
        )
        self.assertEqual(self.training.state, "done")

    def test_teacher_and_employee_are_refused(self):
        for user in (self.teacher_5, self.employee):
            for model in PROFESSIONAL_MODELS:
                with self.assertRaises(AccessError, msg=f"{user.login} {model}"):
                    self.as_user(user, model).search([])
                with self.assertRaises(AccessError, msg=f"{user.login} {model}"):
                    self.as_user(user, model).browse(self.own[model][:1].id).read(
                        ["user_id"]
                    )

    def test_other_coordinators_see_nothing(self):
        for user in (self.coordinator_a2, self.coordinator_b):
            for model, records in self.own.items():
                Model = self.as_user(user, model)
                self.assertFalse(Model.search([]), f"{user.login} {model}")
                with self.assertRaises(AccessError, msg=f"{user.login} {model}"):
                    Model.browse(records[:1].id).read(["user_id"])
        # Nor can a coordinator file records in a colleague's name.
        with self.assertRaises(AccessError):
            self.as_user(self.coordinator_a2, "ib.training").create(
                {
                    "name": "Fake",
                    "user_id": self.coordinator_a.id,
                    "date_start": self.year_a.date_start,
                }
            )

    def test_director_and_manager_read_but_do_not_change(self):
        for user in (self.director, self.manager):
            for model, records in self.own.items():
                self.assertEqual(
                    self.as_user(user, model).search(
                        [("user_id", "=", self.coordinator_a.id)]
                    ),
                    records,
                    f"{user.login} {model}",
                )
        with self.assertRaises(AccessError):
            self.as_user(self.director, "ib.development.plan").browse(
                self.plan.id
            ).write({"evaluation": "<p>Changed</p>"})
        with self.assertRaises(AccessError):
            self.as_user(self.director, "ib.competency.assessment.line").browse(
                self.assessment.line_ids[0].id
            ).write({"level_id": self.levels[4].id})
        with self.assertRaises(AccessError):
            self.as_user(self.manager, "ib.training").browse(self.training.id).write(
                {"hours": 99}
            )
        # The director of school A only, with school B active, sees nothing.
        only_b = (
            self.env["ib.development.plan"]
            .with_user(self.director)
            .with_context(allowed_company_ids=self.school_b.ids)
        )
        self.assertFalse(only_b.search([]))

    def test_director_comments_on_the_plan(self):
        plan = self.as_user(self.director, "ib.development.plan").browse(self.plan.id)
        plan.message_post(body="Good plan, let us discuss the video course.")
        self.assertIn("video course", plan.message_ids[0].body)

    def test_director_assessment(self):
        Assessment = self.as_user(self.director, "ib.competency.assessment")
        review = Assessment.create(
            {
                "user_id": self.coordinator_a.id,
                "kind": "director",
                "company_id": self.school_a.id,
                "school_year_id": self.year_a.id,
                "framework_id": self.framework.id,
            }
        )
        self.assertEqual(review.assessor_id, self.director)
        review.line_ids[0].level_id = self.levels[3]
        # The coordinator reads the director's assessment of them but cannot change it.
        mine = self.as_user(self.coordinator_a, "ib.competency.assessment")
        self.assertIn(review, mine.search([]))
        with self.assertRaises(AccessError):
            mine.browse(review.id).line_ids[0].write({"level_id": self.levels[4].id})
        # A colleague coordinator does not see it.
        self.assertNotIn(
            review,
            self.as_user(self.coordinator_a2, "ib.competency.assessment").search([]),
        )

    def test_certificate_follows_the_training(self):
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "ib.training"),
                    ("res_id", "=", self.training.id),
                    ("res_field", "=", "certificate"),
                ]
            )
        )
        self.assertTrue(attachment)
        self.assertFalse(attachment.public)
        for user in (self.teacher_5, self.coordinator_a2):
            with self.assertRaises(AccessError, msg=user.login):
                self.as_user(user, "ir.attachment").browse(attachment.id).read(
                    ["datas"]
                )
        data = (
            self.as_user(self.director, "ir.attachment")
            .browse(attachment.id)
            .read(["datas"])
        )
        self.assertTrue(data[0]["datas"])
