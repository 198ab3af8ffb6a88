from odoo.fields import Command

from .common import IbObservationCommon

# What the grid view reads of each row (ib_observation_answer_view_list_grid).
GRID_SPEC = {
    "pupil_id": {"fields": {"display_name": {}}},
    "group_id": {"fields": {"display_name": {}}},
    "scale_id": {"fields": {"display_name": {}}},
    "item_id": {"fields": {"display_name": {}}},
    "instrument_id": {"fields": {}},
    "list_state": {},
    "option_id": {"fields": {"display_name": {}}},
    "value": {},
}


class TestObservationGridQueries(IbObservationCommon):
    """Opening the grid and making the lists of a group cost the same number of
    queries for a small and a large group: nothing is done per pupil or item."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.big_instrument = cls._instrument(
            "Twenty Items", cls.school_a, items_per_scale=10
        )
        grade = cls.env.ref("ib_core.grade_7")
        cls.teacher_small = cls._user(
            "t_obs_small", "ib_core.group_ib_teacher", cls.school_a
        )
        cls.teacher_big = cls._user(
            "t_obs_big", "ib_core.group_ib_teacher", cls.school_a
        )
        cls.group_small = cls._group("Groep 7a", cls.year_a, grade, cls.teacher_small)
        cls.group_big = cls._group("Groep 7b", cls.year_a, grade, cls.teacher_big)
        cls.group_warm = cls._group("Groep 7c", cls.year_a, grade, cls.teacher_small)
        cls._pupils_of(cls.group_warm, 2, "Warm", "Twee", "W")
        cls._pupils_of(cls.group_small, 10, "Klein", "Tien", "S")
        cls._pupils_of(cls.group_big, 30, "Groot", "Dertig", "B")
        cls.rounds = cls._rounds(cls.big_instrument)
        # two items: the answers of a group of 30 fit in one INSERT of the ORM
        # (it inserts by 100 rows), so a batch costs the same for 10 and 30
        cls.make_rounds = cls._rounds(
            cls._instrument("Two Items", cls.school_a, items_per_scale=1)
        )

    @classmethod
    def _rounds(cls, instrument):
        return cls.env["ib.observation.round"].create(
            [
                {
                    "company_id": cls.school_a.id,
                    "school_year_id": cls.year_a.id,
                    "instrument_id": instrument.id,
                    "group_ids": [Command.set(group.ids)],
                    "state": "open",
                }
                for group in (cls.group_small, cls.group_big, cls.group_warm)
            ]
        )

    def _make_lists(self, teacher, rnd):
        self.env.invalidate_all()
        self._records_as(teacher, rnd).action_create_my_lists()

    def _open_grid(self, teacher, rnd):
        self.env.invalidate_all()
        action = self._records_as(teacher, rnd).action_open_grid()
        Answer = self.as_user(teacher, "ib.observation.answer")
        return Answer.web_search_read(action["domain"], GRID_SPEC, limit=1000)

    def test_making_the_lists_is_one_batch(self):
        small, big, warm = self.make_rounds
        self._make_lists(self.teacher_small, warm)  # fills Odoo's caches
        with self.assertQueryCount(69):
            self._make_lists(self.teacher_small, small)
        with self.assertQueryCount(69):
            self._make_lists(self.teacher_big, big)
        self.assertEqual(len(small.list_ids), 10)
        self.assertEqual(len(big.list_ids), 30)
        self.assertEqual(len(big.list_ids.answer_ids), 60)

    def test_opening_the_grid_does_not_grow_with_the_group(self):
        small, big, _warm = self.rounds
        self._make_lists(self.teacher_small, small)
        self._make_lists(self.teacher_big, big)
        self.assertEqual(len(big.list_ids.answer_ids), 600)
        with self.assertQueryCount(25):
            result = self._open_grid(self.teacher_small, small)
        self.assertEqual(result["length"], 200)
        with self.assertQueryCount(25):
            result = self._open_grid(self.teacher_big, big)
        self.assertEqual(result["length"], 600)
        self.assertEqual(
            {row["pupil_id"]["id"] for row in result["records"]},
            set(big.list_ids.pupil_id.ids),
        )
