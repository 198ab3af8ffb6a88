from odoo.fields import Command

from odoo.addons.ib_core.tests.common import IbCoreCommon


class IbObservationCommon(IbCoreCommon):
    """ib_core's schools plus an instrument of school A with two scales
    ("Well-being": items 1-2, cut-off 2.5; "Task": items 3-4, cut-off 2), four
    options scored 1-4 (mean), items 1 and 3 also for parents, and a draft round
    of school A for groups 5 and 6 that asks the parents."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.instrument = cls._instrument("Test Instrument", cls.school_a)
        cls.scale_wb, cls.scale_task = cls.instrument.scale_ids
        cls.items = cls.instrument.item_ids
        cls.opt = {int(o.value): o for o in cls.instrument.option_ids}
        cls.round = cls.env["ib.observation.round"].create(
            {
                "company_id": cls.school_a.id,
                "school_year_id": cls.year_a.id,
                "instrument_id": cls.instrument.id,
                "moment": "autumn",
                "group_ids": [Command.set((cls.group_5 | cls.group_6).ids)],
                "ask_parents": True,
            }
        )

    @classmethod
    def _instrument(cls, name, school, scoring="mean", items_per_scale=2):
        instrument = cls.env["ib.observation.instrument"].create(
            {
                "name": name,
                "company_id": school.id if school else False,
                "scoring": scoring,
                "has_parent_version": True,
                "option_ids": [
                    Command.create({"name": label, "value": value, "sequence": value})
                    for value, label in enumerate(
                        ("Never", "Sometimes", "Often", "Always"), start=1
                    )
                ],
                "scale_ids": [
                    Command.create(
                        {"name": "Well-being", "cutoff": 2.5, "sequence": 1}
                    ),
                    Command.create({"name": "Task", "cutoff": 2.0, "sequence": 2}),
                ],
            }
        )
        scales = instrument.scale_ids
        cls.env["ib.observation.item"].create(
            [
                {
                    "instrument_id": instrument.id,
                    "scale_id": scale.id,
                    "name": f"{scale.name} item {n + 1}",
                    "sequence": index * 100 + n,
                    "in_parent_version": n == 0,
                }
                for index, scale in enumerate(scales)
                for n in range(items_per_scale)
            ]
        )
        return instrument

    def open_round(self, rnd=None):
        rnd = rnd or self.round
        self._records_as(self.coordinator_a, rnd).action_open()
        return rnd

    def teacher_list(self, pupil, rnd=None):
        return self.env["ib.observation.list"].search(
            [
                ("round_id", "=", (rnd or self.round).id),
                ("pupil_id", "=", pupil.id),
                ("respondent", "=", "teacher"),
            ]
        )

    def parent_list(self, pupil, rnd=None):
        return self.env["ib.observation.list"].search(
            [
                ("round_id", "=", (rnd or self.round).id),
                ("pupil_id", "=", pupil.id),
                ("respondent", "=", "parent"),
            ]
        )

    def fill(self, lst, values, user):
        """Answer the items of ``lst`` in order with the options scored
        ``values``, as ``user`` (one write per answer, as the grid does)."""
        answers = self._records_as(user, lst.answer_ids).sorted(
            lambda a: (a.item_sequence, a.id)
        )
        for answer, value in zip(answers, values, strict=True):
            answer.write({"option_id": self.opt[value].id})
