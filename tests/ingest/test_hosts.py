"""Per-host politeness on an injected clock: delays with jitter, one connection, a daily cap,
first checks spread over the interval, a tick's share per host, and the contact address."""

from __future__ import annotations

import asyncio
import itertools
import random
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from monitor.app import App
from monitor.config import Settings, load_settings
from monitor.errors import DeferredError
from monitor.ingest.fetcher import FetchLimits, FetchRequest, fetch_all
from monitor.ingest.hosts import (
    DEFAULT_POLICIES,
    HostLedger,
    HostPolicy,
    first_checks,
    polite_batch,
)
from monitor.ingest.outgoing import request_for
from monitor.service.jobs import Service
from monitor.types import CachingInfo, SecretRef, Source

T0 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


class FakeClock:
    """Monotonic seconds that move only when the ledger sleeps (or the test says so)."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.day = date(2026, 11, 23)
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


def ledger(clock: FakeClock, table: dict[str, HostPolicy]) -> HostLedger:
    return HostLedger(table, clock=clock, sleep=clock.sleep,
                      now=lambda: datetime.combine(clock.day, time(12), UTC),
                      rng=random.Random(7))  # fmt: skip


def turns(book: HostLedger, clock: FakeClock, hosts: list[str]) -> list[tuple[str, float]]:
    """Take a turn for each host in order; when each was granted."""

    async def run() -> list[tuple[str, float]]:
        granted = []
        for host in hosts:
            await book.wait_turn(host)
            granted.append((host, clock.now))
        return granted

    return asyncio.run(run())


def test_arxiv_turns_are_three_to_four_seconds_apart_other_hosts_not_delayed() -> None:
    clock = FakeClock()
    book = ledger(clock, dict(DEFAULT_POLICIES))
    granted = turns(book, clock, ["export.arxiv.org", "example.org", "export.arxiv.org",
                                  "export.arxiv.org"])  # fmt: skip
    arxiv = [t for host, t in granted if host == "export.arxiv.org"]
    gaps = [b - a for a, b in itertools.pairwise(arxiv)]
    assert all(3.0 <= gap <= 4.0 for gap in gaps), gaps
    assert granted[1] == ("example.org", 1000.0)
    assert DEFAULT_POLICIES["export.arxiv.org"].connections == 1
    undl = DEFAULT_POLICIES["digitallibrary.un.org"]
    assert undl.connections == 1 and undl.min_delay >= 30


def test_the_delay_holds_across_runs_and_the_daily_cap_defers_until_tomorrow() -> None:
    clock = FakeClock()
    book = ledger(clock, {"api.openalex.org": HostPolicy(min_delay=1.0, daily_cap=3)})
    book.seed("api.openalex.org", 1)  # one request earlier today (from the fetch log)
    turns(book, clock, ["api.openalex.org", "api.openalex.org"])
    with pytest.raises(DeferredError, match="daily cap of 3"):
        turns(book, clock, ["api.openalex.org"])
    clock.day += timedelta(days=1)
    clock.now += 0.2  # a new run, 0.2 s after the last request: it waits the rest
    turns(book, clock, ["api.openalex.org"])
    assert clock.slept[-1] == pytest.approx(0.8)


def test_fetch_all_keeps_one_connection_and_the_delay_on_a_real_server(
    httpserver: HTTPServer,
) -> None:
    def count(_request: Request) -> Response:
        return Response("<rss/>", content_type="application/rss+xml")

    httpserver.expect_request("/q").respond_with_handler(count)
    clock = FakeClock()
    host = httpserver.host
    book = ledger(clock, {host: HostPolicy(connections=1, min_delay=3.0, jitter=1.0)})
    requests = [FetchRequest(str(i), httpserver.url_for(f"/q?n={i}")) for i in range(5)]
    results = fetch_all(requests, "test", FetchLimits(total_timeout=10), book)
    assert all(not isinstance(r, Exception) for r in results.values())
    assert len(httpserver.log) == 5 and len(clock.slept) == 4
    assert all(3.0 <= s <= 4.0 for s in clock.slept), clock.slept


def _generated(count: int, host: str = "digitallibrary.un.org") -> list[Source]:
    return [Source(f"{host}-{i:03d}", "q", f"https://{host}/rss?p={i}", timedelta(days=1))
            for i in range(count)]  # fmt: skip


def test_120_generated_sources_never_fall_due_together() -> None:
    sources = _generated(60) + _generated(60, "export.arxiv.org")
    sources += [Source("feed", "f", "https://news.un.org/feed.xml", timedelta(hours=1))]
    due = first_checks(sources, T0, DEFAULT_POLICIES)
    assert "feed" not in due, "a source of a host without a policy is due at once"
    undl = sorted(t for i, t in due.items() if i.startswith("digitallibrary"))
    assert len(set(due.values())) < len(due)  # the two hosts share slots, each spread
    assert sum(1 for t in due.values() if t == T0) == 2  # one first source per host
    assert max(due.values()) < T0 + timedelta(days=1)
    assert min(b - a for a, b in itertools.pairwise(undl)) >= timedelta(minutes=10)


def test_a_tick_takes_no_more_per_host_than_its_delay_allows() -> None:
    due = _generated(59) + [Source("feed", "f", "https://news.un.org/a.xml", timedelta(hours=1))]
    batch = polite_batch(due, DEFAULT_POLICIES, seconds=450)
    assert sum(1 for s in batch if "digitallibrary" in s.url) == 15  # 450 s / 30 s
    assert batch[-1].id == "feed"


def test_contact_in_user_agent_and_crossref_mailto_key_only_at_request_time(
    settings: Settings,
) -> None:
    contact = "monitor-team@example.org"
    assert contact in settings.model_copy(update={"contact": contact}).agent
    crossref = Source("c", "C", "https://api.crossref.org/works?query=drone+swarm&rows=20",
                      timedelta(days=1), "crossref")  # fmt: skip
    request = request_for(crossref, CachingInfo(), {}, contact, T0)
    assert request.url.endswith("&mailto=monitor-team%40example.org") or request.url.endswith(
        "&mailto=monitor-team@example.org"
    )
    assert request.expect == "json"
    keyed = Source("o", "O", "https://api.openalex.org/works?search=x&filter=from_publication_"
                   "date:{since}", timedelta(days=1), "openalex",
                   secret=SecretRef("openalex_key", param="api_key"))  # fmt: skip
    request = request_for(keyed, CachingInfo(), {"openalex_key": "abc"}, None, T0)
    assert request.url.endswith("from_publication_date:2026-10-24&api_key=abc")


def test_configured_policy_spreads_a_hosts_new_sources_over_service_ticks(
    settings: Settings, feed_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MONITOR_HOST_POLICIES",
                       '{"127.0.0.1": {"connections": 1, "min_delay": 0.01, "daily_cap": 5}}')  # fmt: skip
    catalogue = tmp_path / "sources.yaml"
    catalogue.write_text("sources:\n" + "".join(
        f"  - {{id: s{i}, title: S{i}, url: '{feed_server}/un-press.rss?n={i}', every: 1h}}\n"
        for i in range(4)
    ))  # fmt: skip
    configured = load_settings(database_url=settings.database_url, sources=catalogue,
                               watchlists=settings.watchlists)  # fmt: skip
    assert configured.host_policies["127.0.0.1"].daily_cap == 5
    application = App(configured)
    application.init_database()
    clock = {"now": T0}
    service = Service(application, clock=lambda: clock["now"])
    firsts = []
    for minutes in (0, 15, 30, 45):
        clock["now"] = T0 + timedelta(minutes=minutes)
        firsts.append(sorted(o.source_id for o in service.tick()))
    assert firsts == [["s0"], ["s1"], ["s2"], ["s3"]], "one new source per quarter hour"
    clock["now"] = T0 + timedelta(hours=2)  # all four due: one more request fits today's cap
    (fetched,) = service.tick()
    assert fetched.error is None and fetched.status in (200, 304)
    status = application.repository().source_status()
    deferred = [s for s in status if s.state == "deferred"]
    assert len(deferred) == 3 and all(s.consecutive_failures == 0 for s in deferred)
    assert all(s.next_check_at == datetime(2026, 11, 24, tzinfo=UTC) for s in deferred)
    clock["now"] = T0 + timedelta(days=1)
    assert len(service.tick()) == 4, "a new day, a new cap: every due source is fetched"
    assert {s.state for s in application.repository().source_status()} == {"ok"}
