"""Wiring: build the objects a command needs from the settings (no business logic here)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from monitor import developments
from monitor.errors import ConfigError, StorageLost
from monitor.logs import hide
from monitor.service.owner import is_dead, new_owner_id
from monitor.types import Source, SourceOutcome

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from monitor.config import Settings
    from monitor.ingest.fetcher import FetchLimits
    from monitor.ingest.hosts import HostLedger
    from monitor.ingest.pipeline import Clock, Pipeline
    from monitor.relevance.matching import Matcher
    from monitor.relevance.watchlists import WatchlistSet
    from monitor.storage.db import FileWatch
    from monitor.storage.repository import Repository
    from monitor.storage.reviews import ReviewStore
    from monitor.storage.service_store import ServiceStore
    from monitor.storage.web_sessions import WebSessionStore


# Sources fetched, then stored, at a time, in rounds of ``http_concurrency`` requests: the
# responses of a batch are held until it is stored (a few megabytes at 32 typical feeds).
FETCH_ROUNDS = 2
WORKER_ROUNDS = 16


@dataclass
class App:
    """Lazily built collaborators for one command; each imports what it needs when first
    used, so a command starts with only the modules it uses."""

    settings: Settings

    def __post_init__(self) -> None:
        hide(self.settings.secrets().values())  # masked in every log line

    @cached_property
    def engine(self) -> Engine:
        from monitor.storage.db import make_engine

        return make_engine(self.settings.database_url)

    @cached_property
    def watchlists(self) -> WatchlistSet:
        """The watchlists (those of the compiled rules when they are loaded already)."""
        if "rules" in self.__dict__:
            return self.rules.watchlists
        from monitor.relevance.watchlists import load_watchlists

        return load_watchlists(self.settings.watchlists)

    @cached_property
    def rules(self) -> Matcher:
        """The compiled watchlists, from their cache when it is current (built and cached
        otherwise): see ``relevance.compiled``."""
        from monitor.relevance.compiled import compiled_matcher

        return compiled_matcher(self.settings.watchlists, self.cache_folder,
                                self.settings.match_threshold,
                                self.__dict__.get("watchlists"))  # fmt: skip

    @cached_property
    def matcher(self) -> Matcher:
        """The rules; with ``MONITOR_REVIEW_MODEL``, the rules and the review model."""
        if self.settings.review_model:
            from monitor.relevance.learned import ReviewedMatcher, ReviewModel

            model = ReviewModel.load(self.settings.review_model_path)
            return ReviewedMatcher.around(self.rules, model)
        return self.rules

    @property
    def cache_folder(self) -> Path | None:
        """``MONITOR_CACHE_DIR``, else the SQLite database's folder when it exists, else the
        user's cache folder (``None`` when there is none)."""
        if self.settings.cache_dir is not None:
            return self.settings.cache_dir
        folder = sqlite_folder(self.settings.database_url)
        if folder is not None and folder.is_dir():
            return folder
        base = os.environ.get("XDG_CACHE_HOME")
        try:
            return (Path(base) if base else Path.home() / ".cache") / "horizon-monitor"
        except RuntimeError:  # no home folder
            return None

    @property
    def limits(self) -> FetchLimits:
        from monitor.ingest.fetcher import FetchLimits

        s = self.settings
        return FetchLimits(
            s.http_connect_timeout,
            s.http_read_timeout,
            s.http_total_timeout,
            s.max_response_bytes,
            s.max_redirects,
            s.http_concurrency,
            s.http_per_host,
        )

    @cached_property
    def ledger(self) -> HostLedger:
        """Per-host politeness for the life of this process (a service's ticks share it)."""
        from monitor.ingest.hosts import HostLedger, HostPolicy, policies

        rules = {h: HostPolicy(**r.model_dump()) for h, r in self.settings.host_policies.items()}
        return HostLedger(policies(rules), default=HostPolicy(self.settings.http_per_host))

    def first_checks(self, now: datetime) -> Callable[[list[Source]], dict[str, datetime]]:
        """New sources' first due times, spread per polite host (see ``hosts.first_checks``)."""
        from monitor.ingest.hosts import first_checks

        return lambda new: first_checks(new, now, self.ledger.table)

    def init_database(self) -> None:
        """Upgrade the schema (Alembic runs only when it is not at the newest revision);
        items stored before developments existed are grouped."""
        from monitor.storage.migrate import is_current, upgrade
        from monitor.storage.repository import Repository

        if not is_current(self.engine):
            upgrade(self.engine)
        repository = Repository(self.engine)
        if repository.ungrouped():
            repository.regroup()

    @cached_property
    def database_watch(self) -> FileWatch:
        """Watches the SQLite file from the first use on (nothing to watch on PostgreSQL)."""
        from monitor.storage.db import FileWatch, sqlite_file

        return FileWatch(sqlite_file(self.engine))

    def forget_matcher(self) -> None:
        """Drop the compiled watchlists (a service between ticks): the next use loads them
        from their cache, in a fraction of a second."""
        from monitor.ingest.memory import release_free_memory

        if self.__dict__.pop("matcher", None) is not None:
            self.__dict__.pop("rules", None)
            release_free_memory()

    def database_lost(self) -> str | None:
        """Why the database is gone (deleted or replaced since the watch began), or None."""
        return self.database_watch.lost()

    def check(self) -> None:
        """Read everything a long-running command needs (watchlists, sources, templates),
        so that a bad configuration stops it at start-up with one ``ConfigError``. Watchlists
        compiled and cached as they are now were valid when cached: they are not read."""
        from monitor.relevance.compiled import is_cached

        if not is_cached(self.settings.watchlists, self.cache_folder):
            self.watchlists  # noqa: B018 - loading validates
        self.sources()
        templates = self.settings.templates
        if not (templates / "web").is_dir():
            raise ConfigError(f"templates: {templates} has no web/ folder of templates")

    def _check_schema(self) -> None:
        """Raise ``ConfigError`` unless the schema is at the newest revision (no Alembic)."""
        from monitor.storage.migrate import ensure_current

        ensure_current(self.engine)

    def repository(self) -> Repository:
        """The repository, after checking the schema is current."""
        from monitor.storage.repository import Repository

        self._check_schema()
        return Repository(self.engine)

    def sources(self, base_url: str | None = None) -> list[Source]:
        """The configured sources, then those the watchlists generate (if the file asks)."""
        from monitor.ingest.sources import load_plan, load_sources

        configured = load_sources(self.settings.sources, base_url)
        plan = load_plan(self.settings.sources)
        if plan is None:
            return configured
        from monitor.ingest.queries import generated_sources

        taken = {source.id for source in configured} | {source.url for source in configured}
        generated = generated_sources(self.watchlists, plan)
        return configured + [s for s in generated if s.id not in taken and s.url not in taken]

    @cached_property
    def reviews(self) -> ReviewStore:
        from monitor.storage.reviews import ReviewStore

        self._check_schema()
        return ReviewStore(self.engine)

    @cached_property
    def store(self) -> ServiceStore:
        from monitor.storage.service_store import ServiceStore

        self._check_schema()
        return ServiceStore(self.engine)

    @cached_property
    def web_sessions(self) -> WebSessionStore:
        from monitor.storage.web_sessions import WebSessionStore

        self._check_schema()
        return WebSessionStore(self.engine)

    @contextmanager
    def pipeline(self, clock: Clock | None = None) -> Iterator[Pipeline]:
        """The pipeline over this app's repository, settings and matcher (``clock``: now,
        by default)."""
        from monitor.ingest.pipeline import Pipeline, utc_now

        clock = clock or utc_now
        self.ledger.now = clock  # daily caps count the days of the run's clock
        developments.names_cache = self.cache_folder  # grouping's compiled names, as the rules
        yield Pipeline(
            self.repository(),
            self.settings.agent,
            self.limits,
            LazyMatcher(lambda: self.matcher),  # type: ignore[arg-type]
            clock,
            self.settings.ingest_workers,
            self.settings.secrets(),
            self.settings.contact,
            self.ledger,
        )

    def fetch(
        self,
        sources: list[Source],
        only: list[str] | None = None,
        progress: Callable[[SourceOutcome], None] | None = None,
    ) -> list[SourceOutcome]:
        """Sync the catalogue, then update the chosen sources (leased, fetched concurrently).

        A source another live process is fetching (a running ``monitor serve``) is skipped
        and reported as such, never fetched twice at once.
        """
        chosen = select_sources(sources, only)
        with self.pipeline() as pipeline:
            watch = self.database_watch
            pipeline.repository.sync_sources(sources, self.first_checks(pipeline.clock()))
            outcomes = self.update_leased(pipeline, chosen, new_owner_id(), False, progress)
        lost = watch.lost()
        if lost:
            raise StorageLost(lost)
        return outcomes

    def update_leased(
        self,
        pipeline: Pipeline,
        sources: Sequence[Source],
        owner: str,
        due_only: bool,
        progress: Callable[[SourceOutcome], None] | None = None,
        stop: Callable[[], bool] = lambda: False,
    ) -> list[SourceOutcome]:
        """Lease a batch of sources at a time, fetch the batch concurrently, store, release.

        A source held by another live process is skipped; one whose lease a crashed process
        on this host left behind is taken over. Batches keep each lease short, and what is
        held in memory small: ``FETCH_ROUNDS`` rounds of concurrent requests at a time.
        """
        repository = pipeline.repository
        concurrency = self.settings.http_concurrency
        # With worker processes, batches as large as they were (a pool is started per batch).
        rounds = FETCH_ROUNDS if pipeline.workers < 1 else WORKER_ROUNDS
        batch_size = rounds * concurrency
        outcomes: list[SourceOutcome] = []
        for start in range(0, len(sources), batch_size):
            if stop():
                break
            batch = sources[start : start + batch_size]
            rounds = -(-len(batch) // concurrency)  # the batch's worst case: every fetch capped
            lease = timedelta(
                seconds=self.settings.lease_seconds + rounds * self.settings.http_total_timeout
            )
            now = pipeline.clock()
            holders = repository.leases(now)
            stale = {holder for holder in holders.values() if is_dead(holder)}
            claimed = set(
                repository.claim(owner, now, lease, [s.id for s in batch], due_only, stale)
            )
            skipped = [s for s in batch if s.id not in claimed]
            holders = repository.leases(now)
            for source in skipped:
                holder = holders.get(source.id)
                reason = f"being fetched by {holder}" if holder else "not due"
                outcome = SourceOutcome(source.id, None, 0, skipped=reason)
                outcomes.append(outcome)
                if progress is not None:
                    progress(outcome)
            try:
                leased = [s for s in batch if s.id in claimed]
                outcomes += pipeline.update_sources(leased, progress)
            finally:
                repository.release(owner, claimed)
        return outcomes


class LazyMatcher:
    """Stands in for a matcher until something of it is used, then ``make`` gives it (loaded
    from the cache or compiled): a batch of sources that all answer 304 compiles nothing."""

    def __init__(self, make: Callable[[], Matcher]) -> None:
        self._make = make
        self._matcher: Matcher | None = None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # copy, pickle and the like: not the matcher's
            raise AttributeError(name)
        if self._matcher is None:
            self._matcher = self._make()
        return getattr(self._matcher, name)


def sqlite_folder(url: str) -> Path | None:
    """The folder of a ``sqlite:///PATH`` database URL's file (``None``: another database,
    or in memory), read without SQLAlchemy."""
    scheme, _, rest = url.partition("://")
    if scheme.split("+")[0] != "sqlite" or not rest.startswith("/"):
        return None
    path = rest[1:].partition("?")[0].removeprefix("file:")
    return Path(path).parent if path and path != ":memory:" else None


def select_sources(sources: list[Source], only: list[str] | None) -> list[Source]:
    """The sources named in ``only`` (all when empty); unknown names are an error."""
    if not only:
        return sources
    known = {source.id for source in sources}
    unknown = [name for name in only if name not in known]
    if unknown:
        raise ConfigError(f"unknown source id(s): {', '.join(unknown)}")
    return [source for source in sources if source.id in only]
