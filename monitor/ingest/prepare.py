"""The CPU-bound half of storing a fetched source: parse, sanitize and match (no I/O).

``prepare`` runs in the calling process, or, for a large batch, ``prepare_all`` spreads the
sources over worker processes (one per core) while the caller stores the results in order:
parsing and matching are pure Python, so threads would not run them in parallel. Workers
start from a fork server, in the background, and compile their own matcher from the same
watchlists; until they are up, and for any source none has taken yet, the caller prepares it.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from monitor.errors import MonitorError
from monitor.ingest.records import Records, skipped_of
from monitor.logs import get_logger
from monitor.types import FetchResult, Match, MatchInput, ParsedItem, Source

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor
    from multiprocessing.context import BaseContext

    from monitor.relevance.learned import ReviewModel
    from monitor.relevance.matching import Matcher
    from monitor.relevance.watchlists import WatchlistSet

PARALLEL_MIN_BYTES = 4_000_000  # below this a batch is done in-process: workers cost ~0.5 s
CALLER_HELPS = True  # the caller prepares what no worker has taken (False: workers do all)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A fetched source's items and each item's matches, by identity."""

    items: list[ParsedItem]
    matches: dict[str, list[Match]]
    skipped: tuple[str, ...] = ()  # one line per malformed record the adapter left out


class UnexpectedError(MonitorError):
    """A fault in the monitor's own code while preparing a source (a bug, not bad input)."""


def parse(source: Source, result: FetchResult) -> list[ParsedItem]:
    """The source kind's adapter on the fetched bytes, control characters out; each item's
    language is the one its text is written in (``_in_its_language``: the one detection of
    an item's language at ingest)."""
    from monitor.ingest.adapters import adapter_for_source
    from monitor.ingest.sanitize import scrub

    parsed = adapter_for_source(source)(result.content, result.content_type, result.url)
    items = [_in_its_language(scrub(item), source.language) for item in parsed]
    return Records(items, skipped_of(parsed))


def _in_its_language(item: ParsedItem, source_language: str | None) -> ParsedItem:
    """The item in the language its text is written in. What the item declares (its own
    language, else its feed's) is the prior; without a declaration the text alone decides,
    and the source's language only when the text says nothing (no words of any script)."""
    from monitor.relevance.language import detect_language

    text = f"{item.title} {item.summary_text}"
    if item.language:
        language = detect_language(text, item.language)
    else:
        language = detect_language(text, None) or source_language
    return item if language == item.language else replace(item, language=language)


def match_input(item: ParsedItem) -> MatchInput:
    """What the matcher reads of a parsed item: its language is already detected, its
    symbols already extracted."""
    return MatchInput(item.title, item.summary_text, item.language, item.symbols, True)


def prepare(matcher: Matcher, source: Source, result: FetchResult) -> Prepared:
    """Parse and match one fetched result; raise ``MonitorError`` for unreadable input."""
    items = [] if result.not_modified else parse(source, result)
    matches = {item.identity: matcher.match(match_input(item)) for item in items}
    return Prepared(items, matches, tuple(skipped_of(items)))


def prepare_all(
    matcher: Matcher, work: Sequence[tuple[Source, FetchResult]], workers: int
) -> Iterator[Prepared | MonitorError | Exception]:
    """``prepare`` for each pair, in order; an error is yielded in place of its result.

    With ``workers`` (at least 1) and a ``large`` batch, in worker processes. They start in
    the background (about a second); meanwhile, and for any source no worker has taken yet,
    the caller prepares the source itself, as it does one whose worker failed.
    """
    if workers < 1 or len(work) < 2 or not large(work):
        for source, result in work:
            yield _attempt(matcher, source, result)
        return
    from concurrent.futures import ThreadPoolExecutor

    starter = ThreadPoolExecutor(1, thread_name_prefix="prepare-workers")
    starting = starter.submit(_ready_pool, matcher, min(workers, len(work)))
    starter.shutdown(wait=False)
    pool: ProcessPoolExecutor | None = None
    ahead = 4 * workers  # results waiting for the caller: bounds this process's memory
    queued = iter(work)
    pending: deque[tuple[Source, FetchResult, Future[Prepared | MonitorError] | None]] = deque()
    try:
        while True:
            if pool is None and (starting.done() or not CALLER_HELPS):
                pool = starting.result()
            pending.extend((s, r, _submit(pool, s, r))
                           for s, r in itertools.islice(queued, ahead - len(pending)))  # fmt: skip
            if not pending:
                break
            source, result, future = pending.popleft()
            if future is None or (CALLER_HELPS and not future.done() and future.cancel()):
                yield _attempt(matcher, source, result)  # no worker (yet) took it
                continue
            try:
                yield future.result()
            except Exception as exc:  # noqa: BLE001 - a worker died: this process takes over
                get_logger(source_id=source.id).warning("prepare.worker_failed", error=str(exc))
                yield _attempt(matcher, source, result)
    finally:
        starting.add_done_callback(_shut_down)  # now, or once the workers have started


def _ready_pool(matcher: Matcher, workers: int) -> ProcessPoolExecutor | None:
    """Worker processes, once one of them has compiled its matcher; ``None`` if they cannot
    start (limits, a broken start): the caller then prepares everything itself."""
    from concurrent.futures import ProcessPoolExecutor

    try:
        pool = ProcessPoolExecutor(
            workers,
            mp_context=_context(),
            initializer=_start_worker,
            initargs=(matcher.watchlists, matcher.threshold, getattr(matcher, "model", None)),
        )
        pool.submit(int).result()
    except Exception:  # noqa: BLE001 - reported, and the work is done in the caller
        get_logger().warning("prepare.workers_unavailable", exc_info=True)
        return None
    return pool


def _shut_down(starting: Future[ProcessPoolExecutor | None]) -> None:
    if (pool := starting.result()) is not None:
        pool.shutdown(wait=False, cancel_futures=True)


def large(work: Sequence[tuple[Source, FetchResult]]) -> bool:
    """Is a batch big enough to be worth worker processes (and freeing memory after)?"""
    return sum(len(result.content) for _, result in work) >= PARALLEL_MIN_BYTES


def _submit(
    pool: ProcessPoolExecutor | None, source: Source, result: FetchResult
) -> Future[Prepared | MonitorError] | None:
    """The source's preparation in a worker, or ``None`` when there is no working pool."""
    if pool is None:
        return None
    try:
        return pool.submit(_prepare_in_worker, source, result)
    except Exception:  # noqa: BLE001 - the pool broke: the caller prepares it here
        return None


def _context() -> BaseContext:
    """A fork server where the platform has one (workers fork from a clean, warm process),
    else fresh interpreters."""
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return context


def _attempt(matcher: Matcher, source: Source, result: FetchResult) -> Prepared | Exception:
    try:
        return prepare(matcher, source, result)
    except Exception as exc:  # noqa: BLE001 - recorded on the source by the caller
        return exc


_worker_matcher: Matcher | None = None


def _start_worker(
    watchlists: WatchlistSet, threshold: float, model: ReviewModel | None = None
) -> None:
    """Compile the worker's own matcher (a pickled matcher would cost the parent memory),
    with the parent's review model when it has one."""
    from monitor.relevance.matching import Matcher

    global _worker_matcher
    if model is None:
        _worker_matcher = Matcher(watchlists, threshold)
    else:
        from monitor.relevance.learned import ReviewedMatcher

        _worker_matcher = ReviewedMatcher(watchlists, threshold, model)


def _prepare_in_worker(source: Source, result: FetchResult) -> Prepared | MonitorError:
    """``prepare`` in a worker; any error comes back as a picklable ``MonitorError``."""
    assert _worker_matcher is not None, "worker started without a matcher"
    outcome = _attempt(_worker_matcher, source, result)
    if isinstance(outcome, MonitorError | Prepared):
        return outcome
    return UnexpectedError(f"{type(outcome).__name__}: {outcome}")
