from dateutil.relativedelta import relativedelta

from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .test_opp import IbOppCommon, _signature


class IbOppRulesCommon(IbOppCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("nl_NL")
        cls.env["ir.module.module"]._load_module_terms(["ib_care_plans"], ["nl_NL"])

    def _as_coordinator(self, plan=None, lang=None):
        plan = (plan or self.opp).with_user(self.coordinator_a)
        return plan.with_context(lang=lang) if lang else plan

    def _active_agreed(self):
        """The fixture OPP complete, agreed by parent A and active."""
        self._complete(self.opp)
        self.opp.action_request_agreement()
        self.opp._ib_record_agreement(self.parent_a.partner_id, True, "Parent A")
        self._as_coordinator().action_activate()
        self.assertEqual(self.opp.state, "active")
        return self.opp


@tagged("post_install", "-at_install")
class TestOppActivation(IbOppRulesCommon):
    """WPO art. 40a: an OPP is adopted with every legally required part."""

    def test_activation_names_every_missing_part_in_dutch(self):
        bare = self._plan(self.pupil_5a, name="OPP leeg", kind="opp")
        with self.assertRaises(UserError) as caught:
            self._as_coordinator(bare, "nl_NL").action_activate()
        message = str(caught.exception)
        for part in (
            "OPP OPP leeg kan niet actief worden",
            "WPO art. 40a",
            "het verwachte uitstroomniveau",
            "de onderbouwing van het uitstroomniveau",
            "de bevorderende en belemmerende factoren",
            "de ondersteuning en begeleiding (handelingsdeel)",
            "de afwijkingen van het onderwijsprogramma",
            "het op overeenstemming gericht overleg met de ouders",
            "de instemming van de ouders met het handelingsdeel",
        ):
            self.assertIn(part, message)
        self.assertEqual(bare.state, "draft")

    def test_activation_names_only_what_is_missing(self):
        # agreed by the parents, but no consultation with them noted
        self.opp.write(
            {
                "stimulating_factors": "<p>Strong orally</p>",
                "hindering_factors": "<p>Working memory</p>",
                "no_curriculum_deviation": True,
            }
        )
        self.opp.action_request_agreement()
        self.opp._ib_record_agreement(self.parent_a.partner_id, True, "Parent A")
        with self.assertRaises(UserError) as caught:
            self._as_coordinator(lang="nl_NL").action_activate()
        message = str(caught.exception)
        self.assertIn("het op overeenstemming gericht overleg", message)
        self.assertNotIn("afwijkingen", message)
        self.assertNotIn("uitstroomniveau", message)
        self.assertNotIn("instemming van de ouders", message)
        self.assertEqual(self.opp.state, "draft")
        # a consultation date without a note of it is not a consultation noted
        self._as_coordinator().web_save({"parents_consultation_date": self.today}, {})
        with self.assertRaises(UserError):
            self._as_coordinator().action_activate()
        # the parts written through the form, as the coordinator
        self._as_coordinator().web_save(
            {"parents_consultation_note": "Both parents agree with the approach."},
            {},
        )
        self._as_coordinator().action_activate()
        self.assertEqual(self.opp.state, "active")

    def test_deviations_written_out_count_as_stated(self):
        self._complete(self.opp)
        self.opp.write(
            {
                "no_curriculum_deviation": False,
                "curriculum_deviation": "<p>No maths tests of the method</p>",
            }
        )
        self.opp.action_request_agreement()
        self.opp._ib_record_agreement(self.parent_a.partner_id, True, "Parent A")
        self._as_coordinator().action_activate()
        self.assertEqual(self.opp.state, "active")


@tagged("post_install", "-at_install")
class TestOppActionPartChange(IbOppRulesCommon):
    def test_changed_action_part_awaits_the_parents_again(self):
        opp = self._active_agreed()
        agreed_file = opp.agreement_attachment_id
        self.assertTrue(agreed_file)
        # the coordinator changes the deviations (part of the action part) in
        # the form
        self._as_coordinator().web_save(
            {
                "no_curriculum_deviation": False,
                "curriculum_deviation": "<p>No spelling tests</p>",
            },
            {},
        )
        self.assertEqual(opp.state, "awaiting")
        self.assertEqual(opp.agreement_state, "requested")
        self.assertFalse(opp.agreement_partner_id)
        # the agreed version stays readable, with who agreed and when
        self.assertEqual(opp.agreement_attachment_id, agreed_file)
        self.assertIn("Parent A", opp.agreed_version_note)
        self.assertIn("agreed version", agreed_file.name)
        self.assertTrue(
            opp.activity_ids.filtered(
                lambda a: a.summary == "Ask the parents to agree with the OPP again"
            )
        )
        self.assertTrue(opp._ib_portal_can_answer(self.parent_a.partner_id))
        # an awaiting OPP is not active: it cannot be "activated" past the parents
        with self.assertRaises(UserError):
            self._as_coordinator().action_activate()
        with self.assertRaises(UserError):
            self._as_coordinator().action_evaluated()
        # the parents agree again: active again
        opp._ib_record_agreement(self.parent_a.partner_id, True, "Parent A")
        self.assertEqual(opp.state, "active")
        self.assertEqual(opp.agreement_state, "agreed")

    def test_other_part_is_logged_and_shown_without_new_agreement(self):
        opp = self._active_agreed()
        self._as_coordinator().web_save(
            {"exit_level_reasoning": "<p>Reads better since March</p>"}, {}
        )
        self.assertEqual(opp.state, "active")
        self.assertEqual(opp.agreement_state, "agreed")
        self.assertIn("Reasoning", opp.parents_change_log)
        self.assertIn("no new agreement needed", opp.message_ids[0].body)
        self.assertIn("Reasoning", opp.message_ids[0].body)
        # a part the parents do not read (the staff's evaluation) is no change
        # shown to them
        self._as_coordinator().web_save({"evaluation": "<p>Going well</p>"}, {})
        self.assertNotIn("Evaluation", opp.parents_change_log)


@tagged("post_install", "-at_install")
class TestOppYearlyEvaluationRules(IbOppRulesCommon):
    def _evaluation(self, **vals):
        return dict(
            {
                "date": self.today,
                "partner_ids": [Command.set(self.parent_a.partner_id.ids)],
                "summary": "<p>Reading improves</p>",
            },
            **vals,
        )

    def test_due_a_year_after_the_agreement_and_overdue_filter(self):
        opp = self._active_agreed()
        field = opp._fields["parents_evaluation_due"]
        self.assertTrue(field.store)
        self.assertTrue(field.index)
        self.assertEqual(
            opp.parents_evaluation_due,
            opp.agreement_date.date() + relativedelta(years=1),
        )
        Plan = self.as_user(self.coordinator_a, "ib.care.plan")
        overdue = [("parents_evaluation_overdue", "=", True)]
        self.assertNotIn(opp, Plan.search(overdue))
        opp.agreement_date = opp.agreement_date - relativedelta(years=1, days=1)
        self.assertTrue(opp.parents_evaluation_overdue)
        self.assertIn(opp, Plan.search(overdue))
        self.assertNotIn(opp, Plan.search([("parents_evaluation_overdue", "=", False)]))
        counters = {
            c["key"]: c
            for c in self.school_a.with_user(self.coordinator_a)
            .with_context(allowed_company_ids=self.coordinator_a.company_ids.ids)
            .ib_overview_counters
        }
        self.assertEqual(counters["opp_parents_evaluations_overdue"]["count"], 1)

    def test_evaluation_without_consultation_is_refused_in_dutch(self):
        opp = self._active_agreed()
        plan = self._as_coordinator(lang="nl_NL")
        with self.assertRaises(ValidationError) as caught, mute_logger("odoo.models"):
            plan.web_save(
                {"parent_evaluation_ids": [Command.create(self._evaluation())]}, {}
            )
        self.assertIn("Noteer het overleg met de ouders", str(caught.exception))
        Evaluation = self.as_user(self.teacher_5, "ib.care.plan.parent.evaluation")
        with self.assertRaises(ValidationError), mute_logger("odoo.models"):
            Evaluation.create(self._evaluation(plan_id=opp.id, consultation_note="   "))
        self.assertFalse(opp.parent_evaluation_ids)

    def test_evaluation_with_consultation_is_recorded(self):
        opp = self._active_agreed()
        opp.agreement_date = opp.agreement_date - relativedelta(years=1, days=1)
        self.assertTrue(opp.parents_evaluation_overdue)
        self._as_coordinator().web_save(
            {
                "parent_evaluation_ids": [
                    Command.create(
                        self._evaluation(consultation_note="Talked with the mother")
                    )
                ]
            },
            {},
        )
        self.assertEqual(len(opp.parent_evaluation_ids), 1)
        self.assertFalse(opp.parents_evaluation_overdue)
        self.assertEqual(
            opp.parents_evaluation_due, self.today + relativedelta(years=1)
        )


@tagged("post_install", "-at_install")
class TestOppChangePortal(IbOppRulesCommon, HttpCase):
    def test_parents_see_changes_and_agree_again_in_the_portal(self):
        opp = self._active_agreed()
        opp.with_user(self.coordinator_a).exit_level_reasoning = "<p>New view</p>"
        url = f"/my/plans/{opp.id}"
        self.authenticate("t_opp_parent_a", "t_opp_parent_a")
        page = self.url_open(url).text
        self.assertIn("o_ib_plan_changes", page)
        self.assertIn("Reasoning", page)
        self.assertNotIn("Agree and Sign", page)
        # the action part changes: the parents are asked again and still
        # read the version they agreed with
        opp.with_user(self.coordinator_a).action_part = "<p>Two times a week</p>"
        page = self.url_open(url).text
        self.assertIn("Agree and Sign", page)
        self.assertIn("Two times a week", page)
        self.assertIn("o_ib_plan_agreed_version", page)
        self.assertIn("Agreed by Parent A", page)
        self.assertNotIn(
            "Talked with both parents", page, "the consultation note is internal"
        )
        download = self.url_open(f"{url}/answered-version")
        self.assertEqual(download.status_code, 200)
        # a parent of another child cannot answer for this OPP
        self.authenticate("t_opp_parent_b", "t_opp_parent_b")
        refused = self.make_jsonrpc_request(
            url + "/sign", {"name": "B", "signature": _signature()}
        )
        self.assertIn("error", refused)
        opp.invalidate_recordset()
        self.assertEqual(opp.state, "awaiting")
        # the parent signs: the OPP is active again
        self.authenticate("t_opp_parent_a", "t_opp_parent_a")
        result = self.make_jsonrpc_request(
            url + "/sign", {"name": "Parent A", "signature": _signature()}
        )
        self.assertTrue(result.get("force_refresh"))
        opp.invalidate_recordset()
        self.assertEqual(opp.state, "active")
        self.assertEqual(opp.agreement_state, "agreed")
