"""Politeness per host: connections, minimum delay with jitter, a daily cap (by configuration).

``HostPolicy`` is one host's rule; ``DEFAULT_POLICIES`` the published or prudent rules of the
services the catalogue uses (``MONITOR_HOST_POLICIES`` adds or overrides). ``HostLedger``
remembers, for the life of the process, when each host was last asked and how many requests
it had today, so the rules hold across fetch runs (a service ticks every minute); its clock,
sleep and day are injected, so tests run it on a fake clock.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as day_time
from urllib.parse import urlsplit

from monitor.errors import DeferredError
from monitor.types import Source


@dataclass(frozen=True, slots=True)
class HostPolicy:
    """One host's rule: simultaneous connections, seconds between request starts (plus up to
    ``jitter`` more), requests per UTC day (``None``: no cap), and whether new sources of the
    host have their first check spread over their interval."""

    connections: int = 2
    min_delay: float = 0.0
    jitter: float = 0.0
    daily_cap: int | None = None
    spread: bool = True


# arXiv API terms: one request every 3 s, one connection. UN Digital Library: no published
# limit; the catalogue promises "a few searches an hour", so one connection and 30 s at least.
# Crossref: the polite pool limits concurrency and rate (x-rate-limit-* headers): one
# connection, a second apart. OpenAlex: a key's daily budget (about 1,000 searches a day).
DEFAULT_POLICIES: dict[str, HostPolicy] = {
    "export.arxiv.org": HostPolicy(connections=1, min_delay=3.0, jitter=1.0),
    "digitallibrary.un.org": HostPolicy(connections=1, min_delay=30.0, jitter=10.0, daily_cap=400),
    "api.crossref.org": HostPolicy(connections=1, min_delay=1.0, jitter=0.5),
    "api.openalex.org": HostPolicy(connections=1, min_delay=1.0, jitter=0.5, daily_cap=900),
    "www.federalregister.gov": HostPolicy(connections=1, min_delay=2.0, jitter=1.0),
}


def policies(overrides: Mapping[str, HostPolicy] | None = None) -> dict[str, HostPolicy]:
    """The default table with ``overrides`` (by host name) applied."""
    return {**DEFAULT_POLICIES, **(overrides or {})}


def first_checks(
    new: Sequence[Source], now: datetime, table: Mapping[str, HostPolicy]
) -> dict[str, datetime]:
    """First due times of new sources on a host with a policy that spreads: the k-th of a
    host's n new sources (by id) falls due k/n of its interval from now, so a hundred
    generated searches never fall due together. Other sources are due at once (absent)."""
    by_host: dict[str, list[Source]] = defaultdict(list)
    for source in new:
        host = urlsplit(source.url).hostname or ""
        if host in table and table[host].spread:
            by_host[host].append(source)
    due: dict[str, datetime] = {}
    for sources in by_host.values():
        for index, source in enumerate(sorted(sources, key=lambda s: s.id)):
            due[source.id] = now + source.every * index / len(sources)
    return due


def polite_batch(
    due: Sequence[Source], table: Mapping[str, HostPolicy], seconds: float
) -> list[Source]:
    """The due sources one run may take: per host with a minimum delay, no more than fit in
    ``seconds`` (at least one); the rest wait for the next run (after downtime, say)."""
    taken: dict[str, int] = defaultdict(int)
    batch = []
    for source in due:
        host = urlsplit(source.url).hostname or ""
        policy = table.get(host)
        room = max(1, int(seconds // policy.min_delay)) if policy and policy.min_delay else None
        if room is None or taken[host] < room:
            taken[host] += 1
            batch.append(source)
    return batch


@dataclass
class HostLedger:
    """When each host was last asked and how many requests it had on each day."""

    table: dict[str, HostPolicy] = field(default_factory=policies)
    default: HostPolicy = field(default_factory=HostPolicy)
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    now: Callable[[], datetime] = lambda: datetime.now(UTC)  # whose day the caps count
    rng: random.Random = field(default_factory=random.Random)
    last: dict[str, float] = field(default_factory=dict)
    counts: dict[tuple[str, date], int] = field(default_factory=lambda: defaultdict(int))

    def policy(self, host: str) -> HostPolicy:
        return self.table.get(host, self.default)

    def seed(self, host: str, requests_today: int) -> None:
        """Count requests made today by earlier processes (from the fetch log), once."""
        key = (host, self.now().date())
        self.counts[key] = max(self.counts[key], requests_today)

    async def wait_turn(self, host: str) -> None:
        """Sleep until ``host`` may be asked again, then count the request; ``DeferredError``
        when its daily cap is reached (due again at the next UTC midnight)."""
        policy = self.policy(host)
        now = self.now()
        day = now.date()
        if policy.daily_cap is not None and self.counts[(host, day)] >= policy.daily_cap:
            midnight = datetime.combine(day + timedelta(days=1), day_time(), UTC)
            raise DeferredError(
                f"deferred: {host}'s daily cap of {policy.daily_cap} requests is reached",
                retry_after=max((midnight - now).total_seconds(), 60.0),
            )
        if policy.min_delay or policy.jitter:
            gap = policy.min_delay + (self.rng.uniform(0, policy.jitter) if policy.jitter else 0)
            previous = self.last.get(host)
            if previous is not None:
                wait = previous + gap - self.clock()
                if wait > 0:
                    await self.sleep(wait)
        self.last[host] = self.clock()
        self.counts[(host, day)] += 1
