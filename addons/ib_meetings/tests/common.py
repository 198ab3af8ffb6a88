from datetime import datetime, time, timedelta

import pytz

from odoo.fields import Command

from odoo.addons.ib_core.tests.common import IbCoreCommon


class IbMeetingsCommon(IbCoreCommon):
    """ib_core's two schools plus: parents of pupils 5a and 5b (portal users), an
    external expert, and a pupil discussion of group 5 (school A) held last week
    by coordinator A with teacher 5: a normal item about pupil 5a (shared with the
    parents, one agreement) and a confidential item about pupil 5b."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.parent_a = cls._guardian(
            cls.pupil_5a, "Parent Anna", "mother", portal=True
        ).partner_id
        cls.parent_b = cls._guardian(
            cls.pupil_5b, "Parent Bram", "father", portal=True
        ).partner_id
        cls.expert = cls.env["res.partner"].create(
            {"name": "Speech Therapist Klank", "email": "klank@example.com"}
        )
        cls.portal_a = cls._portal_user("t_parent_a", cls.parent_a, name="Parent Anna")
        cls.portal_b = cls._portal_user("t_parent_b", cls.parent_b, name="Parent Bram")

        start = cls._this_hour(days=-7)
        cls.meeting = cls._pupil_discussion(
            "Pupil discussion group 5",
            cls.group_5,
            start,
            cls.coordinator_a | cls.teacher_5,
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

    @classmethod
    def _pupil_discussion(cls, name, group, start, attendees=None, **values):
        """A one-hour pupil discussion of ``group`` from ``start``, planned by
        coordinator A, with ``attendees`` (users) invited; ``values`` are
        added."""
        vals = {
            "name": name,
            "ib_kind": "pupil_discussion",
            "ib_group_id": group.id,
            "start": start,
            "stop": start + timedelta(hours=1),
        }
        if attendees:
            vals["partner_ids"] = [Command.set(attendees.partner_id.ids)]
        return cls._care_meeting(dict(vals, **values))

    @staticmethod
    def _this_hour(days=0):
        """The start of the current hour, ``days`` from today (naive)."""
        now = datetime.now().replace(microsecond=0, second=0, minute=0)
        return now + timedelta(days=days)

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
