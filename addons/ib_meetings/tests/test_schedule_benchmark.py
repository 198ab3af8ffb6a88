import logging
import time
from datetime import date, timedelta

from odoo.fields import Command
from odoo.tests import TransactionCase, tagged

from odoo.addons.ib_core.tests.common import QUIET_CONTEXT

_logger = logging.getLogger(__name__)

SCHOOLS = 30
GROUPS_PER_SCHOOL = 10
ROUNDS = 3


@tagged("ib_benchmark", "post_install", "-at_install", "-standard")
class TestScheduleBenchmark(TransactionCase):
    """A board-wide year: 30 schools, 300 groups, 3 rounds, with a weekly team
    meeting per school in every round to plan around. Planning reads the calendar
    in a fixed number of queries and places everything in memory: the number of
    queries does not grow with the slots tried (asserted); the durations are logged,
    never asserted. Opt-in: ``make bench-suite`` (``--test-tags ib_benchmark``)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(
                cls.env.context,
                **QUIET_CONTEXT,
                mail_create_nosubscribe=True,
                no_mail_to_attendees=True,
            )
        )
        today = date.today()
        start = date(today.year + 1, 8, 1)
        cls.schools = cls.env["res.company"].create(
            [{"name": f"Bench School {i:02d}"} for i in range(SCHOOLS)]
        )
        years = cls.env["ib.school.year"].create(
            [
                {
                    "date_start": start,
                    "date_end": start + timedelta(days=340),
                    "company_id": school.id,
                }
                for school in cls.schools
            ]
        )
        Users = cls.env["res.users"]

        def user(name, login, schools, group):
            return {
                "name": name,
                "login": login,
                "company_id": schools[:1].id,
                "company_ids": [Command.set(schools.ids)],
                "group_ids": [Command.set(cls.env.ref(group).ids)],
            }

        cls.coordinators = Users.create(
            [
                user(
                    f"Coordinator {i:02d}",
                    f"bench_ib_{i:02d}",
                    school,
                    "ib_core.group_ib_coordinator",
                )
                for i, school in enumerate(cls.schools)
            ]
        )
        # The board's planner works for all schools (a manager implies the
        # coordinator role); each school keeps its own care coordinator.
        cls.planner = Users.create(
            user(
                "Board Planner",
                "bench_planner",
                cls.schools,
                "ib_core.group_ib_manager",
            )
        )
        teachers = Users.create(
            [
                user(
                    f"Teacher {i:02d}-{g}",
                    f"bench_t_{i:02d}_{g}",
                    school,
                    "ib_core.group_ib_teacher",
                )
                for i, school in enumerate(cls.schools)
                for g in range(GROUPS_PER_SCHOOL)
            ]
        )
        grade = cls.env.ref("ib_core.grade_5")
        cls.groups = cls.env["ib.group"].create(
            [
                {
                    "name": f"Groep {g + 1}",
                    "company_id": school.id,
                    "school_year_id": year.id,
                    "grade_ids": [Command.set(grade.ids)],
                    "teacher_ids": [
                        Command.set(teachers[i * GROUPS_PER_SCHOOL + g].ids)
                    ],
                }
                for i, (school, year) in enumerate(zip(cls.schools, years, strict=True))
                for g in range(GROUPS_PER_SCHOOL)
            ]
        )
        # Rounds of three weeks after the autumn, middle and end tests.
        cls.rounds = [
            (start + timedelta(days=offset), start + timedelta(days=offset + 20))
            for offset in (70, 190, 300)
        ]
        # A team meeting every Monday afternoon of every round, per school.
        team_meetings = []
        for i, school in enumerate(cls.schools):
            people = (
                cls.coordinators[i]
                | teachers[i * GROUPS_PER_SCHOOL : (i + 1) * GROUPS_PER_SCHOOL]
            ).partner_id
            for first, last in cls.rounds:
                day = first + timedelta(days=(7 - first.weekday()) % 7)
                while day <= last:
                    team_meetings.append(
                        {
                            "name": f"Team meeting {school.name}",
                            "start": f"{day} 12:00:00",
                            "stop": f"{day} 14:30:00",
                            "partner_ids": [Command.set(people.ids)],
                        }
                    )
                    day += timedelta(days=7)
        cls.env["calendar.event"].create(team_meetings)

    def _measured(self, call):
        """Run ``call`` and flush: the seconds it took and its queries."""
        queries_before = self.env.cr.sql_log_count
        started = time.perf_counter()
        call()
        self.env.flush_all()
        seconds = time.perf_counter() - started
        return seconds, self.env.cr.sql_log_count - queries_before

    def test_board_wide_year(self):
        user = self.planner
        wizard = (
            self.env["ib.meeting.schedule"]
            .with_user(user)
            .with_context(allowed_company_ids=self.schools.ids)
            .create(
                {
                    "company_ids": [Command.set(self.schools.ids)],
                    "hour_from": 12.5,
                    "hour_to": 17.0,
                    "round_ids": [
                        Command.create(
                            {
                                "sequence": n,
                                "name": f"Round {n}",
                                "date_from": first,
                                "date_to": last,
                            }
                        )
                        for n, (first, last) in enumerate(self.rounds, 1)
                    ],
                }
            )
        )
        # Every school got its own coordinator by default.
        self.assertEqual(
            wizard.school_ids.coordinator_id.sorted("id"),
            self.coordinators.sorted("id"),
        )
        self.env.flush_all()
        seconds, queries = self._measured(wizard.action_preview)
        self.assertEqual(wizard.placed_count, SCHOOLS * GROUPS_PER_SCHOOL * ROUNDS)
        self.assertEqual(wizard.unplaceable_count, 0)
        # Nobody has two meetings at once, and team meetings are avoided.
        by_person = {}
        for line in wizard.line_ids:
            for person in line.teacher_ids | line.coordinator_id:
                by_person.setdefault(person.id, []).append((line.start, line.stop))
        for spans in by_person.values():
            spans.sort()
            for (_s1, e1), (s2, _e2) in zip(spans, spans[1:], strict=False):
                self.assertLessEqual(e1, s2)
        for line in wizard.line_ids:
            if line.start.weekday() == 0:
                self.assertTrue(
                    line.start.hour * 60 + line.start.minute >= 14 * 60 + 45
                    or line.stop.hour * 60 + line.stop.minute <= 11 * 60 + 45,
                    f"{line.group_id.name} overlaps the team meeting: {line.start}",
                )

        # The board's planner creates them all (organizer: the planner; each
        # school's coordinator and the group's teacher take part).
        create_seconds, create_queries = self._measured(wizard.action_create)
        _logger.info(
            "ib_meetings benchmark: %d schools, %d groups, %d rounds: %d group "
            "discussions placed (%d not placed) in %.2f s and %d queries; created "
            "in %.2f s and %d queries",
            SCHOOLS,
            len(self.groups),
            ROUNDS,
            wizard.placed_count,
            wizard.unplaceable_count,
            seconds,
            queries,
            create_seconds,
            create_queries,
        )
        self.assertEqual(len(wizard.event_ids), SCHOOLS * GROUPS_PER_SCHOOL * ROUNDS)
        event = wizard.event_ids[0]
        self.assertEqual(event.user_id, self.planner)
        self.assertIn(event.ib_group_id.teacher_ids.partner_id, event.partner_ids)
        # No query per group or per slot: a fixed number for the whole board.
        self.assertLess(queries, 60)
        self.assertLess(create_queries, 300)
