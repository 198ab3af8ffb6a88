from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tools import mute_logger

from .common import IbObservationCommon


class TestObservationGrid(IbObservationCommon):
    """The teacher's grid: the lists of the round, answered for the pupils of
    their own group only; what does not fit the instrument is refused."""

    def test_opening_the_round_makes_every_list(self):
        self.open_round()
        lists = self.round.list_ids
        self.assertEqual(self.round.state, "open")
        pupils = self.pupil_5a | self.pupil_5b | self.pupil_6a | self.pupil_6b
        teacher = lists.filtered(lambda lst: lst.respondent == "teacher")
        parent = lists.filtered(lambda lst: lst.respondent == "parent")
        self.assertEqual(teacher.pupil_id, pupils)
        self.assertEqual(parent.pupil_id, pupils)
        self.assertEqual(self.teacher_list(self.pupil_5a).group_id, self.group_5)
        # the teacher's version has every item, the parents' the items for them
        self.assertEqual(set(teacher.mapped(lambda lst: len(lst.answer_ids))), {4})
        self.assertEqual(
            parent.answer_ids.item_id, self.items.filtered("in_parent_version")
        )
        self.assertFalse(lists.answer_ids.option_id)

    def test_teacher_cannot_open_a_round(self):
        with self.assertRaises(AccessError):
            self._records_as(self.teacher_5, self.round).action_open()
        self.assertEqual(self.round.state, "draft")

    def test_teacher_fills_in_their_own_group(self):
        self.open_round()
        rnd = self._records_as(self.teacher_5, self.round)
        action = rnd.action_open_grid()
        Answer = self.as_user(self.teacher_5, "ib.observation.answer")
        rows = Answer.search_read(action["domain"], ["pupil_id", "item_id"])
        self.assertEqual(
            {row["pupil_id"][0] for row in rows},
            {self.pupil_5a.id, self.pupil_5b.id},
            "the grid shows the pupils of the teacher's own group only",
        )
        self.assertEqual(len(rows), 8)
        lst = self.teacher_list(self.pupil_5a)
        self.fill(lst, [4, 3, 2, 1], self.teacher_5)
        self._records_as(self.teacher_5, lst).action_done()
        self.assertEqual(lst.state, "done")
        self.assertEqual(lst.done_by_id, self.teacher_5)
        # a done list is not changed in the grid; filled in again it is
        with self.assertRaises(UserError):
            self.fill(lst, [1, 1, 1, 1], self.teacher_5)
        self._records_as(self.teacher_5, lst).action_reset_draft()
        self.fill(lst, [1, 1, 1, 1], self.teacher_5)
        self.assertEqual(set(lst.answer_ids.mapped("value")), {1.0})

    def test_teacher_refused_for_another_group(self):
        self.open_round()
        other = self.teacher_list(self.pupil_6a)
        Answer = self.as_user(self.teacher_5, "ib.observation.answer")
        List = self.as_user(self.teacher_5, "ib.observation.list")
        self.assertFalse(List.search([("id", "=", other.id)]))
        self.assertFalse(Answer.search([("list_id", "=", other.id)]))
        self.assertFalse(
            Answer.formatted_read_group(
                [("pupil_id", "=", self.pupil_6a.id)], ["pupil_id"], ["__count"]
            )
        )
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            List.browse(other.id).read(["pupil_id"])
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            Answer.browse(other.answer_ids[:1].id).write({"option_id": self.opt[1].id})
        self.teacher_5.group_ids += self.env.ref("base.group_allow_export")
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            Answer.browse(other.answer_ids.ids).export_data(["option_id"])
        # a list of their own cannot be made for another group's pupil
        second = self.env["ib.observation.round"].create(
            {
                "company_id": self.school_a.id,
                "school_year_id": self.year_a.id,
                "instrument_id": self.instrument.id,
                "moment": "spring",
                "state": "open",
            }
        )
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            List.create(
                {
                    "round_id": second.id,
                    "pupil_id": self.pupil_6a.id,
                    "group_id": self.group_6.id,
                }
            )
        self.assertFalse(second.list_ids)

    def test_lists_for_my_group(self):
        self.round.write({"group_ids": [Command.set(self.group_5.ids)]})
        self.open_round()
        self.assertEqual(self.round.list_ids.pupil_id, self.pupil_5a | self.pupil_5b)
        newcomer = self._pupil("Fleur", "Visser", self.group_5)
        self._records_as(self.teacher_5, self.round).action_create_my_lists()
        self.assertEqual(
            len(self.teacher_list(newcomer).answer_ids), 4, "the newcomer's list"
        )
        self.assertEqual(len(self.round.list_ids), 6, "no list made twice")
        with self.assertRaises(UserError):
            self._records_as(self.teacher_6, self.round).action_create_my_lists()

    def test_bad_input_is_refused(self):
        self.open_round()
        lst = self.teacher_list(self.pupil_5a)
        answer = self._records_as(self.teacher_5, lst.answer_ids[:1])
        other = self._instrument("Other", self.school_a)
        with self.assertRaises(ValidationError):
            answer.write({"option_id": other.option_ids[:1].id})
        self.assertFalse(lst.answer_ids.option_id, "nothing written")
        with self.assertRaises(ValidationError):
            self.as_user(self.teacher_5, "ib.observation.answer").create(
                {"list_id": lst.id, "item_id": other.item_ids[:1].id}
            )
        with self.assertRaises(UserError):
            answer.write({"list_id": self.teacher_list(self.pupil_5b).id})
        # every item answered before the list is done
        self.fill(lst, [1, 2, 3, 4], self.teacher_5)
        lst.answer_ids[-1:].sudo().write({"option_id": False})
        with self.assertRaises(UserError):
            self._records_as(self.teacher_5, lst).action_done()
        self.assertEqual(lst.state, "draft")
        # the parents' list is the parents'
        parent_answer = self._records_as(
            self.teacher_5, self.parent_list(self.pupil_5a).answer_ids[:1]
        )
        with self.assertRaises(UserError):
            parent_answer.write({"option_id": self.opt[1].id})
        with self.assertRaises(UserError):
            self._records_as(
                self.teacher_5, self.parent_list(self.pupil_5a)
            ).action_done()
