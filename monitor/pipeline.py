"""Updating sources: fetch (concurrently) → parse → decide → match → store (one transaction
per source).

A failure of any kind is stored on its source and returned in the outcome; it never
propagates, so one bad source cannot stop the others.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from monitor.adapters import adapter_for
from monitor.errors import FetchError, MonitorError
from monitor.fetcher import FetchLimits, FetchRequest, fetch_all
from monitor.logs import get_logger
from monitor.matching import Matcher
from monitor.storage.repository import Repository
from monitor.types import (
    CachingInfo,
    FetchResult,
    MatchInput,
    ParsedItem,
    Source,
    SourceOutcome,
)

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Pipeline:
    """What updating sources needs: storage, HTTP settings, the compiled matcher, a clock."""

    repository: Repository
    user_agent: str
    limits: FetchLimits
    matcher: Matcher
    clock: Clock = utc_now

    def update_sources(
        self,
        sources: Sequence[Source],
        progress: Callable[[SourceOutcome], None] | None = None,
    ) -> list[SourceOutcome]:
        """Fetch all ``sources`` concurrently, then store each result in turn."""
        started = self.clock()
        caching = self.repository.caching_infos(source.id for source in sources)
        requests = [
            FetchRequest(source.id, source.url, caching.get(source.id, CachingInfo()))
            for source in sources
        ]
        fetched = fetch_all(requests, self.user_agent, self.limits)
        outcomes = []
        for source in sources:
            outcome = self.store(source, fetched[source.id], started)
            outcomes.append(outcome)
            if progress is not None:
                progress(outcome)
        return outcomes

    def store(
        self, source: Source, fetched: FetchResult | FetchError, started: datetime
    ) -> SourceOutcome:
        """Parse, match and save one fetched result, or record its failure."""
        log = get_logger(source_id=source.id)
        if isinstance(fetched, FetchError):
            return self._failed(source, fetched, fetched.status, started)
        try:
            parsed = [] if fetched.not_modified else self.parse(source, fetched)
            matches = {
                item.identity: self.matcher.match(
                    MatchInput(item.title, item.summary_text, item.language)
                )
                for item in parsed
            }
            new = self.repository.save_fetch(
                source, fetched, parsed, matches, started, self.clock()
            )
        except MonitorError as exc:
            return self._failed(source, exc, fetched.status, started)
        except Exception as exc:
            log.exception("source.unexpected_error")
            return self._failed(source, exc, fetched.status, started)
        log.info("source.updated", status=fetched.status, items=len(parsed), new=new)
        return SourceOutcome(source.id, fetched.status, new)

    @staticmethod
    def parse(source: Source, result: FetchResult) -> list[ParsedItem]:
        """The source kind's adapter on the fetched bytes; the source's language by default."""
        items = adapter_for(source.kind)(result.content, result.content_type, result.url)
        if source.language is None:
            return items
        return [i if i.language else replace(i, language=source.language) for i in items]

    def _failed(
        self, source: Source, error: Exception, status: int | None, started: datetime
    ) -> SourceOutcome:
        message = f"{type(error).__name__}: {error}"
        retry_after = getattr(error, "retry_after", None)
        get_logger(source_id=source.id).warning("source.failed", status=status, error=message)
        try:
            self.repository.record_failure(
                source, message, status, started, self.clock(), retry_after
            )
        except Exception:  # noqa: BLE001 - storage down: the outcome still carries the error
            get_logger(source_id=source.id).exception("source.failure_not_recorded")
        return SourceOutcome(source.id, status, 0, message)
