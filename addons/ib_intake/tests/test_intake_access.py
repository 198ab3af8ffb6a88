import re
from datetime import date, timedelta

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, JsonRpcException, tagged
from odoo.tools import mute_logger

from .common import IbIntakeCommon

STAFF_ONLY = ("Staff only about", "Observed")
FORM_SPEC = {"name": {}, "support_need": {}, "state": {}}


@tagged("post_install", "-at_install")
class TestIntakeAccess(IbIntakeCommon, HttpCase):
    """Who reaches a registration. Rule: the school's director reads and its
    coordinator manages the registrations of their schools; teachers never see
    a registration (once admitted, the child is in the pupil file of their
    group); parents read their own registrations (whitelisted fields)."""

    def _rpc_refused(self, user, record, fields_=("name", "support_need")):
        self.login(user)
        for method, args, kwargs in (
            ("read", [record.ids, list(fields_)], {}),
            ("web_read", [record.ids], {"specification": FORM_SPEC}),
            ("export_data", [record.ids, list(fields_)], {}),
        ):
            with (
                self.subTest(user=user.login, method=method),
                self.assertRaises(JsonRpcException),
                mute_logger("odoo.http"),
            ):
                self.call_kw("ib.intake", method, args, kwargs)
        with mute_logger("odoo.http"):
            answer = self.call_kw_answer(
                "ib.intake",
                "search_read",
                [[("id", "=", record.id)], list(fields_)],
            )
        self.assertFalse(answer.get("result"), answer)
        with mute_logger("odoo.http"):
            answer = self.call_kw_answer(
                "ib.intake",
                "formatted_read_group",
                [[("id", "=", record.id)], ["state"], ["__count"]],
            )
        self.assertFalse(answer.get("result"), answer)

    # ---------------------------------------------------------------- staff
    def test_coordinator_reads_own_school_only(self):
        self.login(self.coordinator_a)
        result = self.call_kw(
            "ib.intake", "web_read", [self.intake.ids], {"specification": FORM_SPEC}
        )
        self.assertEqual(result[0]["support_need"], "Yasmin needs speech therapy")
        self._rpc_refused(self.coordinator_b, self.intake)
        self._rpc_refused(self.coordinator_a, self.intake_b)

    def test_opening_the_form_is_logged(self):
        Log = self.env["ib.pupil.access.log"]
        before = Log.search_count([("res_model", "=", "ib.intake")])
        self.intake.with_user(self.coordinator_a).with_context(
            allowed_company_ids=self.school_a.ids
        ).web_read(FORM_SPEC)
        logged = Log.search([("res_model", "=", "ib.intake")])
        self.assertEqual(len(logged), before + 1)
        self.assertEqual(logged[0].res_id, self.intake.id)
        self.assertEqual(logged[0].company_id, self.school_a)
        self.assertFalse(logged[0].pupil_id)

    def test_teacher_director_employee(self):
        for user in (self.teacher_5, self.employee):
            self._rpc_refused(user, self.intake)
        self.login(self.director)
        rows = self.call_kw("ib.intake", "search_read", [[], ["name"]], {})
        self.assertIn(self.intake.id, [r["id"] for r in rows])
        with self.assertRaises(AccessError):
            self.intake.with_user(self.director).write({"support_need": "x"})

    # --------------------------------------------------------------- parents
    def test_parent_registers_in_the_portal(self):
        self.login(self.parent)
        page = self.assertPage("/my/intake/new", contains=["support_need"])
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        Intake = self.env["ib.intake"]
        count = Intake.search_count([])
        birth = (date.today() - timedelta(days=6 * 365)).isoformat()
        form = {
            "child_first_name": "Noor",
            "child_last_name": "Portaal",
            "child_birth_date": birth,
            "previous_school_name": "De Linde",
            "support_need": "Noor has dyslexia",
            "information_consent": "1",
        }
        # bad input: errors shown, nothing written
        for wrong, field in (
            ({"child_first_name": ""}, "fill in the child"),
            ({"child_birth_date": "17-05-2019"}, "date of birth"),
            ({"child_birth_date": date.today().isoformat()}, "years old"),
            ({"support_need": ""}, "describe what your child needs"),
            ({"support_need": "x" * 5001}, "too long"),
            ({"company_id": str(self.school_b.id)}, "choose the school"),
        ):
            with self.subTest(field=field):
                response = self.url_open(
                    "/my/intake/new",
                    data={**form, **wrong, "csrf_token": token},
                )
                self.assertEqual(response.status_code, 200)
                self.assertIn(field, response.text)
                self.assertEqual(Intake.search_count([]), count)
        # without the CSRF token: refused
        with mute_logger("odoo.http"):
            response = self.url_open("/my/intake/new", data=form)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(Intake.search_count([]), count)
        response = self.url_open("/my/intake/new", data={**form, "csrf_token": token})
        self.assertEqual(response.status_code, 200)
        intake = Intake.search([("child_last_name", "=", "Portaal")])
        self.assertEqual(intake.partner_id, self.parent.partner_id)
        self.assertEqual(intake.company_id, self.school_a)
        self.assertEqual(intake.state, "registered")
        self.assertTrue(intake.information_consent)
        self.assertEqual(intake.deadline, date.today() + timedelta(weeks=6))
        # the coordinator got the first step
        self.assertIn(self.coordinator_a, intake.activity_ids.user_id)
        self.assertPage(
            f"/my/intake/{intake.id}", contains=["Noor Portaal", "Noor has dyslexia"]
        )
        self.assertPage("/my/intake", contains=["Noor Portaal", "Yasmin"])

    def test_parent_sees_own_registration_without_staff_fields(self):
        self.intake.write(
            {"extension_draft": "Waiting for the SWV", "decision_note": "Draft no"}
        )
        self.intake.with_user(self.coordinator_a).action_extend()
        self.login(self.parent)
        self.assertPage(
            f"/my/intake/{self.intake.id}",
            contains=["Yasmin Aanmelder", "Waiting for the SWV"],
            lacks=[*STAFF_ONLY, "Draft no"],
        )
        rows = self.call_kw(
            "ib.intake", "search_read", [[], ["name", "state", "extension_reason"]]
        )
        self.assertEqual([r["id"] for r in rows], self.intake.ids)
        for field in ("internal_note", "observation", "decision_note", "pupil_id"):
            with (
                self.subTest(field=field),
                self.assertRaises(JsonRpcException),
                mute_logger("odoo.http"),
            ):
                self.call_kw("ib.intake", "read", [self.intake.ids, [field]])
        # the co-parent's portal page and the other school's registration
        self.assertPage(f"/my/intake/{self.intake_b.id}", status=404)

    def test_documents_are_the_schools(self):
        """The registration's files follow its rules (Odoo: a file of a record
        is read by who reads the record); parents get no file at all (portal
        users have no access right on attachments in Odoo 19)."""
        attachment = self.env["ir.attachment"].create(
            {
                "name": "okr.pdf",
                "raw": b"%PDF-1.4 OKR of Yasmin",
                "res_model": "ib.intake",
                "res_id": self.intake.id,
            }
        )
        self.login(self.coordinator_a)
        response = self.url_open(f"/web/content/{attachment.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(b"OKR of Yasmin", response.content)
        for user in (self.parent, self.teacher_5, self.coordinator_b):
            self.login(user)
            with mute_logger("odoo.http"):
                response = self.url_open(f"/web/content/{attachment.id}")
            self.assertIn(response.status_code, (403, 404), user.login)
            self.assertNotIn(b"OKR of Yasmin", response.content)
        with self.assertRaises(AccessError):
            attachment.with_user(self.parent).read(["datas"])

    def test_other_parent_refused(self):
        self.login(self.other_parent)
        self.assertPage(f"/my/intake/{self.intake.id}", status=404, lacks=["Yasmin"])
        self.assertPage(f"/my/intake/{self.intake.id}/letter", status=404)
        self.assertPage("/my/intake", lacks=["Yasmin"])
        self._rpc_refused(self.other_parent, self.intake, ("name",))
        with self.assertRaises(AccessError):
            self.intake.with_user(self.parent).write({"support_need": "changed"})
