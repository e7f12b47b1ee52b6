"""The service's jobs, callable directly (tests) or from the scheduler.

* ``tick``: lease the sources whose ``next_check_at`` has passed (no more per polite host than
  its minimum delay lets half a lease hold), update them, release them.
  Schedule state lives in the database, so a restart or a second process loses nothing and
  fetches nothing twice: an overdue source is fetched once, by whoever leases it first.
* ``digest``: produce the most recently completed digest period (once; see ``digest_run``).
* ``retention``: delete items older than the configured age that no digest cites.

With ``isolated`` (``monitor serve``, ``MONITOR_ISOLATE_JOBS``), the tick and the digest run in
a child process each time (``isolation.py``): what they load is freed when they end. The
child reads the real clock.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from monitor.app import App
from monitor.ingest.hosts import polite_batch
from monitor.logs import get_logger
from monitor.service.owner import new_owner_id
from monitor.service.periods import last_completed_period
from monitor.types import Clock, SourceOutcome, utc_now

if TYPE_CHECKING:  # rendering and mail are imported when a digest is due, not at start
    from monitor.outputs.digest_run import DigestProducer, DigestRun


@dataclass
class Service:
    app: App
    owner: str = field(default_factory=new_owner_id)
    clock: Clock = utc_now
    stopping: threading.Event = field(default_factory=threading.Event)
    base_url: str | None = None
    isolated: bool = False  # run the tick and the digest in a child process each
    log_level: str = "INFO"  # the child's

    def tick(self) -> list[SourceOutcome]:
        """Update every due source this process can lease; stop early when asked to."""
        if self.isolated:
            return self._in_child("tick")
        sources = self.app.sources(self.base_url)
        with self.app.pipeline(clock=self.clock) as pipeline:
            pipeline.repository.sync_sources(sources, self.app.first_checks(self.clock()))
            due = set(pipeline.repository.due(self.clock()))
            budget = self.app.settings.lease_seconds / 2  # a polite host's share of one tick
            outcomes = self.app.update_leased(
                pipeline,
                polite_batch([s for s in sources if s.id in due], self.app.ledger.table, budget),
                self.owner,
                due_only=True,
                stop=self.stopping.is_set,
            )
        self.app.forget_matcher()  # idle between ticks without the compiled watchlists
        return [outcome for outcome in outcomes if outcome.skipped is None]

    def digest(self) -> DigestRun:
        """Produce the last completed period's digest if it is not finished yet."""
        if self.isolated:
            return self._in_child("digest")
        return self.producer().produce(*self.current_period())

    def _in_child(self, job: str) -> Any:
        from monitor.service.isolation import run_in_child

        return run_in_child(
            job, self.app.settings, self.owner, self.base_url, self.stopping, self.log_level
        )

    def current_period(self) -> tuple[date, date]:
        """The digest period whose send time came last, by the configured schedule."""
        s = self.app.settings
        return last_completed_period(
            self.clock(), s.digest_day, s.digest_hour, s.digest_minute, s.digest_timezone
        )

    def producer(self) -> DigestProducer:
        from monitor.outputs.digest_run import DigestProducer

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
