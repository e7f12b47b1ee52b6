"""Updating sources: fetch (concurrently) → parse and match (``prepare``, in worker processes
for a large batch) → decide → store (one transaction per source).

A failure of any kind is stored on its source and returned in the outcome; it never
propagates, so one bad source cannot stop the others.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from monitor.developments.dedup import DuplicateIndex
from monitor.errors import FetchError, MonitorError
from monitor.ingest.fetcher import FetchLimits, FetchRequest, fetch_all
from monitor.ingest.memory import release_free_memory
from monitor.ingest.prepare import Prepared, UnexpectedError, large, prepare, prepare_all
from monitor.ingest.records import summary
from monitor.logs import get_logger
from monitor.relevance.matching import Matcher
from monitor.storage.repository import Repository
from monitor.types import (
    CachingInfo,
    FetchResult,
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
    workers: int = 0  # worker processes that parse and match a large batch (0: none)

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
        return self.store_all([(source, fetched[source.id]) for source in sources], started,
                              progress)  # fmt: skip

    def store_all(
        self,
        results: Sequence[tuple[Source, FetchResult | FetchError]],
        started: datetime,
        progress: Callable[[SourceOutcome], None] | None = None,
    ) -> list[SourceOutcome]:
        """Store each fetched result in turn; parsing and matching run ahead in workers."""
        fetched = [(s, r) for s, r in results if isinstance(r, FetchResult)]
        prepared = prepare_all(self.matcher, fetched, self.workers)
        duplicates = DuplicateIndex()
        outcomes = []
        for source, result in results:
            outcome = self.store(source, result, started, prepared, duplicates)
            outcomes.append(outcome)
            if progress is not None:
                progress(outcome)
        if large(fetched):
            release_free_memory()
        return outcomes

    def store(
        self,
        source: Source,
        fetched: FetchResult | FetchError,
        started: datetime,
        prepared: Iterator[Prepared | Exception] | None = None,
        duplicates: DuplicateIndex | None = None,
    ) -> SourceOutcome:
        """Parse, match and save one fetched result, or record its failure.

        ``prepared`` yields the parsed and matched result of each ``FetchResult`` in turn
        (from ``prepare_all``); without it, this result is prepared here. ``duplicates`` is
        the batch's shared index of stored items (see ``Repository.save_fetch``).
        """
        log = get_logger(source_id=source.id)
        if isinstance(fetched, FetchError):
            return self._failed(source, fetched, fetched.status, started)
        try:
            ready = (
                next(prepared, UnexpectedError("no prepared result for this source"))
                if prepared is not None
                else prepare(self.matcher, source, fetched)
            )
            if isinstance(ready, Exception):
                raise ready
            skipped = summary(list(ready.skipped))
            new = self.repository.save_fetch(source, fetched, ready.items, ready.matches, started,
                                             self.clock(), duplicates, skipped)  # fmt: skip
        except MonitorError as exc:
            return self._failed(source, exc, fetched.status, started)
        except Exception as exc:
            log.exception("source.unexpected_error")
            return self._failed(source, exc, fetched.status, started)
        log.info("source.updated", status=fetched.status, items=len(ready.items), new=new)
        if skipped:
            log.warning("source.records_skipped", skipped=list(ready.skipped)[:20])
        return SourceOutcome(source.id, fetched.status, new, records_skipped=skipped)

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
