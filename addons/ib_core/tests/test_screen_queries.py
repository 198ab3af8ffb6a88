"""The daily screens cost a fixed number of queries, whatever the data behind
them: the pupil form (as the web client opens it: one ``web_read``) and the care
coordinator's overview. Each is measured at two data sizes and must cost exactly
the same (the number is the one measured; a change of it is a change of the cost
of the screen, to be explained in the commit that changes it)."""

from odoo.tests import tagged

from odoo.addons.ib_core.models.ib_pupil_access_mixin import _INNER_READ

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
        "fields": {
            "name": {},
            "state": {},
            "deadline": {},
            "requester_id": {"fields": {"display_name": {}}},
        },
        "limit": 40,
    },
    "note_ids": {
        "fields": {
            "name": {},
            "date": {},
            "author_id": {"fields": {"display_name": {}}},
        },
        "limit": 40,
    },
}
# the lines of the five tabs (one query: guardians, memberships, consents,
# support requests, notes); pupil; teachers (2); the smart-button counts (one
# query); company, group, the teachers' partners; the pupil's guardians and the
# users' companies (read by record rules); guardian rows, their partners;
# memberships; consent rows; support request rows; note rows; school years;
# the users named in the tabs (authors, requesters: one read for all tabs) and
# their partners; the access-log row. (16 before the notes tab and the
# requesters were part of this specification; 23 before the tabs and the
# counts were read in one query each.)
FORM_QUERIES = 20
# the same form as a teacher of the pupil's group (without the access log count,
# which is not the teacher's to read): the smart buttons of ib_core count the
# lines of the tabs the form read, so no count query with ib_core alone (17);
# the count query of the buttons of other addons' tabs not in this
# specification (plans...) when they are installed (18). The coordinator's count
# query counts the access log.
TEACHER_FORM_QUERIES = 18
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
        # six schools for the overview, each with pupils and requests, and six
        # more (twelve: a board)
        Company = cls.env["res.company"]
        cls.more_schools = Company.create(
            [{"name": f"Test School {n}", "ib_brin_code": f"97Z{n}"} for n in range(4)]
        )
        cls.six_schools = cls.school_a | cls.school_b | cls.more_schools
        cls.board_schools = cls.six_schools | Company.create(
            [{"name": f"Board School {n}", "ib_brin_code": f"96Z{n}"} for n in range(6)]
        )
        cls.coordinator_six = cls._user(
            "t_ib_six", "ib_core.group_ib_coordinator", cls.board_schools
        )
        for school in cls.board_schools - cls.six_schools - cls.more_schools:
            year = cls._create_year(school, cls.year_a.date_start)
            group = cls._group("Groep 6", year, cls.env.ref("ib_core.grade_6"))
            cls._pupil("Noor", school.name, group)
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
        cls.env["ib.pupil.note"].with_user(cls.coordinator_a).create(
            [{"pupil_id": pupil.id, "name": f"Note {n}"} for n in range(size)]
        )
        cls.env["ib.support.request"].with_user(cls.teacher_5).create(
            [
                {"pupil_id": pupil.id, "care_domain": "maths", "question": "<p>?</p>"}
                for _n in range(size)
            ]
        )

    def _open_form(self, pupil, user=None, queries=FORM_QUERIES):
        record = self.as_user(user or self.coordinator_a, "ib.pupil").browse(pupil.id)
        spec = {
            name: sub
            for name, sub in FORM_SPEC.items()
            if record._has_field_access(record._fields[name], "read")
        }
        record.web_read(spec)  # warm the caches of rules and access rights
        self.env.invalidate_all()
        if queries is None:
            # counted, not asserted: returns (values, queries)
            before = self.env.cr.sql_log_count
            values = record.web_read(spec)[0]
            return values, self.env.cr.sql_log_count - before
        with self.assertQueryCount(queries):
            return record.web_read(spec)[0]

    def test_pupil_form_costs_the_same_for_a_small_and_a_large_file(self):
        small = self._open_form(self.pupil_5a)
        large = self._open_form(self.pupil_5b)
        self.assertEqual((len(small["consent_ids"]), small["consent_count"]), (1, 1))
        self.assertEqual((len(large["consent_ids"]), large["consent_count"]), (30, 30))
        self.assertEqual(len(large["guardian_ids"]), 30)
        self.assertEqual(large["access_log_count"], 1, "the earlier opening")

    def test_pupil_form_as_teacher_costs_the_same_for_a_small_and_a_large_file(
        self,
    ):
        """The teacher's form costs what the coordinator's costs: the record
        rules of the teacher (the pupils of their groups) are part of each
        query, not queries of their own."""
        small, small_queries = self._open_form(self.pupil_5a, self.teacher_5, None)
        large, large_queries = self._open_form(self.pupil_5b, self.teacher_5, None)
        self.assertEqual(large_queries, small_queries)
        self.assertLessEqual(small_queries, TEACHER_FORM_QUERIES)
        self.assertEqual((len(small["consent_ids"]), small["consent_count"]), (1, 1))
        self.assertEqual((len(large["consent_ids"]), large["consent_count"]), (30, 30))
        self.assertEqual(len(large["support_request_ids"]), 30)
        self.assertNotIn("access_log_count", large, "not the teacher's to read")

    def test_pupil_form_shows_what_odoos_own_read_shows(self):
        """The form read in fewer queries is the form Odoo's own ``web_read``
        reads (tab by tab, as a nested read does), for a coordinator and for a
        teacher, who may read fewer fields and notes."""
        for user in (self.coordinator_a, self.teacher_5):
            record = self.as_user(user, "ib.pupil").browse(self.pupil_5b.id)
            spec = {
                name: sub
                for name, sub in FORM_SPEC.items()
                if record._has_field_access(record._fields[name], "read")
            }
            self.env.invalidate_all()
            token = _INNER_READ.set(True)
            try:
                expected = record.web_read(spec)[0]
            finally:
                _INNER_READ.reset(token)
            self.env.invalidate_all()
            values = record.web_read(spec)[0]
            self.assertEqual(values, expected, user.login)
            requests = values["support_request_ids"]
            self.assertEqual(len(requests), 30, user.login)
            self.assertEqual(
                requests[0]["requester_id"],
                {"id": self.teacher_5.id, "display_name": self.teacher_5.name},
            )
            if user == self.coordinator_a:
                self.assertEqual(len(values["note_ids"]), 30)
                self.assertEqual(
                    values["note_ids"][0]["author_id"],
                    {"id": user.id, "display_name": user.name},
                )

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

    def _overview_screen(self, schools):
        """The overview as the web client reads it (``web_search_read`` of the
        schools' cards, with every counter of the installed addons): the
        values and the number of queries."""
        Company = self.as_user(self.coordinator_six, "res.company").with_context(
            allowed_company_ids=schools.ids
        )
        spec = {
            "name": {},
            "ib_coordinator_id": {"fields": {"display_name": {}}},
            "ib_overview_counters": {},
        }

        def read():
            return Company.web_search_read([("id", "in", schools.ids)], spec)

        read()  # warm the caches of rules and access rights
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        cards = read()["records"]
        return cards, self.env.cr.sql_log_count - before

    def test_overview_screen_costs_the_same_for_two_and_twelve_schools(self):
        """One grouped query per counter for all the schools of the board, so the
        same number of queries for 2 schools as for 12; and a school's card is
        the same whichever other schools are shown with it."""
        two, two_queries = self._overview_screen(self.school_a | self.school_b)
        board, board_queries = self._overview_screen(self.board_schools)
        self.assertEqual(len(two), 2)
        self.assertEqual(len(board), 12)
        self.assertEqual(board_queries, two_queries)
        by_id = {card["id"]: card["ib_overview_counters"] for card in board}
        for card in two:
            self.assertEqual(card["ib_overview_counters"], by_id[card["id"]])
        school = self.more_schools[0]
        counters = {c["key"]: c for c in by_id[school.id]}
        self.assertEqual(counters["support_request_new"]["count"], 1)
        # the card carries what it shows, not what a counter opens (that is
        # built on the server for the counter clicked)
        self.assertEqual(
            set(counters["support_request_new"]),
            {"key", "label", "count", "sequence", "severity", "section"},
        )
        action = (
            self.as_user(self.coordinator_six, "res.company")
            .with_context(allowed_company_ids=school.ids)
            .browse(school.id)
            .action_open_counter("support_request_new")
        )
        self.assertEqual(
            action["domain"],
            ["&", ["company_id", "=", school.id], ["state", "=", "new"]],
        )
