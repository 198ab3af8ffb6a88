from odoo.tests import tagged

from .common import IbCarePlansCommon

LEVEL_HEADER = ["Leerlingnummer", "Toets", "Toetsmoment", "Niveau"]


@tagged("post_install", "-at_install")
class TestSignals(IbCarePlansCommon):
    def _levels(self, rows, year=None, user=None):
        """Import levels: rows of (pupil, test code, moment, level)."""
        content = self._csv(
            [[p.pupil_number, test, moment, level] for p, test, moment, level in rows],
            header=LEVEL_HEADER,
        )
        wizard = self._import(
            content, user=user, school_year_id=(year or self.year_a).id
        )
        self.assertFalse(wizard.count_errors, wizard.report_html)
        return wizard

    def _signal_activities(self, pupil=None):
        domain = [
            ("res_model", "=", "ib.pupil"),
            (
                "activity_type_id",
                "=",
                self.env.ref("ib_care_plans.mail_activity_type_result_signal").id,
            ),
        ]
        pupils = pupil or self.env["ib.pupil"].search(
            [("company_id", "in", (self.school_a | self.school_b).ids)]
        )
        domain.append(("res_id", "in", pupils.ids))
        return self.env["mail.activity"].search(domain)

    def _result(self, pupil, moment="middle", test=None):
        return self._results(
            [
                ("pupil_id", "=", pupil.id),
                ("assessment_id", "=", (test or self.maths).id),
                ("school_year_id", "=", self.year_a.id),
                ("moment", "=", moment),
            ]
        )

    def _last_year(self):
        self._levels(
            [
                (self.pupil_5a, "RW", "E4", "II"),
                (self.pupil_5b, "RW", "E4", "V"),
                (self.pupil_6a, "RW", "E5", "II"),
                (self.pupil_6b, "RW", "E5", "V"),
            ],
            year=self.year_a_previous,
        )

    def test_drop_and_lowest_twice_are_signals(self):
        self._last_year()
        self.assertFalse(self._signal_activities(), "a first result is no signal")
        self._levels(
            [
                (self.pupil_5a, "RW", "M5", "IV"),  # II -> IV: dropped two bands
                (self.pupil_5b, "RW", "M5", "V"),  # V -> V: lowest twice in a row
                (self.pupil_6a, "RW", "M6", "III"),  # II -> III: one band, no signal
                (self.pupil_6b, "BL", "M6", "E"),  # lowest, but another domain
            ]
        )
        dropped = self._result(self.pupil_5a)
        self.assertEqual(
            (dropped.previous_level, dropped.level_change, dropped.signal),
            (2, -2, "drop"),
        )
        lowest = self._result(self.pupil_5b)
        self.assertEqual((lowest.level_change, lowest.signal), (0, "lowest"))
        one_band = self._result(self.pupil_6a)
        self.assertEqual((one_band.level_change, one_band.signal), (-1, False))
        self.assertFalse(self._result(self.pupil_6b, test=self.reading).signal)

        activities = self._signal_activities()
        self.assertEqual(
            set(activities.mapped("res_id")), {self.pupil_5a.id, self.pupil_5b.id}
        )
        self.assertEqual(activities.user_id, self.coordinator_a)
        note = self._signal_activities(self.pupil_5a).note
        self.assertIn("Rekenen-Wiskunde", note)
        self.assertIn("level IV, was II", note)

    def test_signals_on_the_coordinators_overview(self):
        self._last_year()
        self._levels(
            [
                (self.pupil_5a, "RW", "M5", "IV"),
                (self.pupil_5b, "RW", "M5", "V"),
            ]
        )
        company = (
            self.env["res.company"]
            .with_user(self.coordinator_a)
            .with_context(allowed_company_ids=self.school_a.ids)
            .browse(self.school_a.id)
        )
        card = {c["key"]: c for c in company.ib_overview_counters}
        self.assertEqual(card["test_signals"]["count"], 2)
        action = company.action_open_counter("test_signals")
        behind = self.env[action["res_model"]].search(action["domain"])
        self.assertEqual(behind.pupil_id, self.pupil_5a | self.pupil_5b)

    def test_thresholds_are_school_settings(self):
        self.school_a.write({"ib_signal_level_drop": 3, "ib_signal_lowest_repeat": 0})
        self._last_year()
        self._levels(
            [
                (self.pupil_5a, "RW", "M5", "IV"),
                (self.pupil_5b, "RW", "M5", "V"),
                (self.pupil_6a, "RW", "M6", "V"),  # II -> V: three bands
            ]
        )
        self.assertFalse(self._result(self.pupil_5a).signal)
        self.assertFalse(self._result(self.pupil_5b).signal)
        self.assertEqual(self._result(self.pupil_6a).signal, "drop")
        self.assertEqual(self._signal_activities().mapped("res_id"), [self.pupil_6a.id])

    def test_teacher_import_notifies_the_coordinator(self):
        self.school_a.ib_signal_user_id = False  # falls back on the coordinator
        self._last_year()
        self._levels([(self.pupil_5a, "RW", "M5", "V")], user=self.teacher_5)
        self.assertEqual(self._result(self.pupil_5a).signal, "drop")
        activity = self._signal_activities(self.pupil_5a)
        self.assertEqual(activity.user_id, self.coordinator_a)
        # the teacher sees the result's signal, not the coordinator's to-do list
        self.assertEqual(
            self.as_user(self.teacher_5, "ib.assessment.result")
            .search([("signal", "!=", False)])
            .pupil_id,
            self.pupil_5a,
        )

    def test_repeat_and_correction(self):
        self._last_year()
        self._levels([(self.pupil_5a, "RW", "M5", "IV")])
        self._levels([(self.pupil_5a, "RW", "M5", "IV")])
        self.assertEqual(
            len(self._signal_activities(self.pupil_5a)),
            1,
            "importing again creates no second activity",
        )
        # a corrected export clears the signal
        self._levels([(self.pupil_5a, "RW", "M5", "III")])
        self.assertFalse(self._result(self.pupil_5a).signal)
        self.assertEqual(self._result(self.pupil_5a).level_change, -1)

    def test_later_result_entered_before_earlier_one(self):
        # results need not arrive in order: the sequence follows the test dates
        self._levels([(self.pupil_5a, "RW", "M5", "IV")])
        self.assertFalse(self._result(self.pupil_5a).signal)
        self._levels([(self.pupil_5a, "RW", "E4", "II")], year=self.year_a_previous)
        self.assertEqual(self._result(self.pupil_5a).signal, "drop")
        self.assertEqual(len(self._signal_activities(self.pupil_5a)), 1)

    def test_domain_change_of_a_test_refreshes_the_sequence(self):
        self._last_year()
        self._levels([(self.pupil_5b, "BL", "M5", "E")])
        self.assertFalse(self._result(self.pupil_5b, test=self.reading).signal)
        self.reading.domain = "maths"
        self.assertEqual(
            self._result(self.pupil_5b, test=self.reading).signal, "lowest"
        )
