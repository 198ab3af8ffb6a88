from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common_secondary_support import IbSecondarySupportCommon

APPLICATION = "ib.secondary.support.application"


@tagged("post_install", "-at_install")
class TestSecondarySupportFile(IbSecondarySupportCommon):
    """The application file: what 'complete' requires, the deadline, the
    decision, and the lock of a complete file."""

    def test_complete_names_each_missing_part(self):
        application = self._application(self.coordinator_a)
        self.assertEqual(application.swv_vo_partner_id, self.swv_vo)
        with self.assertRaises(UserError) as caught:
            application.action_complete()
        message = str(caught.exception)
        self.assertAllIn(
            [
                "the secondary school advice (provisional or final)",
                "a result for reading comprehension",
                "a result for maths",
                "a result for spelling or technical reading",
                "the social-emotional data",
                "a final educational report (OKR)",
                "the document Registration form of the SWV VO, signed by the parents",
            ],
            message,
        )
        # An LWOO application needs no capacity test unless one was done.
        self.assertNotIn("capacity test", message)
        self.assertEqual(application.state, "draft")
        application.write(self._complete_file())
        self.assertFalse(application.missing_parts)
        application.action_complete()
        self.assertEqual(application.state, "complete")

    def test_one_of_spelling_or_technical_reading(self):
        values = self._complete_file()
        values["result_ids"] = values["result_ids"][:2]  # no spelling
        application = self._application(self.coordinator_a, **values)
        self.assertEqual(
            application.missing_parts, "a result for spelling or technical reading"
        )
        application.result_ids = [
            fields.Command.create(
                {
                    "domain": "technical_reading",
                    "test_name": "DMT",
                    "test_date": fields.Date.today(),
                }
            )
        ]
        application.action_complete()
        self.assertEqual(application.state, "complete")

    def test_capacity_test_required_for_pro_and_complete_where_done(self):
        application = self._application(
            self.coordinator_a, kind="pro", **self._complete_file()
        )
        with self.assertRaisesRegex(UserError, "a capacity test"):
            application.action_complete()
        application.capacity_test_done = True
        with self.assertRaises(UserError) as caught:
            application.action_complete()
        self.assertAllIn(
            [
                "the date of the capacity test",
                "the total IQ of the capacity test",
                "who took the capacity test",
                "the report of the capacity test",
            ],
            str(caught.exception),
        )
        application.write(
            {
                "capacity_test_date": fields.Date.today(),
                "capacity_test_score": 72,
                "capacity_test_by": "Dr. Psycholoog",
                "capacity_test_file": self._file("IQ-REPORT"),
                "capacity_test_file_name": "wisc.pdf",
            }
        )
        application.action_complete()
        self.assertEqual(application.state, "complete")

    def test_state_cannot_skip_the_check(self):
        application = self._application(self.coordinator_a)
        with self.assertRaisesRegex(ValidationError, "is not complete"):
            application.write({"state": "submitted"})

    def test_complete_file_is_locked(self):
        application = self._application(self.coordinator_a, **self._complete_file())
        application.action_complete()
        with self.assertRaisesRegex(UserError, "set it back to draft"):
            application.social_emotional = "CHANGED"
        with self.assertRaisesRegex(UserError, "set it back to draft"):
            application.result_ids[:1].score = 99
        with self.assertRaisesRegex(UserError, "set it back to draft"):
            self.as_user(self.coordinator_a, "ib.secondary.support.document").create(
                {
                    "application_id": application.id,
                    "name": "Extra",
                    "file": self._file(),
                }
            )
        application.action_draft()
        application.social_emotional = "CHANGED"
        self.assertEqual(application.social_emotional, "CHANGED")

    def test_submit_and_decide(self):
        application = self._application(self.coordinator_a, **self._complete_file())
        application.action_complete()
        application.action_submit()
        self.assertEqual(application.submitted_date, fields.Date.today())
        with self.assertRaisesRegex(UserError, "Record the decision"):
            application.action_decide()
        application.write({"decision": "withdrawn", "decision_note": "NOTE"})
        application.action_decide()
        self.assertEqual(application.state, "decided")
        self.assertEqual(application.decision_date, fields.Date.today())
        with self.assertRaisesRegex(UserError, "not possible now"):
            application.action_submit()

    def test_only_group_8(self):
        with self.assertRaisesRegex(ValidationError, "not in group 8"):
            self._application(self.coordinator_a, pupil=self.pupil_5a)

    def test_advice_and_okr_of_the_same_pupil(self):
        other = self.env["ib.secondary.advice"].create(
            {"pupil_id": self.pupil_8b.id, "school_year_id": self.year_a.id}
        )
        with self.assertRaisesRegex(ValidationError, "is not about"):
            self._application(self.coordinator_a, advice_id=other.id)

    def test_deadline_and_overdue(self):
        application = self._application(self.coordinator_a)
        self.assertEqual(application.deadline, self.deadline)
        Application = self.as_user(self.coordinator_a, APPLICATION)
        today = fields.Date.today()
        application.deadline = today
        self.assertFalse(application.is_overdue)
        self.assertNotIn(application, Application.search([("is_overdue", "=", True)]))
        application.deadline = today - timedelta(days=1)
        self.assertTrue(application.is_overdue)
        self.assertIn(application, Application.search([("is_overdue", "=", True)]))
        self.assertNotIn(application, Application.search([("is_overdue", "=", False)]))
        # the coordinator's overview counts it for school A only
        counters = self._counters(self.coordinator_a, self.school_a)
        self.assertEqual(counters["secondary_support_overdue"], 1)
        self.assertEqual(counters["secondary_support_open"], 1)
        self.assertEqual(
            self._counters(self.coordinator_b, self.school_b)[
                "secondary_support_overdue"
            ],
            0,
        )
        # a submitted application is no longer overdue
        application.write(self._complete_file())
        application.action_complete()
        self.assertTrue(application.is_overdue)
        application.action_submit()
        self.assertFalse(application.is_overdue)
        self.assertNotIn(application, Application.search([("is_overdue", "=", True)]))
        self.assertEqual(
            self._counters(self.coordinator_a, self.school_a)[
                "secondary_support_overdue"
            ],
            0,
        )

    def _counters(self, user, company):
        self.env.invalidate_all()
        counters = (
            company.with_user(user)
            .with_context(allowed_company_ids=user.company_ids.ids)
            .ib_overview_counters
        )
        return {c["key"]: c["count"] for c in counters}

    def test_advice_button(self):
        advice = self._records_as(self.coordinator_a, self.advice_8a)
        action = advice.action_ib_support_application()
        self.assertFalse(action["res_id"])
        self.assertEqual(action["context"]["default_pupil_id"], self.pupil_8a.id)
        self.assertEqual(action["context"]["default_advice_id"], advice.id)
        application = self._application(self.coordinator_a, advice_id=advice.id)
        action = advice.action_ib_support_application()
        self.assertEqual(action["res_id"], application.id)

    def test_report_content(self):
        application = self._application(
            self.coordinator_a,
            kind="pro",
            capacity_test_done=True,
            capacity_test_score=71,
            **self._complete_file(),
        )
        html = self.render_html(
            "ib_referrals.ib_secondary_support_application_report_action",
            application,
            self.coordinator_a,
        )
        self.assertAllIn(
            ["Fleur", "SOCIAL-8A", "TEST-maths", "Aanmeldformulier", "71"], html
        )


@tagged("post_install", "-at_install")
class TestSecondarySupportAccess(IbSecondarySupportCommon):
    """Who reaches an application: the coordinator and the director of the
    school; not the group 8 teacher, another school's coordinator, parents or
    providers (no portal access)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.application = cls._application(social_emotional="SECRET-SOCIAL")

    def test_coordinator_and_director_of_the_school(self):
        for user in (self.coordinator_a, self.director):
            rows = self.as_user(user, APPLICATION).search_read(
                [("id", "=", self.application.id)], ["social_emotional"]
            )
            self.assertEqual(rows[0]["social_emotional"], "SECRET-SOCIAL")
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self._records_as(self.director, self.application).social_emotional = "X"

    def test_refused_users(self):
        parent = self._portal_parent("t_parent8", self.pupil_8a)
        provider = self._portal_user(
            "t_swv_vo",
            self.env["res.partner"].create(
                {"name": "VO Contact", "parent_id": self.swv_vo.id}
            ),
        )
        for user in (self.teacher_8, parent, provider):
            Application = self.as_user(user, APPLICATION)
            with self.assertRaises(AccessError), mute_logger("odoo.models"):
                Application.search_read([], ["social_emotional"])
            with self.assertRaises(AccessError), mute_logger("odoo.models"):
                Application.browse(self.application.id).read(["social_emotional"])
            Result = self.as_user(user, "ib.secondary.support.result")
            with self.assertRaises(AccessError), mute_logger("odoo.models"):
                Result.search_read([], ["score"])
        other = self.as_user(self.coordinator_b, APPLICATION)
        self.assertFalse(other.search([("id", "=", self.application.id)]))
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            other.browse(self.application.id).read(["social_emotional"])

    def test_coordinator_cannot_move_it_out_of_reach(self):
        application = self._records_as(self.coordinator_a, self.application)
        self.assertMoveRefused(application, {"pupil_id": self.pupil_b8.id})
        self.assertEqual(self.application.pupil_id, self.pupil_8a)
