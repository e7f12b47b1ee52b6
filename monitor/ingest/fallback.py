"""When a source's fallback address answers for it (pure): its own address was blocked, or
answered with no item (an empty channel). The fallback's answer is stored as the source's,
noted, and without validators (they belong to the other address)."""

from __future__ import annotations

from dataclasses import replace

from monitor.errors import BlockedError, FetchError, MonitorError
from monitor.types import CachingInfo, FetchResult, Source


def fallback_reason(source: Source, fetched: FetchResult | FetchError) -> str | None:
    """Why ``source``'s fallback should be fetched in this run, or ``None``."""
    if source.fallback is None:
        return None
    if isinstance(fetched, BlockedError):
        return str(fetched)
    if isinstance(fetched, FetchResult) and not fetched.not_modified:
        from monitor.ingest.prepare import parse

        try:
            empty = not parse(source, fetched)
        except MonitorError:
            return None  # unreadable: recorded as the source's own failure
        if empty:
            return "no items at the source's own address"
    return None


def as_fallback(fetched: FetchResult | FetchError, reason: str) -> FetchResult | FetchError:
    """The fallback's answer, noted with why it is used, without validators."""
    if isinstance(fetched, FetchError):
        return fetched
    return replace(fetched, caching=CachingInfo(), note=f"fallback in use: {reason}")
