"""Digest periods (pure): which week a digest sent at a given moment covers."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PERIOD_DAYS = 7


def last_send_time(now: datetime, day: str, hour: int, minute: int, timezone: str) -> datetime:
    """The most recent scheduled digest time at or before ``now`` (aware, in ``timezone``)."""
    zone = ZoneInfo(timezone)
    local = now.astimezone(zone)
    back = (local.weekday() - WEEKDAYS.index(day)) % 7
    candidate = datetime.combine(local.date() - timedelta(days=back), time(hour, minute), zone)
    if candidate > local:
        candidate -= timedelta(days=7)
    return candidate


def period_for(send_time: datetime) -> tuple[date, date]:
    """The seven whole days before the send day: (first day, last day), inclusive."""
    last_day = send_time.date() - timedelta(days=1)
    return last_day - timedelta(days=PERIOD_DAYS - 1), last_day


def last_completed_period(
    now: datetime, day: str, hour: int, minute: int, timezone: str
) -> tuple[date, date]:
    """The period whose digest was due most recently."""
    return period_for(last_send_time(now, day, hour, minute, timezone))
