from datetime import datetime, time, timedelta

import pytz

from odoo.fields import Command
from odoo.tests import new_test_user

from odoo.addons.ib_core.tests.common import IbCoreCommon


class IbMeetingsCommon(IbCoreCommon):
    """ib_core's two schools plus: parents of pupils 5a and 5b (portal users), an
    external expert, and a pupil discussion of group 5 (school A) held last week
    by coordinator A with teacher 5: a normal item about pupil 5a (shared with the
    parents, one agreement) and a confidential item about pupil 5b."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.parent_a = Partner.create(
            {"name": "Parent Anna", "email": "parent.anna@example.com"}
        )
        cls.parent_b = Partner.create(
            {"name": "Parent Bram", "email": "parent.bram@example.com"}
        )
        cls.expert = Partner.create(
            {"name": "Speech Therapist Klank", "email": "klank@example.com"}
        )
        Guardian = cls.env["ib.pupil.guardian"]
        Guardian.create(
            [
                {
                    "pupil_id": cls.pupil_5a.id,
                    "partner_id": cls.parent_a.id,
                    "relation": "mother",
                    "portal_access": True,
                },
                {
                    "pupil_id": cls.pupil_5b.id,
                    "partner_id": cls.parent_b.id,
                    "relation": "father",
                    "portal_access": True,
                },
            ]
        )
        cls.portal_a = new_test_user(
            cls.env,
            login="t_parent_a",
            name="Parent Anna",
            groups="base.group_portal",
            partner_id=cls.parent_a.id,
            company_id=cls.school_a.id,
            company_ids=[Command.set(cls.school_a.ids)],
        )
        cls.portal_b = new_test_user(
            cls.env,
            login="t_parent_b",
            name="Parent Bram",
            groups="base.group_portal",
            partner_id=cls.parent_b.id,
            company_id=cls.school_a.id,
            company_ids=[Command.set(cls.school_a.ids)],
        )

        start = datetime.now().replace(microsecond=0, second=0, minute=0) - timedelta(
            days=7
        )
        cls.meeting = cls._care_meeting(
            {
                "name": "Pupil discussion group 5",
                "ib_kind": "pupil_discussion",
                "ib_group_id": cls.group_5.id,
                "start": start,
                "stop": start + timedelta(hours=1),
                "partner_ids": [
                    Command.set((cls.coordinator_a | cls.teacher_5).partner_id.ids)
                ],
            }
        )
        Item = (
            cls.env["ib.meeting.item"]
            .with_user(cls.coordinator_a)
            .with_context(allowed_company_ids=cls.school_a.ids)
        )
        cls.item_5a = Item.create(
            {
                "event_id": cls.meeting.id,
                "pupil_id": cls.pupil_5a.id,
                "question": "<p>Anna reads slowly</p>",
                "discussion": "<p>Internal: teacher sees little progress</p>",
                "conclusion": "<p>Extra reading practice for Anna</p>",
                "state": "discussed",
                "shared_with_parents": True,
                "agreement_ids": [
                    Command.create(
                        {
                            "name": "Read aloud three times a week",
                            "user_id": cls.teacher_5.id,
                            "date_deadline": start.date() + timedelta(days=28),
                        }
                    )
                ],
            }
        )
        cls.item_5b = Item.create(
            {
                "event_id": cls.meeting.id,
                "pupil_id": cls.pupil_5b.id,
                "question": "<p>Bram is worried at home</p>",
                "discussion": "<p>Secret family situation of Bram</p>",
                "conclusion": "<p>Coordinator calls the youth nurse about Bram</p>",
                "confidentiality": "confidential",
                "agreement_ids": [
                    Command.create(
                        {
                            "name": "Call the youth nurse",
                            "user_id": cls.coordinator_a.id,
                        }
                    )
                ],
            }
        )
        cls.topic = (
            cls.env["ib.meeting.topic"]
            .with_user(cls.coordinator_a)
            .with_context(allowed_company_ids=cls.school_a.ids)
            .create(
                {
                    "event_id": cls.meeting.id,
                    "name": "Group overview after the middle tests",
                    "notes": "<p>Reading results of group 5 are below average</p>",
                }
            )
        )

    @classmethod
    def _care_meeting(cls, vals, user=None):
        user = user or cls.coordinator_a
        return (
            cls.env["calendar.event"]
            .with_user(user)
            .with_context(allowed_company_ids=user.company_ids.ids)
            .create(vals)
        )

    @staticmethod
    def _local(day, hour, minute=0, tz="Europe/Amsterdam"):
        """Naive UTC datetime of a local time in the Netherlands."""
        local = pytz.timezone(tz).localize(datetime.combine(day, time(hour, minute)))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    @staticmethod
    def _next_monday(weeks_ahead=2):
        today = datetime.now().date()
        return today + timedelta(days=7 * weeks_ahead - today.weekday())

    @staticmethod
    def _set_lessons(company, start, end, **days):
        """Give ``company`` lessons from ``start`` to ``end`` (hours) every day,
        except the ``days`` given as ``wed=(8.5, 12.5)``."""
        vals = {}
        for day in ("mon", "tue", "wed", "thu", "fri"):
            day_start, day_end = days.get(day, (start, end))
            vals[f"ib_lesson_{day}_from"] = day_start
            vals[f"ib_lesson_{day}_to"] = day_end
        company.write(vals)
