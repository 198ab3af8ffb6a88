from datetime import timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import IbProtocolsCommon


@tagged("post_install", "-at_install")
class TestMeldcodeSteps(IbProtocolsCommon):
    """The five steps of the meldcode, in order, enforced by the model."""

    def setUp(self):
        super().setUp()
        self.case = self._records_as(self.coordinator_a, self.case_a)
        self.day = self.case.signals_date

    def step2(self):
        self.case.write(
            {
                "consultation_date": self.day + timedelta(days=1),
                "consultation_notes": "Met directeur besproken",
                "veilig_thuis_date": self.day + timedelta(days=1),
            }
        )

    def step3(self):
        self.case.write({"conversation_date": self.day + timedelta(days=2)})

    def step4(self, acute="no", structural="yes"):
        self.case.write(
            {
                "weighing_date": self.day + timedelta(days=3),
                "acute_unsafety": acute,
                "structural_unsafety": structural,
            }
        )

    def test_steps_in_order(self):
        self.assertEqual(self.case.state, "consultation")
        self.step2()
        self.assertEqual(self.case.state, "conversation")
        self.step3()
        self.assertEqual(self.case.state, "weighing")
        self.step4()
        self.assertEqual(self.case.state, "decision")
        self.case.write(
            {"decision": "report", "decision_date": self.day + timedelta(days=4)}
        )
        self.assertEqual(self.case.state, "closed")
        self.assertTrue(self.case.name.startswith("MC/"))

    def test_a_step_cannot_skip_the_previous_one(self):
        before = self.case.read(["state", "conversation_date"])
        for vals in (
            {"conversation_date": self.day + timedelta(days=2)},  # step 3 before 2
            {"conversation_notes": "Gesprek"},  # notes of step 3 count too
            {"weighing_date": self.day, "acute_unsafety": "no"},
            {"decision": "none", "decision_date": self.day},
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                self.case.write(vals)
        self.assertEqual(self.case.read(["state", "conversation_date"]), before)
        # step 1 cannot be removed while step 2 is done
        self.step2()
        with self.assertRaises(ValidationError):
            self.case.write({"signals_date": False})

    def test_dates_follow_each_other(self):
        with self.assertRaises(ValidationError):
            self.case.write(
                {
                    "consultation_date": self.day - timedelta(days=1),
                    "veilig_thuis_date": self.day,
                }
            )

    def test_veilig_thuis_is_consulted_in_step_2(self):
        with self.assertRaises(ValidationError):
            self.case.write({"consultation_date": self.day + timedelta(days=1)})

    def test_decision_needs_the_weighing(self):
        self.step2()
        self.step3()
        # the weighing answers both questions of the assessment framework
        with self.assertRaises(ValidationError):
            self.case.write(
                {"weighing_date": self.day + timedelta(days=3), "acute_unsafety": "no"}
            )
        with self.assertRaises(ValidationError):
            self.case.write(
                {"decision": "help", "decision_date": self.day + timedelta(days=4)}
            )
        self.step4(acute="no", structural="yes")
        # a decision needs its date, and suspected unsafety is reported
        with self.assertRaises(ValidationError):
            self.case.write({"decision": "help"})
        with self.assertRaises(ValidationError):
            self.case.write(
                {"decision": "none", "decision_date": self.day + timedelta(days=4)}
            )
        self.case.write(
            {"decision": "report", "decision_date": self.day + timedelta(days=4)}
        )
        self.assertEqual(self.case.state, "closed")

    def test_state_cannot_be_forged(self):
        for state in ("decision", "closed"):
            with self.subTest(state=state), self.assertRaises(UserError):
                self.case.write({"state": state})
        with self.assertRaises(UserError):
            self.env["ib.meldcode.case"].with_user(self.coordinator_a).create(
                {"pupil_id": self.pupil_5b.id, "state": "closed"}
            )
        self.assertEqual(self.case.state, "consultation")
