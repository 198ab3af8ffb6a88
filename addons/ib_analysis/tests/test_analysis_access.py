from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import tagged

from .common import IbAnalysisCommon

PUPIL_VIEWS = (
    "ib.analysis.result",
    "ib.analysis.growth",
    "ib.analysis.reference",
    "ib.analysis.chart",
)
SCHOOL_VIEWS = ("ib.analysis.reference.summary", "ib.care.report")


@tagged("post_install", "-at_install")
class TestAnalysisAccess(IbAnalysisCommon):
    """The reporting views follow the access of the results: a teacher the rows
    of their own groups' pupils, director and coordinator their schools, a
    parent and an employee without a care role nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.parent = cls._portal_parent("t_parent_an", cls.pupil_5a)
        cls.maths.share_with_parents = True  # parents may read their child's result

    def test_teacher_sees_own_groups_rows_only(self):
        export = self.env.ref("base.group_allow_export")
        (self.teacher_5 | self.teacher_6).write(
            {"group_ids": [Command.link(export.id)]}
        )
        own_5 = {self.pupils[k] for k in self.SCORES_P}
        own_6 = {self.pupils[k] for k in self.SCORES_Q}
        for teacher, own in ((self.teacher_5, own_5), (self.teacher_6, own_6)):
            for model in PUPIL_VIEWS:
                Model = self.as_user(teacher, model)
                rows = Model.search_read([], ["pupil_id"])
                # the final test was taken by pupils who left: none of theirs
                expected = set() if model == "ib.analysis.reference" else own
                self.assertEqual(
                    {r["pupil_id"][0] for r in rows}, {p.id for p in expected}, model
                )
                groups = Model.formatted_read_group([], ["company_id"], ["__count"])
                self.assertEqual(sum(g["__count"] for g in groups), len(rows))
                web = Model.web_read_group([], ["pupil_id"], ["__count"])
                self.assertEqual(
                    {g["pupil_id"][0] for g in web["groups"]},
                    {p.id for p in expected},
                )
                exported = Model.search([]).export_data(
                    ["pupil_id/id", "company_id/id"]
                )
                self.assertEqual(len(exported["datas"]), len(rows))
        # exact counts: P has M4, E4, M5; Q has M5, E5, M6
        self.assertEqual(
            self.as_user(self.teacher_5, "ib.analysis.result").search_count([]), 15
        )
        self.assertEqual(
            self.as_user(self.teacher_6, "ib.analysis.result").search_count([]), 9
        )
        # the teacher's growth: their pupils' pairs, whatever group they were in
        rows = self.as_user(self.teacher_5, "ib.analysis.growth").formatted_read_group(
            [("span", "=", "next")], ["group_id"], ["growth_met_pct:avg"]
        )
        self.assertEqual(
            {r["group_id"][0] for r in rows}, {self.group_5.id, self.group_4_prev.id}
        )

    def test_teacher_reads_no_row_of_another_group(self):
        other = self.env["ib.analysis.result"].search(
            [("pupil_id", "=", self.pupils["Q1"].id)], limit=1
        )
        with self.assertRaises(AccessError):
            other.with_user(self.teacher_5).read(["score"])
        self.assertFalse(
            self.as_user(self.teacher_5, "ib.analysis.result").search(
                [("id", "=", other.id)]
            )
        )

    def test_teacher_has_no_school_figures(self):
        for model in SCHOOL_VIEWS:
            with self.assertRaises(AccessError):
                self.as_user(self.teacher_5, model).search_read([], ["id"])

    def test_parent_and_employee_see_nothing(self):
        for user in (self.parent, self.employee):
            for model in PUPIL_VIEWS + SCHOOL_VIEWS:
                Model = self.as_user(user, model)
                with self.assertRaises(AccessError):
                    Model.search_read([], ["id"])
                with self.assertRaises(AccessError):
                    Model.formatted_read_group([], [], ["__count"])

    def test_coordinator_of_another_school(self):
        for model in PUPIL_VIEWS:
            rows = self.as_user(self.coordinator_b, model).search_read(
                [], ["company_id"]
            )
            self.assertEqual(
                {r["company_id"][0] for r in rows} - {self.school_b.id}, set(), model
            )
        summary = self.as_user(self.coordinator_b, "ib.analysis.reference.summary")
        self.assertFalse(summary.search([]))
        # with school A forced into the context: still nothing of school A
        forced = (
            self.env["ib.analysis.result"]
            .with_user(self.coordinator_b)
            .with_context(allowed_company_ids=[self.school_b.id, self.school_a.id])
        )
        with self.assertRaises(AccessError):
            forced.search_read([], ["id"])

    def test_director_of_one_school_active(self):
        Model = (
            self.env["ib.analysis.result"]
            .with_user(self.director)
            .with_context(allowed_company_ids=self.school_a.ids)
        )
        rows = Model.formatted_read_group([], ["company_id"], ["__count"])
        self.assertEqual([r["company_id"][0] for r in rows], [self.school_a.id])
