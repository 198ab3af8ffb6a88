from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import KNOWN_NEGATIVE, IbSociogramCommon


@tagged("post_install", "-at_install")
class TestSociogram(IbSociogramCommon):
    """Entering choices and the stored result, as the teacher of the group."""

    def test_default_questions(self):
        sociogram = self._records_as(self.teacher_6, self.env["ib.sociogram"]).create(
            {"group_id": self.group_6.id}
        )
        self.assertEqual(sociogram.question_ids.mapped("kind"), ["positive"] * 2)
        self.assertEqual(sociogram.max_choices, 3)
        self.assertEqual(sociogram.state, "draft")
        self.assertFalse(sociogram.use_negative_question)
        self.assertIn("Groep 6", sociogram.name)
        # one result line per pupil of the group at once, all isolated
        self.assertEqual(sociogram.pupil_line_ids.pupil_id, self.group_6.pupil_ids)
        self.assertEqual(sociogram.isolated_count, 2)
        # the negative question comes only when asked, marked sensitive
        sociogram.use_negative_question = True
        negative = sociogram.question_ids.filtered(lambda q: q.kind == "negative")
        self.assertEqual(len(negative), 1)
        self.assertTrue(negative.is_sensitive)
        sociogram.use_negative_question = False
        self.assertNotIn("negative", sociogram.question_ids.mapped("kind"))

    def test_known_group_result_is_stored(self):
        sociogram = self.sociogram_5
        self.assertEqual(sociogram.pupil_count, 6)
        self.assertEqual(sociogram.tie_count, 10)
        self.assertEqual(sociogram.mutual_pair_count, 3)
        self.assertAlmostEqual(sociogram.density, 0.33)
        self.assertEqual(sociogram.popular_count, 1)
        self.assertEqual(sociogram.isolated_count, 2)
        self.assertTrue(self.line(sociogram, "cas").is_popular)
        self.assertEqual(self.line(sociogram, "cas").ring, "0")
        self.assertEqual(self.line(sociogram, "anna").received_count, 3)
        self.assertEqual(self.line(sociogram, "anna").mutual_count, 2)
        self.assertEqual(
            sociogram.pupil_line_ids.filtered("is_isolated").pupil_id,
            self.pupils["ezra"] | self.pupils["floor"],
        )
        # the negative question's answers: Ezra is rejected
        self._choices(sociogram, self.question_neg, KNOWN_NEGATIVE)
        self.assertEqual(sociogram.rejected_count, 1)
        self.assertTrue(self.line(sociogram, "ezra").is_rejected)
        self.assertEqual(self.line(sociogram, "ezra").rejected_received_count, 3)
        # and they stay: the question cannot be turned off with answers
        with self.assertRaises(UserError):
            sociogram.use_negative_question = False
        self.assertTrue(sociogram.use_negative_question)

    def test_teacher_corrects_a_choice(self):
        sociogram = self._records_as(self.teacher_5, self.sociogram_5)
        wrong = sociogram.choice_ids.filtered(
            lambda c: c.pupil_id == self.pupils["floor"]
        )
        # Floor meant Ezra, not Cas: Ezra is no longer isolated, Cas no longer
        # stands out
        wrong.chosen_id = self.pupils["ezra"]
        self.assertFalse(self.line(sociogram, "ezra").is_isolated)
        self.assertEqual(self.line(sociogram, "cas").received_count, 3)
        # a wrong entry is deleted while the sociogram is a draft
        wrong.unlink()
        self.assertTrue(self.line(sociogram, "ezra").is_isolated)
        self.assertEqual(sociogram.tie_count, 9)

    def test_form_enters_choices_inline(self):
        sociogram = self._records_as(self.teacher_5, self.sociogram_5)
        with Form(sociogram) as form:
            with form.choice_ids.new() as line:
                line.question_id = self.question_sit
                line.pupil_id = self.pupils["ezra"]
                line.chosen_id = self.pupils["floor"]
        self.assertFalse(self.line(sociogram, "floor").is_isolated)
        self.assertIn("Floor S.", sociogram.svg)

    @mute_logger("odoo.models")
    def test_validation_errors(self):
        # as the coordinator, who reads every pupil of the school: the model's
        # own checks refuse, not the access rules
        Choice = self._records_as(self.coordinator_a, self.env["ib.sociogram.choice"])
        base = {
            "sociogram_id": self.sociogram_5.id,
            "question_id": self.question_sit.id,
            "pupil_id": self.pupils["ezra"].id,
            "rank": 2,
        }
        cases = {
            "a classmate of another group": {"chosen_id": self.pupil_6a.id},
            "a chooser of another group": {
                "pupil_id": self.pupil_6a.id,
                "chosen_id": self.pupils["anna"].id,
            },
            "oneself": {"chosen_id": self.pupils["ezra"].id},
            "a rank above the maximum": {
                "chosen_id": self.pupils["anna"].id,
                "rank": 4,
            },
            "a question of another sociogram": {
                "chosen_id": self.pupils["anna"].id,
                "question_id": self.sociogram_6.question_ids[0].id,
            },
        }
        for case, vals in cases.items():
            with self.subTest(case=case), self.assertRaises(ValidationError):
                Choice.create(dict(base, **vals))
        # the message names the pupil and the group
        with self.assertRaises(ValidationError) as error:
            Choice.create(dict(base, chosen_id=self.pupil_6a.id))
        self.assertIn("Chris Jansen is not in group", str(error.exception))
        with self.assertRaises(ValidationError) as error:
            Choice.create(dict(base, chosen_id=self.pupils["ezra"].id))
        self.assertIn("cannot choose themself", str(error.exception))
        # nothing was written
        self.assertEqual(self.sociogram_5.tie_count, 10)
        self.assertEqual(len(self.sociogram_5.choice_ids), 10)

    @mute_logger("odoo.models")
    def test_max_choices_per_question(self):
        sociogram = self._records_as(self.teacher_5, self.sociogram_5)
        Choice = self._records_as(self.teacher_5, self.env["ib.sociogram.choice"])
        vals = {
            "sociogram_id": sociogram.id,
            "question_id": self.question_sit.id,
            "pupil_id": self.pupils["anna"].id,
        }
        # Anna named Bram (rank 1) and Cas (rank 2)
        with self.assertRaises(ValidationError) as error:
            Choice.create(dict(vals, chosen_id=self.pupils["bram"].id, rank=3))
        self.assertIn("names Bram Bakker more than", str(error.exception))
        with self.assertRaises(ValidationError) as error:
            Choice.create(dict(vals, chosen_id=self.pupils["dana"].id, rank=1))
        self.assertIn("two choices of rank 1", str(error.exception))
        # fewer choices per question than Anna gave: refused
        with self.assertRaises(ValidationError) as error:
            sociogram.max_choices = 1
        self.assertIn("at most 1 are allowed", str(error.exception))
        sociogram.max_choices = 2
        # a third classmate is one too many
        with self.assertRaises(ValidationError) as error:
            Choice.create(dict(vals, chosen_id=self.pupils["dana"].id))
        self.assertIn("at most 2 are allowed", str(error.exception))
        self.assertEqual(sociogram.tie_count, 10)
        # with room again, a choice without a rank gets the next one
        sociogram.max_choices = 3
        third = Choice.create(dict(vals, chosen_id=self.pupils["dana"].id))
        self.assertEqual(third.rank, 3)
        # the other question has room of its own
        other = sociogram.question_ids.filtered(
            lambda q: q.kind == "positive" and q != self.question_sit
        )
        first = Choice.create(
            dict(vals, question_id=other.id, chosen_id=self.pupils["dana"].id)
        )
        self.assertEqual(first.rank, 1)
        # a negative question is only added through the sociogram's switch
        with self.assertRaises(ValidationError):
            self._records_as(self.teacher_6, self.sociogram_6).question_ids = [
                (0, 0, {"name": "Wie niet?", "kind": "negative"})
            ]

    def test_done_sociogram_is_locked(self):
        sociogram = self._records_as(self.teacher_5, self.sociogram_5)
        sociogram.action_done()
        self.assertEqual(sociogram.state, "done")
        choice = sociogram.choice_ids[:1]
        with self.assertRaises(UserError):
            choice.rank = 3
        with self.assertRaises(UserError):
            choice.unlink()
        with self.assertRaises(UserError):
            self._choices(sociogram, self.question_sit, (("ezra", "floor"),))
        with self.assertRaises(UserError):
            sociogram.question_ids[:1].name = "Anders"
        with self.assertRaises(UserError):
            self._records_as(self.coordinator_a, sociogram).unlink()
        sociogram.action_draft()
        choice.unlink()
        self.assertEqual(sociogram.tie_count, 9)
        # a draft sociogram is deleted by the coordinator, with its data
        lines = sociogram.pupil_line_ids
        self._records_as(self.coordinator_a, sociogram).unlink()
        self.assertFalse(lines.exists())

    def test_pupil_form_button(self):
        pupil = self._records_as(self.teacher_5, self.pupils["cas"])
        self.assertEqual(pupil.sociogram_count, 1)
        action = pupil.action_view_sociograms()
        found = (
            self.env["ib.sociogram"].with_user(self.teacher_5).search(action["domain"])
        )
        self.assertEqual(found, self.sociogram_5)

    def test_computation_costs_the_same_for_a_small_and_a_large_group(self):
        """The computation reads and writes a group in batches: as many queries
        for 24 pupils as for 4."""
        costs = {}
        for size, grade in ((4, "ib_core.grade_7"), (24, "ib_core.grade_8")):
            group = self._group(
                f"Groep {size}", self.year_a, self.env.ref(grade), self.teacher_5
            )
            pupils = self._pupils_of(group, size, "Kind", f"Groep{size}", f"G{size}")
            sociogram = self.env["ib.sociogram"].create({"group_id": group.id})
            question = sociogram.question_ids[:1]
            # a ring: every pupil chooses the next one
            self.env["ib.sociogram.choice"].create(
                [
                    {
                        "sociogram_id": sociogram.id,
                        "question_id": question.id,
                        "pupil_id": pupil.id,
                        "chosen_id": pupils[(index + 1) % size].id,
                    }
                    for index, pupil in enumerate(pupils)
                ]
            )
            # every line changes: they were all isolated a moment ago
            sociogram.pupil_line_ids.write({"received_count": 0, "is_isolated": True})
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            sociogram._ib_compute_results()
            self.env.flush_all()
            costs[size] = self.env.cr.sql_log_count - before
            self.assertEqual(sociogram.pupil_count, size)
            self.assertEqual(sociogram.isolated_count, 0)
            self.assertEqual(
                set(sociogram.pupil_line_ids.mapped("received_count")), {1}
            )
        self.assertEqual(costs[4], costs[24], costs)
