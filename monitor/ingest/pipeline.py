"""Updating sources: fetch (concurrently) → parse and match (``prepare``, in worker processes
for a large batch) → decide → store (one transaction per source).

A failure of any kind is stored on its source and returned in the outcome; it never
propagates, so one bad source cannot stop the others.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from monitor.errors import DeferredError, FetchError, MonitorError
from monitor.ingest.fallback import as_fallback, fallback_reason
from monitor.ingest.fetcher import FetchLimits, FetchRequest, fetch_all
from monitor.ingest.hosts import HostLedger
from monitor.ingest.memory import release_free_memory
from monitor.ingest.outgoing import request_for
from monitor.ingest.prepare import Prepared, UnexpectedError, prepare, prepare_all
from monitor.ingest.records import summary
from monitor.logs import get_logger
from monitor.redact import scrub
from monitor.types import (
    CachingInfo,
    Clock,
    FetchResult,
    Source,
    SourceOutcome,
    utc_now,
)

if TYPE_CHECKING:
    from monitor.developments.dedup import DuplicateIndex
    from monitor.relevance.matching import Matcher
    from monitor.storage.repository import Repository


@dataclass(frozen=True, slots=True)
class Pipeline:
    """What updating sources needs: storage, HTTP settings, the compiled matcher, a clock."""

    repository: Repository
    user_agent: str
    limits: FetchLimits
    matcher: Matcher
    clock: Clock = utc_now
    workers: int = 0  # worker processes that parse and match a large batch (0: none)
    secrets: Mapping[str, str] = field(default_factory=dict)  # sources' keys, by name
    contact: str | None = None  # Crossref's mailto
    ledger: HostLedger | None = None  # per-host policies and counts, kept by the caller

    def update_sources(
        self,
        sources: Sequence[Source],
        progress: Callable[[SourceOutcome], None] | None = None,
    ) -> list[SourceOutcome]:
        """Fetch all ``sources`` concurrently (a blocked or empty one's fallback after), then
        store each result in turn. A source whose key is missing is not fetched."""
        started = self.clock()
        caching = self.repository.caching_infos(source.id for source in sources)
        self._count_todays_requests(sources, started)
        requests: list[FetchRequest] = []
        fetched: dict[str, FetchResult | FetchError] = {}
        for source in sources:
            try:
                requests.append(request_for(source, caching.get(source.id, CachingInfo()),
                                            self.secrets, self.contact, started))  # fmt: skip
            except FetchError as refused:
                fetched[source.id] = refused
        fetched |= fetch_all(requests, self.user_agent, self.limits, self.ledger)
        fetched |= self._fallbacks(sources, fetched, started)
        return self.store_all([(source, fetched[source.id]) for source in sources], started,
                              progress)  # fmt: skip

    def _count_todays_requests(self, sources: Sequence[Source], now: datetime) -> None:
        """Seed the ledger with today's requests per host from the fetch log (other runs)."""
        if self.ledger is None:
            return
        hosts = {urlsplit(s.url).hostname for s in sources}
        capped = {h for h in hosts if h and self.ledger.policy(h).daily_cap is not None}
        if not capped:
            return
        per_host: dict[str, int] = {}
        midnight = datetime.combine(now.date(), time(), UTC)
        for url, count in self.repository.requests_since(midnight).items():
            host = urlsplit(url).hostname or ""
            per_host[host] = per_host.get(host, 0) + count
        for host in capped:
            self.ledger.seed(host, per_host.get(host, 0))

    def _fallbacks(
        self,
        sources: Sequence[Source],
        fetched: Mapping[str, FetchResult | FetchError],
        now: datetime,
    ) -> dict[str, FetchResult | FetchError]:
        """The fallback's answer for each source whose own address was blocked or empty."""
        why = {s.id: r for s in sources if (r := fallback_reason(s, fetched[s.id])) is not None}
        if not why:
            return {}
        by_id = {source.id: source for source in sources}
        requests = [
            request_for(by_id[i], CachingInfo(), self.secrets, self.contact, now,
                        url=by_id[i].fallback)
            for i in why
        ]  # fmt: skip
        again = fetch_all(requests, self.user_agent, self.limits, self.ledger)
        return {i: as_fallback(result, why[i]) for i, result in again.items()}

    def store_all(
        self,
        results: Sequence[tuple[Source, FetchResult | FetchError]],
        started: datetime,
        progress: Callable[[SourceOutcome], None] | None = None,
    ) -> list[SourceOutcome]:
        """Store each fetched result in turn (the 304s together); parsing and matching run
        ahead in workers."""
        unchanged = self._store_unchanged(results, started)
        fetched = [(s, r) for s, r in results
                   if isinstance(r, FetchResult) and s.id not in unchanged]  # fmt: skip
        prepared = prepare_all(self.matcher, fetched, self.workers)
        duplicates = None
        if any(not result.not_modified for _, result in fetched):  # 304s store no item
            from monitor.developments.dedup import DuplicateIndex

            duplicates = DuplicateIndex()
        outcomes = []
        for source, result in results:
            outcome = unchanged.get(source.id) or self.store(
                source, result, started, prepared, duplicates
            )
            outcomes.append(outcome)
            if progress is not None:
                progress(outcome)
        if duplicates is not None:  # something was parsed: what it freed goes back
            release_free_memory()
        return outcomes

    def _store_unchanged(
        self, results: Sequence[tuple[Source, FetchResult | FetchError]], started: datetime
    ) -> dict[str, SourceOutcome]:
        """Record the 304s of a batch in one transaction; their outcomes by source id (none
        when that fails: each is then stored on its own, and its error recorded)."""
        answers = [(s, r) for s, r in results if isinstance(r, FetchResult) and r.not_modified]
        if len(answers) < 2:
            return {}
        try:
            if not self.repository.save_unchanged(answers, started, self.clock()):
                return {}
        except Exception:  # noqa: BLE001 - each is stored (and its failure recorded) alone
            get_logger().exception("source.unchanged_not_batched")
            return {}
        return {
            source.id: _updated(source, result.status, 0, 0, None) for source, result in answers
        }

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
            state = self._state(fetched, ready)
            skipped = summary(list(ready.skipped))
            new = self.repository.save_fetch(
                source, fetched, ready.items, ready.matches, started, self.clock(), duplicates,
                state, skipped,
            )  # fmt: skip
        except MonitorError as exc:
            return self._failed(source, exc, fetched.status, started)
        except Exception as exc:
            log.exception("source.unexpected_error")
            return self._failed(source, exc, fetched.status, started)
        outcome = _updated(source, fetched.status, len(ready.items), new,
                           state[0] if state else None, skipped)  # fmt: skip
        if skipped:
            log.warning("source.records_skipped", skipped=list(ready.skipped)[:20])
        return outcome

    @staticmethod
    def _state(fetched: FetchResult, ready: Prepared) -> tuple[str, str | None] | None:
        """The source's state after a successful fetch (``None``: unchanged, a 304)."""
        if fetched.not_modified:
            return None
        if not ready.items:
            return "empty", "empty: the source answered with no items" + (
                f" ({fetched.note})" if fetched.note else ""
            )
        if fetched.note:
            return "fallback", fetched.note
        return "ok", None

    def _failed(
        self, source: Source, error: Exception, status: int | None, started: datetime
    ) -> SourceOutcome:
        message = scrub(f"{type(error).__name__}: {error}", self.secrets.values())
        retry_after = getattr(error, "retry_after", None)
        state = getattr(error, "state", "failing")
        log = get_logger(source_id=source.id)
        if isinstance(error, DeferredError):
            until = self.clock() + timedelta(seconds=retry_after or 3600)
            log.info("source.deferred", reason=message)
            self.repository.defer(source, message, until)
            return SourceOutcome(source.id, None, 0, skipped=str(error), state=state)
        log.warning("source.failed", status=status, error=message, state=state)
        try:
            self.repository.record_failure(
                source, message, status, started, self.clock(), retry_after, state
            )
        except Exception:
            log.exception("source.failure_not_recorded")
        return SourceOutcome(source.id, status, 0, message, state=state)


def _updated(
    source: Source,
    status: int | None,
    items: int,
    new: int,
    state: str | None,
    records_skipped: str | None = None,
) -> SourceOutcome:
    """A stored update's log line and outcome (``state``: ``None`` when it stands, a 304)."""
    get_logger(source_id=source.id).info(
        "source.updated", status=status, items=items, new=new, state=state
    )
    return SourceOutcome(source.id, status, new, state=state, records_skipped=records_skipped)
