"""Issue 14, security.md pitfall 11: parents read the shared test results of
their own children, and of those only what the portal page shows. Remarks,
signals and the other staff fields are refused over every route: the page and
RPC (read, search_read, web_read, read_group, export, a search domain, an
order)."""

import re

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import IbCarePlansCommon
from .test_opp import IbOppCommon

REMARK = "Moeder ernstig ziek, kind slaapt slecht"
STAFF_FIELDS = (
    "remarks",
    "signal",
    "level",
    "level_change",
    "previous_level",
    "level_given",
    "group_id",
    "session_id",
    "grade_id",
    "support_level_id",
    "company_id",
    "create_uid",
    "write_uid",
)


@tagged("post_install", "-at_install")
class TestResultPortalPrivacy(IbCarePlansCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reading.share_with_parents = True
        Result = cls.env["ib.assessment.result"]
        # a drop of three levels since last year: a signal for the coordinator
        cls.result_before = Result.create(
            {
                "pupil_id": cls.pupil_5a.id,
                "assessment_id": cls.reading.id,
                "school_year_id": cls.year_a_previous.id,
                "moment": "end",
                "level": 1,
                "percentile": 91,
            }
        )
        cls.result_a = Result.create(
            {
                "pupil_id": cls.pupil_5a.id,
                "assessment_id": cls.reading.id,
                "school_year_id": cls.year_a.id,
                "moment": "middle",
                "level": 4,
                "percentile": 23,
                "remarks": REMARK,
            }
        )
        cls.result_b = Result.create(
            {
                "pupil_id": cls.pupil_5b.id,
                "assessment_id": cls.reading.id,
                "school_year_id": cls.year_a.id,
                "moment": "middle",
                "level": 2,
                "percentile": 67,
                "remarks": "Bram: dyslexieonderzoek loopt",
            }
        )
        cls.parent_a = cls._portal_parent("t_res_parent_a", cls.pupil_5a)
        cls.parent_b = cls._portal_parent("t_res_parent_b", cls.pupil_5b)

    def test_fixture_has_remarks_and_a_signal(self):
        self.assertEqual(self.result_a.signal, "drop")
        self.assertEqual(self.result_a.remarks, REMARK)

    # ------------------------------------------------------------- the page
    def test_parent_page_shows_results_without_staff_fields(self):
        self.authenticate("t_res_parent_a", "t_res_parent_a")
        for url in ("/my/test-results", f"/my/test-results/{self.pupil_5a.id}"):
            # the percentile (23) and the level (D) are shown, not the remark
            # or the signal
            self.assertPage(
                url,
                [self.pupil_5a.name, "Begrijpend Lezen", ">23<", ">D<"],
                [
                    REMARK,
                    "Moeder",
                    "Level dropped",
                    "Lowest level again",
                    "Lowest level at first result",
                    "Niveau gedaald",
                    self.pupil_5b.name,
                    "dyslexie",
                ],
                redirects=True,
            )

    def test_other_parent_gets_the_same_404_as_for_a_missing_child(self):
        self.authenticate("t_res_parent_b", "t_res_parent_b")
        other = self.url_open(f"/my/test-results/{self.pupil_5a.id}")
        missing = self.url_open("/my/test-results/999999")
        self.assertEqual(other.status_code, 404)
        self.assertEqual(missing.status_code, 404)

        # the same page, but for the URL and the per-request CSRF token
        def page(response, url):
            text = response.text.replace(url, "")
            return re.sub(r'csrf_token: "[^"]*"', "", text)

        self.assertEqual(
            page(other, f"/my/test-results/{self.pupil_5a.id}"),
            page(missing, "/my/test-results/999999"),
        )
        for text in (self.pupil_5a.name, REMARK, "Anna"):
            self.assertNotIn(text, other.text)
        # their own page shows their own child only
        own = self.url_open("/my/test-results")
        self.assertIn(self.pupil_5b.name, own.text)
        self.assertNotIn(self.pupil_5a.name, own.text)
        self.assertNotIn("dyslexie", own.text)

    # ------------------------------------------------------------------ RPC
    def _as_parent_a(self):
        return self.env["ib.assessment.result"].with_user(self.parent_a)

    def test_parent_reads_the_whitelisted_fields(self):
        Result = self._as_parent_a()
        rows = Result.search_read(
            [],
            ["pupil_id", "assessment_id", "date", "score", "level_label", "percentile"],
        )
        self.assertEqual(
            {row["id"] for row in rows}, set((self.result_before | self.result_a).ids)
        )
        row = next(r for r in rows if r["id"] == self.result_a.id)
        self.assertEqual(row["level_label"], "D")
        self.assertEqual(row["percentile"], 23)

    def test_parent_cannot_read_staff_fields_over_rpc(self):
        Result = self._as_parent_a()
        mine = self.result_a.with_user(self.parent_a)
        for field in STAFF_FIELDS:
            with self.subTest(field=field):
                with self.assertRaises(AccessError), mute_logger("odoo.models"):
                    mine.read([field])
                with self.assertRaises(AccessError), mute_logger("odoo.models"):
                    Result.search_read([], [field])
                with self.assertRaises(AccessError), mute_logger("odoo.models"):
                    mine.web_read({field: {}})
                with self.assertRaises(AccessError), mute_logger("odoo.models"):
                    Result.web_read_group([], [field], ["__count"])
                # portal users may not export at all
                with self.assertRaises(UserError), mute_logger("odoo.models"):
                    mine.export_data([field])
        # a domain or an order on a staff field does not answer either
        for domain in (
            [("remarks", "ilike", "Moeder")],
            [("signal", "=", "drop")],
            [("level_change", "<", 0)],
            [("support_level_id", "!=", False)],
            [("group_id.name", "ilike", "5")],
        ):
            with self.subTest(domain=domain):
                with self.assertRaises(AccessError), mute_logger("odoo.models"):
                    Result.search(domain)
        for order in ("signal", "remarks", "support_level_id", "group_id"):
            with self.subTest(order=order):
                with self.assertRaises(AccessError), mute_logger("odoo.models"):
                    Result.search([], order=order)
        # nor does fields_get offer them
        self.assertFalse(set(STAFF_FIELDS) & set(Result.fields_get()))

    def test_parent_cannot_read_remarks_over_json_rpc(self):
        self.authenticate("t_res_parent_a", "t_res_parent_a")
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/web/dataset/call_kw/ib.assessment.result/read",
                data=(
                    '{"jsonrpc": "2.0", "method": "call", "params": {'
                    '"model": "ib.assessment.result", "method": "read", '
                    f'"args": [[{self.result_a.id}], ["remarks", "signal"]], '
                    '"kwargs": {}}}'
                ),
                headers={"Content-Type": "application/json"},
            )
        self.assertIn("error", response.json())
        self.assertNotIn(REMARK, response.text)
        self.assertNotIn('"drop"', response.text)


@tagged("post_install", "-at_install")
class TestOppPortalPrivacy(IbOppCommon, HttpCase):
    """The parents' OPP page prints what the parents discuss and agree on (exit
    level, its reasoning, goals, action part): not the staff's working notes
    (starting situation, educational needs, evaluation, goal evaluations, the
    chatter)."""

    INTERNAL = {
        "starting_situation": "<p>Intern: broertje in jeugdzorg</p>",
        "educational_needs": "<p>Intern: heeft rust nodig na ruzie thuis</p>",
        "evaluation": "<p>Intern: aanpak werkt niet, overleg met GGD</p>",
        "request_analysis": "<p>Intern: hypothese van de IB'er</p>",
        "parents_consultation_note": "Intern: vader was boos in het gesprek",
    }

    def test_opp_page_prints_no_internal_notes(self):
        self.opp.write(self.INTERNAL)
        self.opp.goal_ids[:1].write(
            {"result": "partly", "result_comment": "Intern: leerkracht twijfelt"}
        )
        self.opp.message_post(
            body="Intern: gesprek met wijkteam", message_type="comment"
        )
        self.opp.action_request_agreement()
        self.authenticate("t_opp_parent_a", "t_opp_parent_a")
        for url in ("/my/plans", f"/my/plans/{self.opp.id}"):
            body = self.url_open(url).text
            self.assertIn("OPP Anna", body)
            self.assertNotIn("Intern:", body, url)
        page = self.url_open(f"/my/plans/{self.opp.id}").text
        self.assertIn("Own learning line maths", page, "the action part is shown")
        self.assertIn("Strong orally", page, "the reasoning is shown")

    def test_parents_cannot_read_the_plan_over_rpc(self):
        self.opp.action_request_agreement()
        plan = self.opp.with_user(self.parent_a)
        for field in ("action_part", "evaluation", "starting_situation"):
            with self.assertRaises(AccessError), mute_logger("odoo.models"):
                plan.read([field])
