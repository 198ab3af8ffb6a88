import io

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import IbCarePlansCommon


@tagged("post_install", "-at_install")
class TestHttpRoutes(IbCarePlansCommon, HttpCase):
    """The XLSX download and the parents' page, over HTTP as each user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reading.share_with_parents = True  # maths stays internal
        cls.results = cls.env["ib.assessment.result"].create(
            [
                dict(
                    school_year_id=cls.year_a.id,
                    moment="middle",
                    pupil_id=pupil.id,
                    assessment_id=test.id,
                    **values,
                )
                for pupil, test, values in (
                    (
                        cls.pupil_5a,
                        cls.reading,
                        {
                            "score": 31,
                            "level": 2,
                            "remarks": "Zorgen thuis, niet delen",
                        },
                    ),
                    (cls.pupil_5a, cls.maths, {"score": 215}),
                    (cls.pupil_5b, cls.reading, {"score": 12, "level": 5}),
                )
            ]
        )
        cls.parent_a = cls._portal_parent("t_parent_a", cls.pupil_5a)
        cls.parent_b = cls._portal_parent("t_parent_b", cls.pupil_5b)

    # ---------------------------------------------------------------- parents
    def test_parent_sees_shared_results_of_own_child_only(self):
        self.authenticate("t_parent_a", "t_parent_a")
        # maths is not shared, remarks are internal
        self.assertPage(
            "/my/test-results",
            [self.pupil_5a.name, "Begrijpend Lezen"],
            ["Rekenen-Wiskunde", "Zorgen thuis", self.pupil_5b.name],
            redirects=True,
        )
        # the other child's page: same answer as a page that does not exist
        other = self.url_open(f"/my/test-results/{self.pupil_5b.id}")
        missing = self.url_open("/my/test-results/999999")
        self.assertEqual(other.status_code, 404)
        self.assertEqual(missing.status_code, 404)
        self.assertNotIn(self.pupil_5b.name, other.text)
        own = self.url_open(f"/my/test-results/{self.pupil_5a.id}")
        self.assertEqual(own.status_code, 200)

    def test_parent_over_rpc(self):
        results = self.env["ib.assessment.result"].with_user(self.parent_a)
        self.assertEqual(
            results.search([]), self.results[0], "only the shared result of 5a"
        )
        with self.assertRaises(AccessError):
            self.results[2].with_user(self.parent_a).read(["score"])
        with self.assertRaises(AccessError):
            self.results[0].with_user(self.parent_a).write({"score": 40})
        # portal access switched off: nothing any more
        self.env["ib.pupil.guardian"].search(
            [("partner_id", "=", self.parent_a.partner_id.id)]
        ).portal_access = False
        # ib_core revokes the portal login itself: nothing readable any more
        try:
            found = results.search([])
        except AccessError:
            found = results.browse()
        self.assertFalse(found)

    def test_portal_home_counter(self):
        self.authenticate("t_parent_b", "t_parent_b")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["ib_test_result_count"]}
        )
        self.assertEqual(counters["ib_test_result_count"], 1)

    # ------------------------------------------------------------------ XLSX
    def test_group_overview_download(self):
        import openpyxl  # pylint: disable=import-outside-toplevel

        url = f"/ib_care_plans/group_overview/{self.group_5.id}/xlsx"
        self.authenticate("t_teacher5", "t_teacher5")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response.headers["Content-Type"])
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        self.assertIn("Groep 5", sheet["A1"].value)

        self.authenticate("t_teacher6", "t_teacher6")
        refused = self.url_open(url)
        missing = self.url_open("/ib_care_plans/group_overview/999999/xlsx")
        self.assertEqual(refused.status_code, 404)
        self.assertEqual(missing.status_code, 404)
        self.assertNotIn(self.pupil_5a.name, refused.text)

        self.authenticate("t_parent_a", "t_parent_a")
        self.assertNotEqual(self.url_open(url).status_code, 200)
