"""``update_source``: fetch → parse → decide → match → store, one transaction per source.

A failure of any kind is stored on its source and returned in the outcome; it never
propagates, so one bad source cannot stop the others.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import httpx

from monitor.adapters import adapter_for
from monitor.errors import MonitorError
from monitor.fetcher import FetchLimits, fetch
from monitor.logs import get_logger
from monitor.matching import Matcher
from monitor.storage.repository import Repository
from monitor.types import CachingInfo, FetchResult, MatchInput, ParsedItem, Source, SourceOutcome

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Pipeline:
    """What updating a source needs: storage, HTTP, the compiled matcher, a clock."""

    repository: Repository
    client: httpx.Client
    limits: FetchLimits
    matcher: Matcher
    clock: Clock = utc_now

    def update_source(self, source: Source) -> SourceOutcome:
        """Update one source; never raises for a problem of the source."""
        log = get_logger(source_id=source.id)
        started = self.clock()
        status: int | None = None
        try:
            etag, last_modified = self.repository.caching_info(source.id)
            result = fetch(self.client, source.url, CachingInfo(etag, last_modified), self.limits)
            status = result.status
            parsed = [] if result.not_modified else self.parse(source, result)
            matches = {
                item.identity: self.matcher.match(
                    MatchInput(item.title, item.summary_text, item.language)
                )
                for item in parsed
            }
            new = self.repository.save_fetch(source, result, parsed, matches, started, self.clock())
        except MonitorError as exc:
            status = getattr(exc, "status", None) or status
            return self._failed(source, f"{type(exc).__name__}: {exc}", status, started)
        except Exception as exc:
            log.exception("source.unexpected_error")
            return self._failed(source, f"{type(exc).__name__}: {exc}", status, started)
        log.info("source.updated", status=status, items=len(parsed), new=new)
        return SourceOutcome(source.id, status, new)

    @staticmethod
    def parse(source: Source, result: FetchResult) -> list[ParsedItem]:
        """The source kind's adapter on the fetched bytes; the source's language by default."""
        items = adapter_for(source.kind)(result.content, result.content_type, result.url)
        if source.language is None:
            return items
        return [i if i.language else replace(i, language=source.language) for i in items]

    def _failed(
        self, source: Source, error: str, status: int | None, started: datetime
    ) -> SourceOutcome:
        get_logger(source_id=source.id).warning("source.failed", status=status, error=error)
        try:
            self.repository.record_failure(source, error, status, started, self.clock())
        except Exception:  # noqa: BLE001 - storage down: the outcome still carries the error
            get_logger(source_id=source.id).exception("source.failure_not_recorded")
        return SourceOutcome(source.id, status, 0, error)
