from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .test_opp import IbOppCommon


@tagged("post_install", "-at_install")
class TestParentEvaluation(IbOppCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._complete(cls.opp)
        cls.opp.action_request_agreement()
        cls.opp._ib_record_agreement(cls.parent_a.partner_id, True, "Parent A")
        cls.opp.with_user(cls.coordinator_a).action_activate()
        cls.yearly_type = cls.env.ref("ib_care_plans.mail_activity_type_opp_parents")

    def _yearly(self, plan):
        return plan.activity_ids.filtered(
            lambda a: a.activity_type_id == self.yearly_type
        )

    def _evaluate(self, user, when=None, **vals):
        values = {
            "plan_id": self.opp.id,
            "date": when or self.today,
            "partner_ids": [Command.set(self.parent_a.partner_id.ids)],
            "summary": "<p>Reading improves</p>",
            "consultation_note": "At school with the mother; father by phone.",
        }
        values.update(vals)
        return self.as_user(user, "ib.care.plan.parent.evaluation").create(values)

    def test_recording_closes_the_yearly_activity_and_plans_the_next(self):
        first = self._yearly(self.opp)
        self.assertEqual(len(first), 1)
        # a year after the parents' agreement
        self.assertEqual(
            self.opp.parents_evaluation_due,
            self.opp.agreement_date.date() + relativedelta(years=1),
        )
        evaluation = self._evaluate(self.teacher_5)
        self.assertFalse(first.active, "the yearly activity is done")
        following = self._yearly(self.opp) - first
        self.assertEqual(following.date_deadline, self.today + relativedelta(years=1))
        self.assertEqual(self.opp.parents_evaluation_date, self.today)
        self.assertEqual(
            self.opp.parents_evaluation_due, self.today + relativedelta(years=1)
        )
        self.assertIn(
            "Evaluation with the parents on",
            self.opp.message_ids[0].body,
        )
        self.assertEqual(evaluation.company_id, self.school_a)

    def test_ending_the_opp_plans_no_next_evaluation(self):
        self._evaluate(self.coordinator_a, outcome="end")
        self.assertFalse(self._yearly(self.opp))

    def test_yearly_check_flags_an_overdue_evaluation(self):
        self.assertTrue(self.opp.opp_compliant, self.opp.opp_missing)
        # the parents agreed more than a year ago and nobody evaluated since
        self.opp.agreement_date = self.opp.agreement_date - relativedelta(
            years=1, days=2
        )
        self.env["ib.care.plan"]._ib_recompute_yearly_check()
        self.assertFalse(self.opp.opp_compliant)
        self.assertIn("a yearly evaluation with the parents", self.opp.opp_missing)
        overdue = self.as_user(self.coordinator_a, "ib.care.plan").search(
            [
                ("kind", "=", "opp"),
                ("parents_evaluation_due", "<=", self.today),
            ]
        )
        self.assertIn(self.opp, overdue)
        self._evaluate(self.coordinator_a)
        self.assertTrue(self.opp.opp_compliant, self.opp.opp_missing)

    def test_cron_runs_the_yearly_check(self):
        self.opp.agreement_date = self.opp.agreement_date - relativedelta(years=2)
        self.env["ib.care.plan"]._cron_evaluation_due()
        self.assertIn("a yearly evaluation with the parents", self.opp.opp_missing)

    def test_wrong_input(self):
        with self.assertRaises(ValidationError):
            self._evaluate(self.coordinator_a, plan_id=self.plan_5a.id)
        with self.assertRaises(ValidationError):
            self._evaluate(self.coordinator_a, when=self.today + timedelta(days=1))
        self.assertFalse(self.opp.parent_evaluation_ids)

    def test_access_per_role(self):
        evaluation = self._evaluate(self.coordinator_a)
        Evaluation = self.as_user(self.teacher_6, "ib.care.plan.parent.evaluation")
        self.assertFalse(Evaluation.search([("id", "=", evaluation.id)]))
        with self.assertRaises(AccessError):
            Evaluation.browse(evaluation.id).read(["summary"])
        with self.assertRaises(AccessError):
            self._evaluate(self.teacher_6)
        director = self.as_user(self.director, "ib.care.plan.parent.evaluation")
        self.assertEqual(director.browse(evaluation.id).summary, evaluation.summary)
        with self.assertRaises(AccessError):
            self._evaluate(self.director)
        other_school = self.as_user(
            self.coordinator_b, "ib.care.plan.parent.evaluation"
        )
        self.assertFalse(other_school.search([("id", "=", evaluation.id)]))
        with self.assertRaises(AccessError):
            evaluation.with_user(self.parent_a).read(["summary"])


@tagged("post_install", "-at_install")
class TestPlansOnThePupil(IbOppCommon):
    def test_pupil_counts_own_and_group_plans(self):
        pupil = self.as_user(self.coordinator_a, "ib.pupil").browse(self.pupil_5b.id)
        self.assertEqual(pupil.care_plan_count, 1)  # group plan only
        action = pupil.action_view_care_plans()
        plans = self.as_user(self.coordinator_a, "ib.care.plan").search(
            action["domain"]
        )
        self.assertEqual(plans, self.group_plan_5)
        anna = self.as_user(self.teacher_5, "ib.pupil").browse(self.pupil_5a.id)
        self.assertEqual(anna.care_plan_count, 3)  # action plan, OPP, group plan

    def test_file_export_holds_the_sub_group(self):
        pupil = self.as_user(self.coordinator_a, "ib.pupil").browse(self.pupil_5b.id)
        data = pupil._ib_file_export_data()
        section = next(
            s for s in data["sections"] if s["title"] == "Group Plans (sub-group)"
        )
        (record,) = section["records"]
        values = dict(record["values"])
        self.assertEqual(values["Group Plan"], "Group plan maths 5")
        self.assertEqual(values["Sub-group"], "Intensive")
        # the goal of the basic sub-group is not Bram's
        self.assertNotIn("Goals", values)
        anna = self.as_user(self.coordinator_a, "ib.pupil").browse(self.pupil_5a.id)
        anna_section = next(
            s
            for s in anna._ib_file_export_data()["sections"]
            if s["title"] == "Group Plans (sub-group)"
        )
        self.assertEqual(
            dict(anna_section["records"][0]["values"])["Goals"], "Tables 1-10"
        )
