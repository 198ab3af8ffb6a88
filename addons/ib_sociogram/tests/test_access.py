from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import IbSociogramCommon

MODELS = (
    "ib.sociogram",
    "ib.sociogram.question",
    "ib.sociogram.choice",
    "ib.sociogram.pupil",
)


@tagged("post_install", "-at_install")
class TestSociogramAccess(IbSociogramCommon):
    """Who finds which sociograms (and their questions, choices, results), and
    who may change them."""

    def visible(self, user, model):
        try:
            return self.as_user(user, model).search([])
        except AccessError:
            return None  # no access right at all

    def of(self, sociograms, model):
        if model == "ib.sociogram":
            return sociograms
        field = {
            "ib.sociogram.question": "question_ids",
            "ib.sociogram.choice": "choice_ids",
            "ib.sociogram.pupil": "pupil_line_ids",
        }[model]
        return sociograms.mapped(field)

    def test_who_sees_what(self):
        s5, s6, sb = self.sociogram_5, self.sociogram_6, self.sociogram_b
        expected = {
            self.teacher_5: s5,
            self.teacher_6: s6,
            self.teacher_b: sb,
            self.coordinator_a: s5 | s6,
            self.coordinator_b: sb,
            self.director: s5 | s6 | sb,
            self.employee: None,
            self.parent_a: None,
            self.provider: None,
        }
        for model in MODELS:
            for user, sociograms in expected.items():
                with self.subTest(model=model, user=user.login):
                    found = self.visible(user, model)
                    if sociograms is None:
                        self.assertIsNone(found)
                    else:
                        self.assertEqual(found, self.of(sociograms, model))

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_teacher_of_another_group_is_refused(self):
        for record, vals in (
            (self.sociogram_5, {"note": "x"}),
            (self.sociogram_5.question_ids[:1], {"name": "x"}),
            (self.sociogram_5.choice_ids[:1], {"rank": 3}),
            (self.sociogram_5.pupil_line_ids[:1], {"received_count": 9}),
        ):
            with self.subTest(model=record._name):
                mine = self._records_as(self.teacher_6, record)
                with self.assertRaises(AccessError):
                    mine.read(["display_name"])
                with self.assertRaises(AccessError):
                    mine.write(vals)
        # nor can they add a choice to it
        with self.assertRaises(AccessError):
            self._records_as(self.teacher_6, self.env["ib.sociogram.choice"]).create(
                {
                    "sociogram_id": self.sociogram_5.id,
                    "question_id": self.question_sit.id,
                    "pupil_id": self.pupils["ezra"].id,
                    "chosen_id": self.pupils["floor"].id,
                }
            )
        self.assertEqual(self.sociogram_5.tie_count, 10)

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_last_year_group_is_out_of_reach(self):
        # teacher 5 also taught a group last year: its sociogram is gone for them
        old_group = self._group(
            "Groep 4",
            self.year_a_previous,
            self.env.ref("ib_core.grade_4"),
            self.teacher_5,
        )
        old = self.env["ib.sociogram"].create({"group_id": old_group.id})
        self.assertNotIn(old, self.visible(self.teacher_5, "ib.sociogram"))
        with self.assertRaises(AccessError):
            self._records_as(self.teacher_5, old).read(["name"])
        self.assertIn(old, self.visible(self.coordinator_a, "ib.sociogram"))

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_moving_a_sociogram(self):
        Sociogram = self._records_as(self.teacher_5, self.env["ib.sociogram"])
        mine = Sociogram.create({"group_id": self.group_5.id})
        # to a group of the school they do not teach: out of their reach
        self.assertMoveRefused(mine, {"group_id": self.group_6.id})
        # to a group of another school: a group they may not see
        self.assertMoveRefused(mine, {"group_id": self.group_b.id})
        self.assertEqual(mine.group_id, self.group_5)
        # with its choices, the move is refused as well: they are not between
        # pupils of the other group
        with self.assertRaises(ValidationError):
            self._records_as(self.teacher_5, self.sociogram_5).group_id = self.group_6
        # a choice moved to another group's sociogram
        self.assertMoveRefused(
            self._records_as(self.teacher_5, self.sociogram_5.choice_ids[:1]),
            {"sociogram_id": self.sociogram_6.id},
        )
        self.assertEqual(self.sociogram_5.group_id, self.group_5)
        # a teacher of both groups may move an (empty) sociogram between them
        self.group_6.teacher_ids = [Command.link(self.teacher_5.id)]
        mine.group_id = self.group_6
        self.assertEqual(mine.pupil_line_ids.pupil_id, self.group_6.pupil_ids)

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_director_reads_but_does_not_write(self):
        mine = self._records_as(self.director, self.sociogram_5)
        self.assertTrue(mine.read(["name", "svg"]))
        with self.assertRaises(AccessError):
            mine.write({"note": "Gezien"})
        with self.assertRaises(AccessError):
            self._records_as(self.director, self.sociogram_5.choice_ids[:1]).write(
                {"rank": 3}
            )

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_other_school_is_refused(self):
        with self.assertRaises(AccessError):
            self._records_as(self.coordinator_b, self.sociogram_5).read(["name"])
        forged = self.sociogram_5.with_user(self.coordinator_b).with_context(
            allowed_company_ids=(self.school_a | self.school_b).ids
        )
        with self.assertRaises(AccessError):
            forged.read(["name"])

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_report_refused_outside_the_readers(self):
        html = self.render_html(
            "ib_sociogram.report_ib_sociogram", self.sociogram_5, self.teacher_5
        )
        self.assertIn("Cas Visser", html)
        for user in (self.teacher_6, self.parent_a, self.provider, self.employee):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.render_html(
                    "ib_sociogram.report_ib_sociogram", self.sociogram_5, user
                )

    def test_pupil_smart_button_counts_as_the_user(self):
        self.assertEqual(
            self._records_as(self.teacher_5, self.pupils["anna"]).sociogram_count, 1
        )
        self.assertEqual(
            self._records_as(self.coordinator_a, self.pupil_6a).sociogram_count, 1
        )
