from datetime import date, timedelta

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.tools import mute_logger

from .common import IbLearningLinesCommon


class TestLearningProgress(IbLearningLinesCommon):
    def test_position_and_share_of_the_line(self):
        today = date.today()
        for goal in self.goals[:4]:
            self._progress(self.pupil_5a, goal, today - timedelta(days=30))
        positions = self.env["ib.learning.progress"]._ib_positions(self.pupil_5a)
        last, count, percent = positions[(self.pupil_5a.id, self.line.id)]
        self.assertEqual(last, self.goals[3])
        self.assertEqual((count, percent), (4, 40.0))
        # shown on the pupil form
        self.pupil_5a.invalidate_recordset(["learning_position"])
        html = str(self.pupil_5a.learning_position)
        self.assertIn("Rekenen", html)
        self.assertIn("4 of 10", html)
        self.assertIn("40 %", html)
        self.assertIn("Doel 4 (end of Grade 5)", html)

    def test_furthest_goal_along_the_line_not_the_latest_date(self):
        today = date.today()
        self._progress(self.pupil_5a, self.goals[6], today - timedelta(days=60))
        self._progress(self.pupil_5a, self.goals[1], today)
        last, count, percent = self.env["ib.learning.progress"]._ib_positions(
            self.pupil_5a
        )[(self.pupil_5a.id, self.line.id)]
        self.assertEqual(last, self.goals[6])
        self.assertEqual((count, percent), (2, 20.0))

    def test_position_on_the_plan(self):
        self.opp.learning_line_ids = [Command.set((self.line | self.reading_line).ids)]
        self._progress(self.pupil_5a, self.goals[0])
        # another pupil's progress does not count
        self._progress(self.pupil_5b, self.goals[1])
        plan = self._records_as(self.coordinator_a, self.opp)
        html = str(plan.learning_position)
        self.assertIn("1 of 10", html)
        self.assertIn("10 %", html)
        self.assertIn("Begrijpend lezen", html)
        self.assertIn("0 of 1", html)
        self.assertIn("none yet", html)

    def test_names_are_escaped_in_the_position(self):
        self.line.name = "<script>alert(1)</script>"
        self._progress(self.pupil_5a, self.goals[0])
        self.pupil_5a.invalidate_recordset(["learning_position"])
        html = str(self.pupil_5a.learning_position)
        self.assertNotIn("<script>", html)
        self.assertIn("&lt;script&gt;", html)

    def test_goal_of_another_line_is_refused(self):
        with self.assertRaises(ValidationError):
            self.env["ib.learning.progress"].create(
                {
                    "pupil_id": self.pupil_5a.id,
                    "line_id": self.line.id,
                    "goal_id": self.reading_line.goal_ids.id,
                }
            )
        progress = self._progress(self.pupil_5a, self.goals[0])
        with self.assertRaises(ValidationError):
            progress.line_id = self.reading_line
        self.assertEqual(progress.line_id, self.line)

    def test_date_in_the_future_is_refused(self):
        with self.assertRaises(ValidationError):
            # tomorrow where the user is (the check's "today" is the user's,
            # not the server's: an hour after midnight in Amsterdam is still
            # yesterday in UTC)
            tomorrow = fields.Date.context_today(
                self.env["ib.learning.progress"]
            ) + timedelta(days=1)
            self._progress(self.pupil_5a, self.goals[0], tomorrow)
        self.assertFalse(
            self.env["ib.learning.progress"].search(
                [("pupil_id", "=", self.pupil_5a.id)]
            )
        )

    def test_a_goal_is_reached_once(self):
        self._progress(self.pupil_5a, self.goals[0])
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self._progress(self.pupil_5a, self.goals[0])

    def test_confirmed_by_the_recording_user(self):
        progress = self._records_as(
            self.teacher_5, self.env["ib.learning.progress"]
        ).create(
            {
                "pupil_id": self.pupil_5a.id,
                "line_id": self.line.id,
                "goal_id": self.goals[0].id,
            }
        )
        self.assertEqual(progress.confirmed_by_id, self.teacher_5)
        self.assertEqual(progress.date_reached, fields.Date.context_today(progress))
        self.assertEqual(progress.company_id, self.school_a)
        self.assertEqual(progress.domain, "maths")

    def test_goal_level_label(self):
        goal = self.goals[0]
        goal.reference_level = "1f"
        self.assertEqual(goal.level_label, "end of Grade 5, 1F")
        goal.grade_id = False
        self.assertEqual(goal.level_label, "1F")
        self.assertEqual(self.line.goal_count, 10)
