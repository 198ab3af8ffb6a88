from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .test_support_request import IbSupportRequestCommon


@tagged("post_install", "-at_install")
class TestOverview(IbSupportRequestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.school_c = cls.env["res.company"].create(
            {"name": "Test School C", "ib_brin_code": "98ZC"}
        )
        cls.year_c = cls._create_year(cls.school_c, cls.year_a.date_start)
        cls.teacher_c = cls._user(
            "t_teacherc", "ib_core.group_ib_teacher", cls.school_c
        )
        cls.group_c = cls._group(
            "Groep 7", cls.year_c, cls.env.ref("ib_core.grade_7"), cls.teacher_c
        )
        cls.pupil_c = cls._pupil("Fleur", "Visser", cls.group_c)
        cls.schools = cls.school_a | cls.school_b | cls.school_c
        cls.coordinator_abc = cls._user(
            "t_ib_abc", "ib_core.group_ib_coordinator", cls.schools
        )
        # support levels: two pupils of A at level 3, one of B at level 2
        cls._set_level(cls.pupil_5a | cls.pupil_6a, 3)
        cls._set_level(cls.pupil_b, 2)

        past = fields.Date.today() - timedelta(days=2)
        cls.new_a = cls._request_as_admin(cls.pupil_5a)
        cls.overdue_a = cls._request_as_admin(cls.pupil_6a, deadline=past)
        cls.analysis_a = cls._request_as_admin(cls.pupil_5b)
        cls.analysis_a.action_start_analysis()
        cls.new_b = cls._request_as_admin(cls.pupil_b)
        cls.new_c = cls._request_as_admin(cls.pupil_c, deadline=past)

    @classmethod
    def _set_level(cls, pupils, level):
        for pupil in pupils:
            pupil.support_level_id = cls.env["ib.support.level"].search(
                [("company_id", "=", pupil.company_id.id), ("level", "=", level)]
            )

    @classmethod
    def _request_as_admin(cls, pupil, **vals):
        return cls.env["ib.support.request"].create(
            {
                "pupil_id": pupil.id,
                "care_domain": "maths",
                "question": "<p>Tables</p>",
                **vals,
            }
        )

    def _counters(self, user, schools):
        companies = (
            self.as_user(user, "res.company")
            .with_context(allowed_company_ids=schools.ids)
            .browse(schools.ids)
        )
        return {
            company.id: {c["key"]: c for c in company.ib_overview_counters}
            for company in companies
        }

    def test_counts_per_school(self):
        counters = self._counters(self.coordinator_abc, self.schools)
        a, b, c = (counters[s.id] for s in self.schools)
        self.assertEqual(a["support_request_new"]["count"], 2)
        self.assertEqual(a["support_request_overdue"]["count"], 1)
        self.assertEqual(a["support_request_analysis"]["count"], 1)
        self.assertEqual(a["pupils_level_3"]["count"], 2)
        self.assertEqual(a["pupils_level_2"]["count"], 0)
        self.assertEqual(b["support_request_new"]["count"], 1)
        self.assertEqual(b["support_request_overdue"]["count"], 0)
        self.assertEqual(b["pupils_level_2"]["count"], 1)
        self.assertEqual(c["support_request_overdue"]["count"], 1)
        self.assertEqual(
            [k for k in a if k.startswith("pupils_level_")],
            ["pupils_level_2", "pupils_level_3", "pupils_level_4", "pupils_level_5"],
        )

    def test_counts_follow_the_users_access(self):
        counters = self._counters(self.coordinator_a, self.school_a)
        self.assertEqual(counters[self.school_a.id]["support_request_new"]["count"], 2)
        # a school the coordinator does not work for counts nothing of it
        counters = self._counters(self.coordinator_b, self.school_b)
        self.assertEqual(counters[self.school_b.id]["support_request_new"]["count"], 1)

    def test_query_count_does_not_grow_with_the_schools(self):
        def measure(schools):
            companies = (
                self.as_user(self.coordinator_abc, "res.company")
                .with_context(allowed_company_ids=self.schools.ids)
                .browse(schools.ids)
            )
            companies._ib_overview_counters()  # warm the rule and ACL caches
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            result = companies._ib_overview_counters()
            return self.env.cr.sql_log_count - before, result

        one, result_one = measure(self.school_a)
        three, result_three = measure(self.schools)
        self.assertEqual(len(result_three), 3)
        self.assertEqual(one, three)
        # and in absolute terms, one query per kind of counter: requests per state,
        # overdue requests, consents awaiting an answer, open correction requests,
        # support levels, pupils per level (+ one per counter other addons add)
        self.assertLessEqual(one, 6 + len(self._extra_counter_kinds()))

    def _extra_counter_kinds(self):
        """Counter kinds added by other installed addons (one query each)."""
        company = self.as_user(self.coordinator_abc, "res.company").browse(
            self.school_a.id
        )
        own = ("support_request_", "consent_", "correction_", "pupils_level_")
        return [
            c["key"]
            for c in company.ib_overview_counters
            if not c["key"].startswith(own)
        ]

    def test_open_counter_domain_matches_count(self):
        company = self.as_user(self.coordinator_a, "res.company").browse(
            self.school_a.id
        )
        for counter in company.ib_overview_counters:
            action = company.action_open_counter(counter["key"])
            records = self.as_user(self.coordinator_a, action["res_model"]).search(
                action["domain"]
            )
            self.assertEqual(len(records), counter["count"], counter["key"])
            if records:
                self.assertEqual(records.company_id, self.school_a)
        action = company.action_open_counter("support_request_overdue")
        self.assertEqual(
            self.env["ib.support.request"].search(action["domain"]), self.overdue_a
        )
        with self.assertRaises(UserError):
            company.action_open_counter("no_such_counter")

    def test_open_counter_refused(self):
        teacher_company = self.as_user(self.teacher_5, "res.company").browse(
            self.school_a.id
        )
        with self.assertRaises(AccessError):
            teacher_company.action_open_counter("support_request_new")
        with self.assertRaises(AccessError):
            teacher_company.read(["ib_overview_counters"])
        # a coordinator of school B cannot open school A's records
        other = self.as_user(self.coordinator_b, "res.company").browse(self.school_a.id)
        with self.assertRaises(AccessError):
            other.action_open_counter("support_request_new")

    def test_director_sees_the_overview(self):
        counters = self._counters(self.director, self.school_a | self.school_b)
        self.assertEqual(counters[self.school_a.id]["support_request_new"]["count"], 2)
        company = self.as_user(self.director, "res.company").browse(self.school_b.id)
        action = company.action_open_counter("support_request_new")
        self.assertEqual(
            self.as_user(self.director, "ib.support.request").search(action["domain"]),
            self.new_b,
        )

    def test_landing_action_per_role(self):
        overview = self.env.ref("ib_core.ib_overview_action")
        pupils = self.env.ref("ib_core.ib_pupil_action")
        root = self.env.ref("ib_core.menu_root")
        for user, expected in (
            (self.coordinator_a, overview),
            (self.director, overview),
            (self.teacher_5, pupils),
        ):
            menus = self.env["ir.ui.menu"].with_user(user).load_web_menus(False)
            self.assertEqual(menus[root.id]["actionID"], expected.id, user.login)
