"""The daily screens cost a fixed number of queries, whatever the data behind
them: the pupil form (as the web client opens it: one ``web_read``) and the care
coordinator's overview. Each is measured at two data sizes and must cost exactly
the same (the number is the one measured; a change of it is a change of the cost
of the screen, to be explained in the commit that changes it)."""

from odoo.tests import tagged

from .common import IbCoreCommon
from .common_privacy import PUPIL_FORM_SPEC

# The pupil form of ib_core: the fields of PUPIL_FORM_SPEC, its smart buttons and
# the consents and support requests tabs (x2many read with the web client's limit).
FORM_SPEC = {
    **PUPIL_FORM_SPEC,
    "note_count": {},
    "consent_count": {},
    "access_log_count": {},
    "support_request_count": {},
    "consent_ids": {
        "fields": {
            "purpose": {},
            "partner_id": {"fields": {"display_name": {}}},
            "state": {},
        },
        "limit": 40,
    },
    "support_request_ids": {
        "fields": {"name": {}, "state": {}, "deadline": {}},
        "limit": 40,
    },
}
# pupil; teachers (2); the lines of the four tabs (one query: guardians,
# memberships, consents, support requests); the smart-button counts (one
# query); company, group, support level; guardian rows, their partners;
# memberships, their school years; consent rows (their partners are the
# guardians', already read); support request rows; the access-log row. (23
# before the tabs and the counts were read in one query each.)
FORM_QUERIES = 16
# support requests by state, overdue requests, consents, correction requests,
# support levels, pupils per level
OVERVIEW_QUERIES = 6


@tagged("post_install", "-at_install")
class TestScreenQueryCounts(IbCoreCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # pupil_5a: a small file; pupil_5b: 30 parents and 30 consents
        cls._file(cls.pupil_5a, 1)
        cls._file(cls.pupil_5b, 30)
        # six schools for the overview, each with pupils and requests
        Company = cls.env["res.company"]
        cls.more_schools = Company.create(
            [{"name": f"Test School {n}", "ib_brin_code": f"97Z{n}"} for n in range(4)]
        )
        cls.six_schools = cls.school_a | cls.school_b | cls.more_schools
        cls.coordinator_six = cls._user(
            "t_ib_six", "ib_core.group_ib_coordinator", cls.six_schools
        )
        for school in cls.more_schools:
            year = cls._create_year(school, cls.year_a.date_start)
            group = cls._group("Groep 4", year, cls.env.ref("ib_core.grade_4"))
            pupil = cls._pupil("Sam", school.name, group)
            cls.env["ib.support.request"].create(
                {"pupil_id": pupil.id, "care_domain": "maths", "question": "<p>?</p>"}
            )

    @classmethod
    def _file(cls, pupil, size):
        parents = cls.env["res.partner"].create(
            [{"name": f"Parent {n} of {pupil.name}"} for n in range(size)]
        )
        cls.env["ib.pupil.guardian"].create(
            [
                {
                    "pupil_id": pupil.id,
                    "partner_id": parent.id,
                    "relation": "mother",
                    "parental_authority": True,
                }
                for parent in parents
            ]
        )
        cls.env["ib.consent"].create(
            [
                {
                    "pupil_id": pupil.id,
                    "partner_id": parent.id,
                    "purpose": "observation",
                    "description": f"Consent of {parent.name}",
                }
                for parent in parents
            ]
        )

    def _open_form(self, pupil):
        record = self.as_user(self.coordinator_a, "ib.pupil").browse(pupil.id)
        record.web_read(FORM_SPEC)  # warm the caches of rules and access rights
        self.env.invalidate_all()
        with self.assertQueryCount(FORM_QUERIES):
            return record.web_read(FORM_SPEC)[0]

    def test_pupil_form_costs_the_same_for_a_small_and_a_large_file(self):
        small = self._open_form(self.pupil_5a)
        large = self._open_form(self.pupil_5b)
        self.assertEqual((len(small["consent_ids"]), small["consent_count"]), (1, 1))
        self.assertEqual((len(large["consent_ids"]), large["consent_count"]), (30, 30))
        self.assertEqual(len(large["guardian_ids"]), 30)
        self.assertEqual(large["access_log_count"], 1, "the earlier opening")

    def test_smart_button_counts_follow_the_users_access(self):
        # a teacher reads no access log: counted as nothing, not refused
        pupil = self.as_user(self.teacher_5, "ib.pupil").browse(self.pupil_5b.id)
        self.assertEqual(pupil.consent_count, len(pupil.consent_ids))
        self.assertEqual(pupil.sudo().access_log_count, 0)
        other = self.as_user(self.coordinator_b, "ib.pupil").browse(self.pupil_5b.id)
        self.assertFalse(other._filtered_access("read"))

    def _overview_queries(self, schools):
        companies = (
            self.as_user(self.coordinator_six, "res.company")
            .with_context(allowed_company_ids=self.six_schools.ids)
            .browse(schools.ids)
        )

        def ib_core_counters():
            counters = {company.id: [] for company in companies}
            companies._ib_overview_support_request_counters(counters)
            companies._ib_overview_consent_counters(counters)
            companies._ib_overview_support_level_counters(counters)
            return counters

        ib_core_counters()  # warm the caches of rules and access rights
        self.env.invalidate_all()
        with self.assertQueryCount(OVERVIEW_QUERIES):
            return ib_core_counters()

    def test_overview_costs_the_same_for_two_and_six_schools(self):
        two = self._overview_queries(self.school_a | self.school_b)
        six = self._overview_queries(self.six_schools)
        self.assertEqual(len(two), 2)
        self.assertEqual(len(six), 6)
        for school in self.more_schools:
            new = {c["key"]: c["count"] for c in six[school.id]}
            self.assertEqual(new["support_request_new"], 1, school.name)
