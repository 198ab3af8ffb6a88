from odoo.tests import Form

from .common import IbObservationCommon


class TestObservationScores(IbObservationCommon):
    """Scale scores from known answers, their cut-offs, and the signal digest."""

    def _signals(self):
        activity_type = self.env.ref(
            "ib_observation.mail_activity_type_observation_signal"
        )
        return self.env["mail.activity"].search(
            [
                ("activity_type_id", "=", activity_type.id),
                ("user_id", "in", (self.coordinator_a | self.coordinator_b).ids),
            ]
        )

    def _scores(self, lst):
        return {s.scale_id.name: (s.score, s.below_cutoff) for s in lst.score_ids}

    def test_mean_scores_and_one_digest_per_batch(self):
        self.open_round()
        list_a = self.teacher_list(self.pupil_5a)
        list_b = self.teacher_list(self.pupil_5b)
        self.fill(list_a, [2, 1, 3, 3], self.teacher_5)  # well-being 1.5 < 2.5
        self.fill(list_b, [4, 3, 1, 2], self.teacher_5)  # task 1.5 < 2.0
        self.assertFalse(self._signals())
        self._records_as(self.teacher_5, list_a | list_b).action_done()
        self.assertEqual(
            self._scores(list_a), {"Well-being": (1.5, True), "Task": (3.0, False)}
        )
        self.assertEqual(
            self._scores(list_b), {"Well-being": (3.5, False), "Task": (1.5, True)}
        )
        self.assertTrue(list_a.below_cutoff and list_b.below_cutoff)
        signals = self._signals()
        self.assertEqual(len(signals), 1, "one digest for the batch, not per signal")
        self.assertEqual(signals.user_id, self.coordinator_a)
        self.assertIn(self.pupil_5a.name, signals.note)
        self.assertIn(self.pupil_5b.name, signals.note)
        self.assertIn("Well-being: 1.5, cut-off 2.5", signals.note)
        # done again with the same answers: no new signal
        self._records_as(self.teacher_5, list_a).action_reset_draft()
        self._records_as(self.teacher_5, list_a).action_done()
        self.assertEqual(len(self._signals()), 1)
        # better answers: no longer below
        self._records_as(self.teacher_5, list_a).action_reset_draft()
        self.fill(list_a, [3, 3, 3, 3], self.teacher_5)
        self._records_as(self.teacher_5, list_a).action_done()
        self.assertEqual(
            self._scores(list_a), {"Well-being": (3.0, False), "Task": (3.0, False)}
        )
        self.assertFalse(list_a.below_cutoff)
        # the school lowers a cut-off: the stored flags follow
        self._records_as(self.coordinator_a, self.scale_task).write({"cutoff": 1.0})
        self.assertFalse(list_b.score_ids.filtered("below_cutoff"))

    def test_sum_scores(self):
        instrument = self._instrument("Sum", self.school_a, scoring="sum")
        rnd = self.env["ib.observation.round"].create(
            {
                "company_id": self.school_a.id,
                "school_year_id": self.year_a.id,
                "instrument_id": instrument.id,
                "group_ids": [(6, 0, self.group_6.ids)],
            }
        )
        self.open_round(rnd)
        self.opt = {int(o.value): o for o in instrument.option_ids}
        lst = self.teacher_list(self.pupil_6a, rnd)
        self.fill(lst, [1, 1, 2, 4], self.teacher_6)
        self._records_as(self.teacher_6, lst).action_done()
        # sums: 2 < 2.5 is a signal, 6 is not below 2
        self.assertEqual(
            self._scores(lst), {"Well-being": (2.0, True), "Task": (6.0, False)}
        )
        self.assertFalse(self.parent_list(self.pupil_6a, rnd), "parents not asked")

    def test_parents_scores_make_no_signal(self):
        self.open_round()
        lst = self.parent_list(self.pupil_6a)
        lst.answer_ids.sudo().write({"option_id": self.opt[1].id})
        lst.sudo().action_done()
        self.assertEqual(
            self._scores(lst), {"Well-being": (1.0, True), "Task": (1.0, True)}
        )
        self.assertFalse(self._signals(), "the cut-offs are the teachers' norms")

    def test_support_request_from_a_signal(self):
        self.open_round()
        lst = self.teacher_list(self.pupil_5a)
        self.fill(lst, [1, 1, 4, 4], self.teacher_5)
        self._records_as(self.teacher_5, lst).action_done()
        score = lst.score_ids.filtered("below_cutoff")
        action = self._records_as(self.coordinator_a, score).action_ib_support_request()
        self.assertEqual(action["res_model"], "ib.support.request")
        Request = self.as_user(self.coordinator_a, "ib.support.request").with_context(
            **action["context"]
        )
        form = Form(Request)
        request = form.save()
        self.assertEqual(request.pupil_id, self.pupil_5a)
        self.assertEqual(request.care_domain, "social_emotional")
        self.assertIn("Well-being: 1, cut-off 2.5", request.question)
        self.assertIn(self.round.name, request.question)

    def test_overview_and_pupil_counters(self):
        self.open_round()
        lst = self.teacher_list(self.pupil_5a)
        self.fill(lst, [1, 1, 4, 4], self.teacher_5)
        self._records_as(self.teacher_5, lst).action_done()
        school = self._records_as(self.coordinator_a, self.school_a)
        counters = {c["key"]: c for c in school.ib_overview_counters}
        self.assertEqual(counters["observation_below_cutoff"]["count"], 1)
        pupil = self._records_as(self.teacher_5, self.pupil_5a)
        self.assertEqual(pupil.observation_count, 2, "teacher's and parents' list")
        action = pupil.action_view_observations()
        self.assertEqual(
            self.as_user(self.teacher_5, "ib.observation.list").search(
                action["domain"]
            ),
            self.round.list_ids.filtered(lambda r: r.pupil_id == self.pupil_5a),
        )
