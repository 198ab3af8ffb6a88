from datetime import timedelta

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import tagged

from .common import IbCareTeamCommon


@tagged("post_install", "-at_install")
class TestRoster(IbCareTeamCommon):
    """The yearly roster of pupil discussions (rounds x groups, through
    ib_meetings' planner) and of care-team meetings, with the pupils proposed
    from test signals and open support requests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        test = cls.env["ib.assessment"].create(
            {
                "name": "TEST-ROSTER-MATHS",
                "domain": "maths",
                "score_min": 0,
                "score_max": 400,
                "company_id": cls.school_a.id,
            }
        )
        # Pupil 6b dropped from level 1 to 4: a signal this school year.
        for year, moment, level in (
            (cls.year_a_previous, "end", 1),
            (cls.year_a, "middle", 4),
        ):
            cls.signal_result = cls.env["ib.assessment.result"].create(
                {
                    "pupil_id": cls.pupil_6b.id,
                    "assessment_id": test.id,
                    "school_year_id": year.id,
                    "moment": moment,
                    "score": 100,
                    "level": level,
                }
            )

    def _roster(self, kind="pupil_discussion", user=None, **vals):
        start = self.year_a.date_start
        user = user or self.coordinator_a
        return self.as_user(user, "ib.care.roster").create(
            {
                "kind": kind,
                "company_id": self.school_a.id,
                "coordinator_id": self.coordinator_a.id,
                "tz": "Europe/Amsterdam",
                "round_ids": [
                    Command.create(
                        {
                            "name": "Ronde 1",
                            "sequence": 1,
                            "date_from": start + timedelta(days=70),
                            "date_to": start + timedelta(days=84),
                        }
                    ),
                    Command.create(
                        {
                            "name": "Ronde 2",
                            "sequence": 2,
                            "date_from": start + timedelta(days=196),
                            "date_to": start + timedelta(days=210),
                        }
                    ),
                ],
                **vals,
            }
        )

    def test_fixture_has_a_signal(self):
        self.assertEqual(self.signal_result.signal, "drop")

    def test_pupil_discussions_rounds_times_groups(self):
        roster = self._roster(
            participant_ids=[Command.set(self.rt.ids)],
            group_ids=[Command.set((self.group_5 | self.group_6).ids)],
        )
        roster.action_preview()
        lines = roster.line_ids
        self.assertEqual(
            sorted((ln.round_name, ln.group_id.name, ln.state) for ln in lines),
            [
                ("Ronde 1", "Groep 5", "placed"),
                ("Ronde 1", "Groep 6", "placed"),
                ("Ronde 2", "Groep 5", "placed"),
                ("Ronde 2", "Groep 6", "placed"),
            ],
        )
        proposed = {
            (ln.round_name, ln.group_id.name): ln.proposed_pupil_ids for ln in lines
        }
        # 5b: open request; 6a: request in analysis; 6b: test signal. 5a has a
        # plan and no open request: not proposed.
        self.assertEqual(proposed["Ronde 1", "Groep 5"], self.pupil_5b)
        self.assertEqual(proposed["Ronde 1", "Groep 6"], self.pupil_6a | self.pupil_6b)
        self.assertFalse(
            proposed["Ronde 2", "Groep 5"] | proposed["Ronde 2", "Groep 6"]
        )

        roster.action_create()
        events = roster.event_ids
        self.assertEqual(len(events), 4)
        self.assertEqual(set(events.mapped("ib_kind")), {"pupil_discussion"})
        first_6 = lines.filtered(
            lambda ln: ln.round_name == "Ronde 1" and ln.group_id == self.group_6
        ).event_id
        self.assertEqual(
            first_6.partner_ids,
            (self.coordinator_a | self.teacher_6 | self.rt).partner_id,
        )
        self.assertEqual(first_6.ib_pupil_ids, self.pupil_6a | self.pupil_6b)
        item_6b = first_6.ib_item_ids.filtered(lambda i: i.pupil_id == self.pupil_6b)
        self.assertIn("Test signal", item_6b.question)
        item_6a = first_6.ib_item_ids.filtered(lambda i: i.pupil_id == self.pupil_6a)
        self.assertIn("Support request", item_6a.source_label)
        self.assertEqual(
            (item_6a.source_model, item_6a.source_id),
            ("ib.support.request", self.request_6a.id),
        )
        self.assertEqual(self.request_6a.outcome, "meeting")

        # The same roster again: every group already has its pupil discussions.
        again = self._roster(group_ids=[Command.set(self.group_5.ids)])
        again.action_preview()
        self.assertEqual(set(again.line_ids.mapped("state")), {"skipped"})
        self.assertIn("pupil discussion", again.line_ids[0].reason)

    def test_care_team_meetings_one_per_round(self):
        roster = self._roster(kind="care_meeting")
        self.assertEqual(roster.team_id, self.team_a)
        roster.action_preview()
        self.assertEqual(roster.line_ids.mapped("state"), ["placed", "placed"])
        first = roster.line_ids.sorted("sequence")[0]
        self.assertEqual(
            first.proposed_pupil_ids, self.pupil_5b | self.pupil_6a | self.pupil_6b
        )
        roster.action_create()
        events = roster.event_ids
        self.assertEqual(len(events), 2)
        self.assertEqual(events.ib_care_team_id, self.team_a)
        self.assertEqual(set(events.mapped("ib_kind")), {"care_meeting"})
        # Internal members only: the youth doctor is invited per meeting, with
        # consent for its pupils.
        for event in events:
            self.assertEqual(
                event.partner_ids, (self.coordinator_a | self.rt | self.smw).partner_id
            )
        self.assertEqual(
            first.event_id.ib_pupil_ids, self.pupil_5b | self.pupil_6a | self.pupil_6b
        )

    def test_only_coordinators_plan(self):
        with self.assertRaises(AccessError):
            self._roster(user=self.teacher_5)
        roster = self._roster(user=self.coordinator_b)
        with self.assertRaises(AccessError):
            roster.action_preview()
