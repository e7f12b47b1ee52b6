"""The service's jobs, callable directly (tests) or from the scheduler.

* ``tick``: lease the sources whose ``next_check_at`` has passed, update them, release them.
  Schedule state lives in the database, so a restart or a second process loses nothing and
  fetches nothing twice: an overdue source is fetched once, by whoever leases it first.
* ``digest``: produce the most recently completed digest period (once; see ``digest_run``).
* ``retention``: delete items older than the configured age that no digest cites.
"""

from __future__ import annotations

import os
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from monitor.app import App
from monitor.digest_run import DigestProducer, DigestRun
from monitor.logs import get_logger
from monitor.periods import last_completed_period
from monitor.pipeline import utc_now
from monitor.types import SourceOutcome

Clock = Callable[[], datetime]


def new_owner_id() -> str:
    """Who holds a lease: host, process and a random part (two services never share one)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@dataclass
class Service:
    app: App
    owner: str = field(default_factory=new_owner_id)
    clock: Clock = utc_now
    stopping: threading.Event = field(default_factory=threading.Event)
    base_url: str | None = None

    def tick(self) -> list[SourceOutcome]:
        """Update every due source this process can lease; stop early when asked to."""
        settings = self.app.settings
        sources = {source.id: source for source in self.app.sources(self.base_url)}
        now = self.clock()
        lease = timedelta(seconds=settings.lease_seconds)
        outcomes: list[SourceOutcome] = []
        with self.app.pipeline(clock=self.clock) as pipeline:
            pipeline.repository.sync_sources(sources.values())
            claimed = pipeline.repository.claim(self.owner, now, lease, list(sources))
            try:
                for source_id in claimed:
                    if self.stopping.is_set():
                        get_logger().info("tick.stopping", remaining=len(claimed) - len(outcomes))
                        break
                    outcomes.append(pipeline.update_source(sources[source_id]))
            finally:
                pipeline.repository.release(self.owner, claimed)
        return outcomes

    def digest(self) -> DigestRun:
        """Produce the last completed period's digest if it is not finished yet."""
        s = self.app.settings
        first, last = last_completed_period(
            self.clock(), s.digest_day, s.digest_hour, s.digest_minute, s.digest_timezone
        )
        return self.producer().produce(first, last)

    def producer(self) -> DigestProducer:
        return DigestProducer(
            self.app.settings, self.app.repository(), self.app.store, self.app.watchlists,
            self.clock,
        )  # fmt: skip

    def retention(self) -> int:
        """Delete old uncited items when ``retention_days`` is set; return how many."""
        days = self.app.settings.retention_days
        if days is None:
            return 0
        deleted = self.app.store.delete_items_before(self.clock() - timedelta(days=days))
        get_logger().info("retention.deleted", items=deleted, days=days)
        return deleted
