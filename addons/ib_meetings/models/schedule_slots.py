"""The in-memory part of planning group discussions: local times to UTC, the
candidate slots of a round, and placing one meeting in the earliest slot when
everyone is free. Pure functions, no database: the busy times are read before.

Times are naive UTC datetimes, as Odoo stores them; days are local dates."""

from bisect import insort
from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

SLOT_MINUTES = 15


def to_utc(tz, day, hours):
    """Naive UTC datetime of local ``hours`` (float) on ``day`` in ``tz``."""
    minutes = round(hours * 60)
    local = datetime.combine(day, time()) + timedelta(minutes=minutes)
    return tz.localize(local).astimezone(pytz.utc).replace(tzinfo=None)


def local_day(tz, utc_dt):
    return pytz.utc.localize(utc_dt).astimezone(tz).date()


def meeting_windows(hour_from, hour_to, lessons=None, marked=None):
    """``{weekday: [(from, until), ...]}``: when meetings may take place on each
    weekday (0 = Monday), within ``hour_from`` and ``hour_to``. A school that
    marked meeting slots (``marked``, same shape) gets only those; otherwise the
    hours outside its lesson times (``lessons``, ``{weekday: (from, until)}``)."""
    windows = {}
    for weekday in range(7):
        if marked:
            parts = marked.get(weekday, [])
        elif lessons and weekday in lessons:
            start, end = lessons[weekday]
            parts = [(hour_from, start), (end, hour_to)]
        else:
            parts = [(hour_from, hour_to)]
        windows[weekday] = [
            (max(low, hour_from), min(high, hour_to))
            for low, high in sorted(parts)
            if min(high, hour_to) > max(low, hour_from)
        ]
    return windows


def candidate_slots(
    tz, date_from, date_to, weekdays, hour_from, hour_to, duration, windows=None
):
    """All ``(local day, UTC start, UTC stop)`` from ``date_from`` to ``date_to``
    on the ``weekdays`` (0 = Monday) between the hours, every SLOT_MINUTES, in time
    order. With ``windows`` (see ``meeting_windows``) only within those."""
    step = SLOT_MINUTES / 60
    slots = []
    day = date_from
    while day <= date_to:
        if day.weekday() in weekdays:
            parts = (
                windows.get(day.weekday(), [])
                if windows is not None
                else [(hour_from, hour_to)]
            )
            for low, high in parts:
                hour = low
                while hour + duration <= high + 1e-9:
                    slots.append(
                        (day, to_utc(tz, day, hour), to_utc(tz, day, hour + duration))
                    )
                    hour += step
        day += timedelta(days=1)
    return slots


def new_busy_map():
    """``(busy, care_count)``: busy ``{partner id: {local day: [(start, stop),
    ...]}}`` (sorted) and care_count ``{partner id: {local day: number of care
    meetings}}``."""
    return defaultdict(lambda: defaultdict(list)), defaultdict(lambda: defaultdict(int))


def add_busy(busy, partner_id, day, start, stop):
    insort(busy[partner_id][day], (start, stop))


def is_free(busy, partner_id, day, start, stop):
    return not any(b < stop and e > start for b, e in busy[partner_id][day])


def place(slots, partner_ids, busy, care_count, buffer, max_per_day):
    """The earliest slot when all ``partner_ids`` (the first: the care
    coordinator) are free, with ``buffer`` (timedelta) around their other
    meetings, on a day when the coordinator has fewer than ``max_per_day`` care
    meetings (0: no maximum). The slot is booked in ``busy`` and ``care_count``.

    :return: ``((start, stop), None, None)``, or ``(None, blocked, full_days)``
        when nothing fits: ``blocked`` ``{partner id: slots they were the first
        busy person of}``, ``full_days`` the days the coordinator was full
    """
    coordinator = partner_ids[0]
    blocked = defaultdict(int)
    full_days = set()
    for day, start, stop in slots:
        if max_per_day and care_count[coordinator][day] >= max_per_day:
            full_days.add(day)
            continue
        low, high = start - buffer, stop + buffer
        blocker = next(
            (
                p
                for p in partner_ids
                if any(b < high and e > low for b, e in busy[p][day])
            ),
            None,
        )
        if blocker is not None:
            blocked[blocker] += 1
            continue
        for partner_id in partner_ids:
            add_busy(busy, partner_id, day, start, stop)
        care_count[coordinator][day] += 1
        return (start, stop), None, None
    return None, blocked, full_days
