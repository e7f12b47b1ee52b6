"""The service's jobs with a controlled clock: intervals, restarts, leases, digest periods."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
from sqlalchemy import select

from monitor.app import App
from monitor.config import Settings
from monitor.service.jobs import Service
from monitor.storage.models import DigestItemRow
from tests.smtp import RecordingHandler

T0 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # a Monday, after the 07:00 digest time


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def _app(settings: Settings, tmp_path: Path, feed_server: str, **updates: object) -> App:
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        "sources:\n"
        f"  - {{id: fast, title: Fast, url: '{feed_server}/un-press.rss', every: 30m}}\n"
        f"  - {{id: slow, title: Slow, url: '{feed_server}/opcw-news.rss', every: 2h}}\n"
    )
    application = App(settings.model_copy(update={"sources": sources, **updates}))
    application.init_database()
    return application


def _fetched(outcomes: list) -> list[str]:
    return sorted(outcome.source_id for outcome in outcomes)


def test_sources_are_fetched_at_their_own_intervals(
    settings: Settings, tmp_path: Path, feed_server: str
) -> None:
    clock = Clock(T0)
    service = Service(_app(settings, tmp_path, feed_server), clock=clock)
    assert _fetched(service.tick()) == ["fast", "slow"]
    clock.advance(minutes=10)
    assert _fetched(service.tick()) == []
    clock.advance(minutes=21)
    assert _fetched(service.tick()) == ["fast"]
    clock.advance(minutes=90)
    assert _fetched(service.tick()) == ["fast", "slow"]


def test_restart_fetches_an_overdue_source_once(
    settings: Settings, tmp_path: Path, feed_server: str
) -> None:
    application = _app(settings, tmp_path, feed_server)
    clock = Clock(T0)
    Service(application, clock=clock).tick()
    clock.advance(hours=5)  # the service was down; both sources are overdue
    restarted = Service(App(application.settings), clock=clock)
    assert _fetched(restarted.tick()) == ["fast", "slow"]
    assert _fetched(restarted.tick()) == []
    log = application.repository().source_status()
    assert all(status.last_error is None for status in log)


def test_two_services_never_fetch_the_same_source_at_once(
    settings: Settings, tmp_path: Path, feed_server: str
) -> None:
    application = _app(settings, tmp_path, feed_server)
    clock = Clock(T0)
    services = [Service(App(application.settings), clock=clock) for _ in range(2)]
    results: list[list] = [[], []]
    start = threading.Barrier(2)

    def run(index: int) -> None:
        start.wait()
        results[index] = services[index].tick()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    fetched = _fetched(results[0]) + _fetched(results[1])
    assert sorted(fetched) == ["fast", "slow"]


def test_a_manual_fetch_skips_sources_the_service_holds(
    settings: Settings, tmp_path: Path, feed_server: str
) -> None:
    application = _app(settings, tmp_path, feed_server)
    repository = application.repository()
    repository.sync_sources(application.sources())
    now = datetime.now(UTC)
    assert repository.claim("service-1", now, timedelta(minutes=5), ["slow"], False) == ["slow"]
    outcomes = {o.source_id: o for o in application.fetch(application.sources())}
    assert outcomes["fast"].error is None and outcomes["fast"].new_items > 0
    assert outcomes["slow"].skipped == "being fetched by service-1"
    assert outcomes["slow"].new_items == 0


def test_a_digest_period_missed_while_down_is_produced_once(
    settings: Settings, tmp_path: Path, feed_server: str
) -> None:
    clock = Clock(T0 + timedelta(days=2))  # Wednesday: Monday's digest was missed
    application = _app(settings, tmp_path, feed_server)
    service = Service(application, clock=clock)
    service.tick()
    first = service.digest()
    assert (first.period.first_day.isoformat(), first.period.last_day.isoformat()) == (
        "2026-11-16",
        "2026-11-22",
    )
    assert first.rendered_now and first.period.state == "sent"
    assert [p.name for p in first.eml_files] == ["digest-2026-11-22-digest@localhost.eml"]
    archive = application.settings.out_dir / "digests"
    assert (archive / "digest-2026-11-22.html").is_file()
    feed = feedparser.parse((archive / "feed.xml").read_bytes())
    assert not feed.bozo and [e.link for e in feed.entries] == ["digest-2026-11-22.html"]
    again = Service(App(application.settings), clock=clock).digest()
    assert not again.rendered_now and again.eml_files == () and again.period.state == "sent"


def test_crash_after_render_before_send_sends_exactly_once(
    settings: Settings,
    tmp_path: Path,
    feed_server: str,
    smtp: tuple[int, RecordingHandler],
) -> None:
    port, server = smtp
    clock = Clock(T0)
    application = _app(
        settings, tmp_path, feed_server, smtp_host="127.0.0.1", smtp_port=port,
        smtp_security="none", smtp_to="drafter@example.org, lead@example.org",
        smtp_retry_seconds=0,
    )  # fmt: skip
    service = Service(application, clock=clock)
    service.tick()
    producer = service.producer()
    period = producer.store.start_digest(*_last_period(), clock())
    producer._render(period)  # the process dies here, before sending
    assert server.received == []
    restarted = Service(App(application.settings), clock=clock)
    run = restarted.digest()
    assert not run.rendered_now and run.period.state == "sent"
    assert sorted(run.sent) == ["drafter@example.org", "lead@example.org"]
    assert len(server.received) == 2
    assert restarted.digest().sent == ()
    assert len(server.received) == 2


def _last_period() -> tuple:
    from monitor.service.periods import last_completed_period

    return last_completed_period(T0, "mon", 7, 0, "UTC")


def test_retention_deletes_old_items_but_keeps_cited_ones(
    settings: Settings, tmp_path: Path, feed_server: str
) -> None:
    clock = Clock(T0)
    application = _app(settings, tmp_path, feed_server, retention_days=30)
    service = Service(application, clock=clock)
    service.tick()
    service.digest()
    with application.engine.connect() as connection:
        cited = set(connection.execute(select(DigestItemRow.item_id)).scalars())
    before = {item.id: item for item in application.repository().items()}
    cutoff = clock() - timedelta(days=30)
    deleted = service.retention()
    after = {item.id for item in application.repository().items()}
    assert deleted == len(before) - len(after) > 0
    assert cited <= after
    for item_id in set(before) - after:
        assert before[item_id].date < cutoff and item_id not in cited
    for item_id in after - cited:
        assert before[item_id].date >= cutoff


def test_a_source_that_stops_publishing_is_silent() -> None:
    from monitor.types import SourceStatus

    hour = timedelta(hours=1)
    healthy = SourceStatus("a", "A", "https://a", T0, 200, None, None, 0, 5, T0 + hour,
                           every=hour, last_new_item_at=T0 - hour, last_success_at=T0)  # fmt: skip
    assert not healthy.silent(T0)
    quiet = SourceStatus("a", "A", "https://a", T0, 304, None, None, 0, 5, T0 + hour,
                         every=hour, last_new_item_at=T0 - 11 * hour, last_success_at=T0)  # fmt: skip
    assert quiet.silent(T0)
    failing = SourceStatus("a", "A", "https://a", T0, 500, "HTTP 500", T0, 3, 5, T0 + hour,
                           every=hour, last_new_item_at=T0 - 11 * hour, last_success_at=T0)  # fmt: skip
    assert not failing.silent(T0), "a failing source is reported as failing, not silent"
