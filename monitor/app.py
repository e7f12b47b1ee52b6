"""Wiring: build the objects a command needs from the settings (no business logic here)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property

from sqlalchemy import Engine

from monitor.config import Settings
from monitor.errors import ConfigError
from monitor.fetcher import FetchLimits, build_client
from monitor.matching import Matcher
from monitor.owner import is_dead, new_owner_id
from monitor.pipeline import Clock, Pipeline, utc_now
from monitor.sources import load_sources
from monitor.storage.db import make_engine
from monitor.storage.migrate import ensure_current, upgrade
from monitor.storage.repository import Repository
from monitor.storage.service_store import ServiceStore
from monitor.types import Source, SourceOutcome
from monitor.watchlists import WatchlistSet, load_watchlists


@dataclass
class App:
    """Lazily built collaborators for one command."""

    settings: Settings

    @cached_property
    def engine(self) -> Engine:
        return make_engine(self.settings.database_url)

    @cached_property
    def watchlists(self) -> WatchlistSet:
        return load_watchlists(self.settings.watchlists)

    @cached_property
    def matcher(self) -> Matcher:
        return Matcher(self.watchlists, self.settings.match_threshold)

    @property
    def limits(self) -> FetchLimits:
        s = self.settings
        return FetchLimits(
            s.http_connect_timeout,
            s.http_read_timeout,
            s.http_total_timeout,
            s.max_response_bytes,
            s.max_redirects,
        )

    def init_database(self) -> None:
        upgrade(self.engine)

    def repository(self) -> Repository:
        """The repository, after checking the schema is current."""
        ensure_current(self.engine)
        return Repository(self.engine)

    def sources(self, base_url: str | None = None) -> list[Source]:
        return load_sources(self.settings.sources, base_url)

    @cached_property
    def store(self) -> ServiceStore:
        ensure_current(self.engine)
        return ServiceStore(self.engine)

    @contextmanager
    def pipeline(self, clock: Clock = utc_now) -> Iterator[Pipeline]:
        with build_client(self.settings.user_agent, self.limits) as client:
            yield Pipeline(self.repository(), client, self.limits, self.matcher, clock)

    def fetch(
        self,
        sources: list[Source],
        only: list[str] | None = None,
        progress: Callable[[SourceOutcome], None] | None = None,
    ) -> list[SourceOutcome]:
        """Sync the catalogue, then update the chosen sources one lease at a time.

        A source another live process is fetching (a running ``monitor serve``) is skipped
        and reported as such, never fetched twice at once.
        """
        chosen = select_sources(sources, only)
        with self.pipeline() as pipeline:
            pipeline.repository.sync_sources(sources)
            outcomes = []
            for source in chosen:
                outcome = self.update_leased(pipeline, source, new_owner_id(), due_only=False)
                outcomes.append(outcome)
                if progress is not None:
                    progress(outcome)
            return outcomes

    def update_leased(
        self, pipeline: Pipeline, source: Source, owner: str, due_only: bool
    ) -> SourceOutcome:
        """Lease one source, update it, release it; skip it if another process holds it."""
        repository = pipeline.repository
        now = pipeline.clock()
        lease = timedelta(seconds=self.settings.lease_seconds)
        holders = repository.leases(now)
        stale = {holder for holder in holders.values() if is_dead(holder)}
        if not repository.claim(owner, now, lease, [source.id], due_only, stale):
            holder = repository.leases(now).get(source.id)
            if holder is None:  # not due (or gone since): nothing to do
                return SourceOutcome(source.id, None, 0, skipped="not due")
            return SourceOutcome(source.id, None, 0, skipped=f"being fetched by {holder}")
        try:
            return pipeline.update_source(source)
        finally:
            repository.release(owner, [source.id])


def select_sources(sources: list[Source], only: list[str] | None) -> list[Source]:
    """The sources named in ``only`` (all when empty); unknown names are an error."""
    if not only:
        return sources
    known = {source.id for source in sources}
    unknown = [name for name in only if name not in known]
    if unknown:
        raise ConfigError(f"unknown source id(s): {', '.join(unknown)}")
    return [source for source in sources if source.id in only]
