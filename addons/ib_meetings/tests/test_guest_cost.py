"""The calendar rules cost nothing to users outside pupil care (issue 25).

Odoo checks a record rule in Python (``filtered_domain``) on the records it reads.
The kind and the school of an event (which the global rule that keeps care meetings
in their school decides on) are fetched with the event's other columns, and the
private-event override does not read the kind for users without a care role."""

from contextlib import contextmanager
from datetime import timedelta
from unittest.mock import patch

from odoo.tests import tagged
from odoo.tools import SQL

from .common import IbMeetingsCommon


@tagged("post_install", "-at_install")
class TestCalendarGuestCost(IbMeetingsCommon):
    @contextmanager
    def _statements_on(self, table):
        """The SQL statements reading rows of ``table`` (not its relations)."""
        statements = []
        execute = self.env.cr.execute

        def spy(query, params=None, log_exceptions=True):
            code = query.code if isinstance(query, SQL) else str(query)
            if code.startswith(f'SELECT "{table}"."id"'):
                statements.append(code[:120])
            return execute(query, params, log_exceptions)

        with patch.object(self.env.cr, "execute", spy):
            yield statements

    def test_rule_and_privacy_read_nothing_more(self):
        start = self._local(self._next_monday(), 9)
        events = self.env["calendar.event"].create(
            [
                {
                    "name": f"Office meeting {i}",
                    "start": start + timedelta(hours=i),
                    "stop": start + timedelta(hours=i, minutes=30),
                    "privacy": "private" if i % 2 else False,
                    "partner_ids": [(6, 0, self.teacher_6.partner_id.ids)],
                }
                for i in range(4)
            ]
        )
        for user in (self.employee, self.teacher_5):
            with self.subTest(user=user.login):
                domain = (
                    self.env["ir.rule"]
                    .with_user(user)
                    ._compute_domain("calendar.event", "read")
                )
                self.assertTrue(domain, "the school rule applies to this user")
                Event = self.as_user(user, "calendar.event")
                self.env.invalidate_all()
                # the user's partner and groups are cached in any request
                Event.env.user.partner_id.ensure_one()
                Event.env.user.has_group("ib_core.group_ib_director")
                # What the calendar view reads: one statement on calendar_event, as
                # without the suite (the kind of private events and the school and
                # kind the rule needs are not fetched by a second one).
                with self._statements_on("calendar_event") as statements:
                    found = Event.search_fetch(
                        [("id", "in", events.ids)],
                        ["name", "start", "stop", "privacy"],
                    )
                self.assertEqual(len(statements), 1, statements)
                self.assertEqual(found, Event.browse(events.ids))
                with self.assertQueryCount(0):
                    allowed = found.sudo().filtered_domain(domain)
                self.assertEqual(allowed, found.sudo())
                with self.assertQueryCount(0):
                    hidden = found.filtered(
                        lambda event: event._check_private_event_conditions()
                    )
                self.assertEqual(len(hidden), 2)
