from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import IbCompetenciesCommon


@tagged("post_install", "-at_install")
class TestClassVisitWorkflow(HttpCase, IbCompetenciesCommon):
    """A class visit goes planned -> observed -> feedback given -> final, one step
    at a time; a final visit is read-only except for a correction a care
    coordinator logs with its reason. Tried over the routes the web client uses,
    as the coordinator and as the visited teacher."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.visit = cls._visit(cls.teacher_5, cls.group_5)

    # ------------------------------------------------------------ helpers
    def login(self, user):
        self.authenticate(user.login, user.login + "x" * (8 - len(user.login)))

    def rpc(self, model, method, args, kwargs=None):
        """The JSON-RPC answer: ``(result, error message)``."""
        with mute_logger("odoo.http"):
            answer = self.call_kw_answer(model, method, args, kwargs)
        error = answer.get("error")
        return answer.get("result"), error and error["data"]["message"]

    def save(self, record, vals, context=None):
        return self.rpc(
            record._name,
            "web_save",
            [record.ids, vals],
            {"specification": {"state": {}}, "context": context or {}},
        )

    def call(self, record, method):
        return self.rpc(record._name, method, [record.ids])

    def assert_refused(self, answer, *fragments):
        result, error = answer
        self.assertIsNone(result)
        self.assertTrue(error, "the request should have been refused")
        for fragment in fragments:
            self.assertIn(fragment, error)

    def state(self):
        self.env.invalidate_all()
        return self.visit.state

    def make_final(self):
        self.visit.write({"state": "observed"})
        self.visit.write({"state": "discussed", "feedback": "<p>Clear goals.</p>"})
        self.visit.action_finalize()
        self.assertEqual(self.visit.state, "final")

    # ------------------------------------------------------------ the steps
    def test_coordinator_cannot_skip_a_step(self):
        self.login(self.coordinator_a)
        for state in ("discussed", "final"):
            self.assert_refused(
                self.save(self.visit, {"state": state}), "one step at a time"
            )
        self.assert_refused(
            self.rpc("ib.class.visit", "write", [self.visit.ids, {"state": "final"}]),
            "cannot go from Planned to Final",
        )
        self.assert_refused(
            self.call(self.visit, "action_feedback_given"), "one step at a time"
        )
        self.assert_refused(self.call(self.visit, "action_finalize"), "to Final")
        self.assertEqual(self.state(), "planned")
        # Observed: not straight to final, not back to planned.
        self.visit.action_observed()
        self.assert_refused(self.call(self.visit, "action_finalize"), "to Final")
        self.assert_refused(self.save(self.visit, {"state": "planned"}), "Planned")
        self.assert_refused(self.call(self.visit, "action_cancel"), "Cancelled")
        self.assertEqual(self.state(), "observed")
        self.assertFalse(self.visit.feedback_date)

    def test_visit_cannot_be_created_final(self):
        self.login(self.coordinator_a)
        self.assert_refused(
            self.rpc(
                "ib.class.visit",
                "create",
                [
                    {
                        "group_id": self.group_5.id,
                        "company_id": self.school_a.id,
                        "start": "2030-01-07 09:00:00",
                        "state": "final",
                    }
                ],
            ),
            "cannot be created final",
        )
        self.assertEqual(
            self.env["ib.class.visit"].search_count([("state", "=", "final")]), 0
        )

    def test_allowed_path(self):
        self.login(self.coordinator_a)
        self.assertEqual(self.call(self.visit, "action_observed"), (True, None))
        self.assertEqual(self.state(), "observed")
        self.assertEqual(self.call(self.visit, "action_feedback_given"), (True, None))
        self.assertEqual(self.state(), "discussed")
        self.assertTrue(self.visit.feedback_date)
        # Final needs the feedback conversation written down.
        self.assert_refused(
            self.call(self.visit, "action_finalize"), "feedback conversation"
        )
        self.assertEqual(self.state(), "discussed")
        result, error = self.save(self.visit, {"feedback": "<p>Clear goals.</p>"})
        self.assertIsNone(error)
        self.assertEqual(self.call(self.visit, "action_finalize"), (True, None))
        self.assertEqual(self.state(), "final")
        # The direct write of the next step is the same step as the button.
        other = self._visit(self.teacher_5, self.group_5, days=9)
        self.assertEqual(
            self.save(other, {"state": "observed"})[0][0]["state"], "observed"
        )
        self.assertEqual(self.save(other, {"state": "discussed"})[1], None)
        # Cancel and plan again stay possible for a planned visit.
        third = self._visit(self.teacher_5, self.group_5, days=10)
        self.assertEqual(self.call(third, "action_cancel"), (True, None))
        self.assertEqual(self.call(third, "action_replan"), (True, None))
        third.invalidate_recordset()
        self.assertEqual(third.state, "planned")

    def test_teacher_cannot_move_their_visit(self):
        self.login(self.teacher_5)
        for method in ("action_observed", "action_feedback_given", "action_finalize"):
            self.assert_refused(self.call(self.visit, method))
        self.assert_refused(self.save(self.visit, {"state": "observed"}))
        self.assertEqual(self.state(), "planned")

    # ------------------------------------------------------------ final
    def test_final_visit_is_read_only(self):
        self.make_final()
        score = self.visit.score_ids[0]
        self.login(self.coordinator_a)
        for vals in (
            {"feedback": "<p>Rewritten</p>"},
            {"observation": "<p>Other</p>"},
            {"focus": "climate"},
            {"feedback_date": "2020-01-01"},
            {"score_ids": [(1, score.id, {"score": "1"})]},
        ):
            self.assert_refused(self.save(self.visit, vals), "is final")
        self.assert_refused(
            self.save(score, {"remark": "Later remark"}),
            "is final",
        )
        self.assert_refused(
            self.rpc("ib.class.visit.score", "unlink", [score.ids]), "is final"
        )
        # A context key sent over RPC does not unlock it.
        self.assert_refused(
            self.save(
                self.visit,
                {"feedback": "<p>Sneaky</p>"},
                {"ib_visit_correction": True},
            ),
            "is final",
        )
        # Nor can it go back to an earlier step.
        self.assert_refused(self.save(self.visit, {"state": "discussed"}), "Correct")
        self.env.invalidate_all()
        self.assertEqual(self.visit.state, "final")
        self.assertIn("Clear goals", self.visit.feedback)
        self.assertFalse(score.remark)
        # The chatter stays open: the coordinator can still post.
        result, error = self.rpc(
            "ib.class.visit",
            "message_post",
            [self.visit.ids],
            {"body": "Follow-up next term"},
        )
        self.assertIsNone(error)

    def test_teacher_cannot_change_or_correct_a_final_visit(self):
        self.make_final()
        self.login(self.teacher_5)
        self.assert_refused(self.save(self.visit, {"feedback": "<p>Mine</p>"}))
        self.assert_refused(self.call(self.visit, "action_correct"))
        self.assert_refused(
            self.rpc(
                "ib.class.visit.correction",
                "create",
                [{"visit_id": self.visit.id, "reason": "I disagree"}],
            )
        )
        self.env.invalidate_all()
        self.assertIn("Clear goals", self.visit.feedback)

    def test_coordinator_logs_a_correction(self):
        self.make_final()
        score = self.visit.score_ids[0]
        self.login(self.coordinator_a)
        action, error = self.call(self.visit, "action_correct")
        self.assertIsNone(error)
        context = action["context"]
        defaults, error = self.rpc(
            "ib.class.visit.correction",
            "default_get",
            [["visit_id", "feedback", "line_ids"]],
            {"context": context},
        )
        self.assertIsNone(error)
        self.assertIn("Clear goals", defaults["feedback"])
        # Without a reason nothing is saved.
        self.assert_refused(
            self.rpc(
                "ib.class.visit.correction",
                "create",
                [{"visit_id": self.visit.id, "feedback": "<p>x</p>"}],
                {"context": context},
            ),
            "reason for the correction",
        )
        self.env.invalidate_all()
        self.assertIn("Clear goals", self.visit.feedback)
        wizard_id, error = self.rpc(
            "ib.class.visit.correction",
            "create",
            [
                {
                    "visit_id": self.visit.id,
                    "reason": "Typo in the feedback",
                    "feedback": "<p>Clear learning goals.</p>",
                }
            ],
            {"context": context},
        )
        self.assertIsNone(error)
        wizard = self.env["ib.class.visit.correction"].browse(wizard_id)
        line = wizard.line_ids.filtered(lambda ln: ln.score_id == score)
        line.write({"score": "4"})
        result, error = self.rpc(
            "ib.class.visit.correction", "action_confirm", [[wizard_id]]
        )
        self.assertIsNone(error)
        self.env.invalidate_all()
        self.assertEqual(self.visit.state, "final")
        self.assertIn("Clear learning goals", self.visit.feedback)
        self.assertEqual(score.score, "4")
        note = self.visit.message_ids[:1]
        self.assertEqual(note.author_id, self.coordinator_a.partner_id)
        for text in (
            "Typo in the feedback",
            "Clear goals.",
            "Clear learning goals.",
            score.look_for_id.display_name,
            "Fully visible",
        ):
            self.assertIn(text, note.body)
        # A correction that changes nothing is refused, nothing is logged.
        wizard_id, error = self.rpc(
            "ib.class.visit.correction",
            "create",
            [{"visit_id": self.visit.id, "reason": "Nothing"}],
            {"context": context},
        )
        self.assert_refused(
            self.rpc("ib.class.visit.correction", "action_confirm", [[wizard_id]]),
            "Nothing was changed",
        )
        self.env.invalidate_all()
        self.assertEqual(self.visit.message_ids[:1], note)

    def test_refusals_in_dutch(self):
        self.env["res.lang"]._activate_lang("nl_NL")
        self.env["ir.module.module"]._load_module_terms(["ib_competencies"], ["nl_NL"])
        visit = self.visit.with_user(self.coordinator_a).with_context(lang="nl_NL")
        with self.assertRaisesRegex(UserError, "stap voor stap"):
            visit.write({"state": "final"})
        self.make_final()
        with self.assertRaisesRegex(UserError, "is definitief"):
            visit.write({"question": "Anders"})
