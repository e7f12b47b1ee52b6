"""Scheduling arithmetic (pure): when a source is next due."""

from __future__ import annotations

import re
import zlib
from datetime import datetime, timedelta

MAX_BACKOFF = timedelta(days=1)
JITTER = 0.1
_DURATION = re.compile(r"^\s*(\d+)\s*([smhdw])\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
# The longest polling interval: a year (longer ones overflow the dates they are added to).
MAX_INTERVAL = timedelta(days=366)


def parse_duration(text: str) -> timedelta:
    """``30m``, ``6h``, ``1d`` → timedelta, at most a year; ``ValueError`` for anything else."""
    match = _DURATION.match(str(text)[:40])
    if match is None or int(match.group(1)) == 0:
        raise ValueError(f"not a duration like 30m, 6h or 1d: {str(text)[:40]!r}")
    number = int(match.group(1))
    if len(match.group(1)) > 9 or timedelta(**{_UNITS[match.group(2)]: number}) > MAX_INTERVAL:
        raise ValueError(f"longer than a year: {str(text)[:40]!r}")
    return timedelta(**{_UNITS[match.group(2)]: number})


def next_check(
    now: datetime, every: timedelta, consecutive_failures: int, source_id: str = ""
) -> datetime:
    """After a success, ``every`` from now less a jitter of up to a tenth (so sources polled
    together drift apart, the same way for the same source and moment); after failures,
    doubling up to a day."""
    if consecutive_failures <= 0:
        spread = zlib.crc32(f"{source_id}@{now.isoformat()}".encode()) % 1000 / 1000
        return now + every - every * JITTER * spread
    backoff = every * (2 ** min(consecutive_failures - 1, 16))
    return now + min(backoff, max(MAX_BACKOFF, every))
