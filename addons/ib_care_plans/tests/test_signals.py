from odoo.exceptions import AccessError
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

    def _digests(self, user=None):
        """The signal digests (one activity per recipient and import)."""
        users = user or (self.coordinator_a | self.coordinator_b)
        return self.env["mail.activity"].search(
            [
                (
                    "activity_type_id",
                    "=",
                    self.env.ref(
                        "ib_care_plans.mail_activity_type_result_signal_digest"
                    ).id,
                ),
                ("user_id", "in", users.ids),
            ]
        )

    def _pupil_activities(self):
        """Activities on the pupils' files (one per pupil before the digest)."""
        pupils = self.env["ib.pupil"].search(
            [("company_id", "in", (self.school_a | self.school_b).ids)]
        )
        return self.env["mail.activity"].search(
            [("res_model", "=", "ib.pupil"), ("res_id", "in", pupils.ids)]
        )

    def _notifications(self, user):
        """Messages that notify ``user`` outside any document."""
        return self.env["mail.message"].search(
            [("partner_ids", "in", user.partner_id.ids), ("model", "=", False)]
        )

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
        """Last year without signals: 5b and 6b went from IV to V (one band)."""
        self._levels(
            [
                (self.pupil_5a, "RW", "E4", "II"),
                (self.pupil_5b, "RW", "M4", "IV"),
                (self.pupil_5b, "RW", "E4", "V"),
                (self.pupil_6a, "RW", "E5", "II"),
                (self.pupil_6b, "RW", "M5", "IV"),
                (self.pupil_6b, "RW", "E5", "V"),
            ],
            year=self.year_a_previous,
        )
        self.assertFalse(self._digests())

    def test_drop_and_lowest_twice_are_signals(self):
        self._last_year()
        self._levels(
            [
                (self.pupil_5a, "RW", "M5", "IV"),  # II -> IV: dropped two bands
                (self.pupil_5b, "RW", "M5", "V"),  # V -> V: lowest twice in a row
                (self.pupil_6a, "RW", "M6", "III"),  # II -> III: one band, no signal
                (self.pupil_6b, "RW", "M6", "IV"),  # V -> IV: the series ends
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
        self.assertFalse(self._result(self.pupil_6b).signal)

        # one digest for the school's signal recipient, listing both signals
        digest = self._digests()
        self.assertEqual(len(digest), 1)
        self.assertEqual(digest.user_id, self.coordinator_a)
        self.assertFalse(digest.res_model)
        self.assertEqual(digest.summary, "New test signals: 2 (pupils: 2)")
        for pupil in (self.pupil_5a, self.pupil_5b):
            self.assertIn(f'href="/odoo/ib.pupil/{pupil.id}"', digest.note)
            self.assertIn(pupil.name, digest.note)
        for pupil in (self.pupil_6a, self.pupil_6b):
            self.assertNotIn(pupil.name, digest.note)
        self.assertIn("Rekenen-Wiskunde", digest.note)
        self.assertIn("level IV, was II", digest.note)
        self.assertIn("lowest level V again", digest.note)
        # no activity per pupil, and no notification: the recipient imported
        self.assertFalse(self._pupil_activities())
        self.assertFalse(self._notifications(self.coordinator_a))
        # the digest is the recipient's own
        with self.assertRaises(AccessError):
            digest.with_user(self.coordinator_b).read(["note"])

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

    def test_first_result_at_the_lowest_level_is_a_signal(self):
        """A single very low result signals by itself; the series it starts
        signals once, also across imports and school years."""
        self._levels(
            [
                (self.pupil_5a, "RW", "E4", "V"),  # first result at V: a signal
                (self.pupil_5b, "RW", "E4", "IV"),  # first result, not the lowest
                (self.pupil_6a, "BL", "E5", "E"),  # first at E (letters): a signal
            ],
            year=self.year_a_previous,
        )
        first_v = self._results(
            [("pupil_id", "=", self.pupil_5a.id), ("moment", "=", "end")]
        )
        self.assertEqual(
            (first_v.previous_level, first_v.level_change, first_v.signal),
            (0, 0, "first_lowest"),
        )
        self.assertFalse(
            self._results([("pupil_id", "=", self.pupil_5b.id)]).signal,
        )
        digest = self._digests()
        self.assertEqual(len(digest), 1)
        self.assertEqual(digest.summary, "New test signals: 2 (pupils: 2)")
        self.assertIn("lowest level V at the first result", digest.note)
        self.assertIn("lowest level E at the first result", digest.note)
        self.assertIn(self.pupil_5a.name, digest.note)
        self.assertNotIn(self.pupil_5b.name, digest.note)

        # the next V continues the series that was signalled: no second signal
        # and no second digest, in this import or a later one
        self._levels([(self.pupil_5a, "RW", "M5", "V")])
        self._levels([(self.pupil_5a, "RW", "E5", "V")])
        self.assertFalse(self._result(self.pupil_5a).signal)
        self.assertFalse(self._result(self.pupil_5a, moment="end").signal)
        self.assertEqual(self._digests(), digest, "one digest for the series")
        self.assertEqual(first_v.signal, "first_lowest")

    def test_lowest_series_after_a_higher_level_signals_once(self):
        """A series at the lowest level after a higher level signals when it
        reaches the school's number in a row, then not again."""
        self._levels(
            [(self.pupil_5a, "RW", "M4", "IV"), (self.pupil_5a, "RW", "E4", "V")],
            year=self.year_a_previous,
        )
        self._levels([(self.pupil_5a, "RW", "M5", "V")])
        self.assertEqual(self._result(self.pupil_5a).signal, "lowest")
        self._levels([(self.pupil_5a, "RW", "E5", "V")])
        self.assertFalse(self._result(self.pupil_5a, moment="end").signal)
        self.assertEqual(len(self._digests()), 1)
        self.assertIn("lowest level V again", self._digests().note)

    def test_a_correction_moves_the_signal_of_a_series(self):
        """Correcting the first result above the lowest level: the series now
        starts later, and signals when it reaches the number in a row."""
        self._levels([(self.pupil_5a, "RW", "E4", "V")], year=self.year_a_previous)
        self._levels([(self.pupil_5a, "RW", "M5", "V")])
        self.assertFalse(self._result(self.pupil_5a).signal)
        self._levels([(self.pupil_5a, "RW", "E4", "IV")], year=self.year_a_previous)
        self.assertEqual(self._result(self.pupil_5a).signal, False)
        self._levels([(self.pupil_5a, "RW", "E5", "V")])
        self.assertEqual(self._result(self.pupil_5a, moment="end").signal, "lowest")

    def test_thresholds_are_school_settings(self):
        self.school_a.write({"ib_signal_level_drop": 3, "ib_signal_lowest_repeat": 0})
        self._last_year()
        self._levels(
            [
                (self.pupil_5a, "RW", "M5", "IV"),
                (self.pupil_5b, "RW", "M5", "V"),
                (self.pupil_6a, "RW", "M6", "V"),  # II -> V: three bands
                (self.pupil_6b, "BL", "M6", "E"),  # first at the lowest: off too
            ]
        )
        self.assertFalse(self._result(self.pupil_5a).signal)
        self.assertFalse(self._result(self.pupil_5b).signal)
        self.assertEqual(self._result(self.pupil_6a).signal, "drop")
        self.assertFalse(self._result(self.pupil_6b, test=self.reading).signal)
        digest = self._digests()
        self.assertEqual(digest.summary, "New test signals: 1 (pupils: 1)")
        self.assertIn(self.pupil_6a.name, digest.note)
        self.assertNotIn(self.pupil_5a.name, digest.note)

    def test_teacher_import_notifies_the_coordinator(self):
        self.school_a.ib_signal_user_id = False  # falls back on the coordinator
        self._last_year()
        self._levels([(self.pupil_5a, "RW", "M5", "V")], user=self.teacher_5)
        self.assertEqual(self._result(self.pupil_5a).signal, "drop")
        digest = self._digests()
        self.assertEqual(digest.user_id, self.coordinator_a)
        self.assertIn(self.pupil_5a.name, digest.note)
        # one notification of the digest, without the care content
        notification = self._notifications(self.coordinator_a)
        self.assertEqual(len(notification), 1)
        self.assertEqual(notification.subject, digest.summary)
        self.assertIn("Open your activities", notification.body)
        self.assertNotIn(self.pupil_5a.last_name, notification.body)
        self.assertFalse(self._pupil_activities())
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
            len(self._digests()), 1, "importing again creates no second activity"
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
        self.assertEqual(len(self._digests()), 1)
        self.assertIn(self.pupil_5a.name, self._digests().note)

    def test_domain_change_of_a_test_refreshes_the_sequence(self):
        self._last_year()
        self._levels([(self.pupil_5b, "BL", "M5", "E")])
        # the first reading result, at the lowest level
        self.assertEqual(
            self._result(self.pupil_5b, test=self.reading).signal, "first_lowest"
        )
        self.reading.domain = "maths"
        self.assertEqual(
            self._result(self.pupil_5b, test=self.reading).signal, "lowest"
        )

    def test_board_import_one_digest_per_recipient(self):
        """A board's file with signals in two schools: one digest for each
        school's coordinator with that school's pupils only, one notification
        each (the importer is someone else), nothing per signal."""
        self._last_year()
        header = ["BRIN", "Leerlingnummer", "Toets", "Toetsmoment", "Niveau"]
        board = {"company_id": False, "user": self.manager}
        first = self._import(
            self._csv([["98ZB", self.pupil_b.pupil_number, "RW", "M5", "V"]], header),
            **board,
        )
        self.assertEqual(self._counts(first), (1, 0, 0, 0))
        # the pupil's first result, at the lowest level: school B's digest
        digest_b = self._digests(self.coordinator_b)
        self.assertEqual(digest_b.summary, "New test signals: 1 (pupils: 1)")
        self.assertIn("at the first result", digest_b.note)
        wizard = self._import(
            self._csv(
                [
                    ["98ZA", self.pupil_5a.pupil_number, "RW", "M5", "IV"],
                    ["98ZA", self.pupil_5b.pupil_number, "RW", "M5", "V"],
                    ["98ZA", self.pupil_6a.pupil_number, "RW", "M6", "III"],
                    ["98ZB", self.pupil_b.pupil_number, "RW", "E5", "V"],
                ],
                header,
            ),
            **board,
        )
        self.assertEqual(self._counts(wizard), (4, 0, 0, 0))
        digest_a = self._digests(self.coordinator_a)
        # pupil B's second V continues the signalled series: no second digest
        self.assertEqual(self._digests(self.coordinator_b), digest_b)
        self.assertEqual(len(digest_a), 1)
        self.assertEqual(digest_a.summary, "New test signals: 2 (pupils: 2)")
        self.assertIn(self.pupil_5a.name, digest_a.note)
        self.assertIn(self.pupil_5b.name, digest_a.note)
        self.assertNotIn(self.pupil_b.name, digest_a.note)
        self.assertIn(self.pupil_b.name, digest_b.note)
        self.assertNotIn(self.pupil_5a.name, digest_b.note)
        for user in (self.coordinator_a, self.coordinator_b):
            self.assertEqual(len(self._notifications(user)), 1)
        self.assertFalse(self._pupil_activities())
        self.assertFalse(
            self.env["mail.message"].search(
                [("model", "=", "ib.pupil"), ("res_id", "=", self.pupil_5a.id)]
            )
        )
