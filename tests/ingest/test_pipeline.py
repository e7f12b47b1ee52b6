"""Fetch → store → match → digest on the recorded feeds, over real HTTP on 127.0.0.1."""

from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path

import feedparser
import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner
from werkzeug import Request, Response

from monitor.app import App
from monitor.cli import app as cli
from monitor.config import Settings
from monitor.outputs import digest
from monitor.relevance.watchlists import WatchlistSet
from tests.conftest import EXAMPLE_FEEDS, fetch_feeds


def _entries_in_examples() -> int:
    total = 0
    for path in EXAMPLE_FEEDS.iterdir():
        if path.suffix in (".rss", ".atom", ".xml"):
            total += len(feedparser.parse(path.read_bytes()).entries)
    return total


def test_fetch_store_match_digest_then_304(app: App, feed_server: str, tmp_path: Path) -> None:
    sources = app.sources(feed_server)
    outcomes = app.fetch(sources)
    assert [o.error for o in outcomes] == [None] * len(sources)
    assert {o.status for o in outcomes} == {200}
    stored = app.repository().items()
    assert sum(o.new_items for o in outcomes) == len(stored) == _entries_in_examples()

    matched = [item for item in stored if item.matches]
    assert 0.6 * len(stored) < len(matched) < len(stored), "off-topic samples must stay unmatched"
    assert len({m.section for item in matched for m in item.matches}) >= 8
    for item in matched:
        for match in item.matches:
            assert 0.5 <= match.score <= 1.0 and match.evidence

    built = digest.build(app.repository(), app.watchlists, date(2025, 1, 1), date(2026, 12, 31))
    assert sum(built.item_counts().values()) >= len(matched)
    html_path, text_path = digest.write(built, app.settings.templates, tmp_path / "out")
    html, text = html_path.read_text(), text_path.read_text()
    for section_id, title, _ in app.watchlists.sections():
        assert f'id="section-{section_id}"' in html
        assert f"== {section_id}. {title} ==" in text
    for hostile in ("<script", "onerror", "javascript:", "<iframe", "tracker.example"):
        assert hostile not in html, hostile

    again = app.fetch(sources)
    assert {o.status for o in again} == {304}
    assert sum(o.new_items for o in again) == 0
    assert len(app.repository().items()) == len(stored)


def test_one_failing_source_never_stops_the_others(
    settings: Settings, feed_server: str, httpserver: HTTPServer, tmp_path: Path
) -> None:
    def slow(_request: Request) -> Response:
        time.sleep(1.5)
        return Response("<rss version='2.0'><channel></channel></rss>")

    httpserver.expect_request("/500").respond_with_data("down", status=500)
    httpserver.expect_request("/malformed").respond_with_data("{{{ not xml at all", status=200)
    httpserver.expect_request("/slow").respond_with_handler(slow)
    sources_file = tmp_path / "sources.yaml"
    sources_file.write_text(
        "sources:\n"
        f"  - {{id: broken, title: Broken, url: '{httpserver.url_for('/500')}'}}\n"
        f"  - {{id: malformed, title: Malformed, url: '{httpserver.url_for('/malformed')}'}}\n"
        f"  - {{id: slow, title: Slow, url: '{httpserver.url_for('/slow')}'}}\n"
        f"  - {{id: good, title: Good, url: '{feed_server}/un-press.rss', language: en}}\n"
    )
    application = App(
        settings.model_copy(update={"sources": sources_file, "http_read_timeout": 0.5})
    )
    application.init_database()
    outcomes = {o.source_id: o for o in application.fetch(application.sources())}
    assert outcomes["broken"].status == 500 and "HTTP 500" in (outcomes["broken"].error or "")
    assert "ParseError" in (outcomes["malformed"].error or "")
    assert "timed out" in (outcomes["slow"].error or "")
    assert outcomes["good"].error is None and outcomes["good"].new_items > 0

    status = {s.id: s for s in application.repository().source_status()}
    for failed in ("broken", "malformed", "slow"):
        assert status[failed].last_error and status[failed].consecutive_failures == 1
        assert status[failed].item_count == 0
        assert status[failed].next_check_at is not None
    assert status["good"].last_error is None and status["good"].item_count > 0


def test_fetch_command_prints_a_summary_and_exits_3_on_failure(
    settings: Settings, feed_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources_file = tmp_path / "sources.yaml"
    sources_file.write_text(
        "sources:\n"
        f"  - {{id: good, title: Good, url: '{feed_server}/opcw-news.rss'}}\n"
        f"  - {{id: missing, title: Missing, url: '{feed_server}/no-such-feed.rss'}}\n"
    )
    monkeypatch.setenv("MONITOR_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("MONITOR_SOURCES", str(sources_file))
    runner = CliRunner()
    assert runner.invoke(cli, ["init"]).exit_code == 0
    result = runner.invoke(cli, ["fetch"])
    assert result.exit_code == 3, result.output
    assert "Fetch summary" in result.output and "HTTP 404" in result.output
    only_good = runner.invoke(cli, ["fetch", "--source", "good"])
    assert only_good.exit_code == 0, only_good.output
    status = runner.invoke(cli, ["status", "--json"])
    assert '"id": "missing"' in status.output and "404" in status.output


def test_implausible_dates_fall_back_to_first_seen(settings: Settings, tmp_path: Path) -> None:
    dates = (
        "<rss version='2.0'><channel><title>D</title>"
        "<item><title>Future drone strike</title><guid>f</guid>"
        "<pubDate>Fri, 01 Jan 9999 00:00:00 GMT</pubDate></item>"
        "<item><title>Ancient drone strike</title><guid>a</guid>"
        "<pubDate>Mon, 01 Jan 1900 00:00:00 GMT</pubDate></item>"
        "<item><title>Recent drone strike</title><guid>r</guid>"
        "<pubDate>Mon, 23 Nov 2026 10:00:00 GMT</pubDate></item></channel></rss>"
    )
    application = fetch_feeds(settings, tmp_path, {"d": ("D", dates)})
    dated = {item.title: item.published for item in application.repository().items()}
    assert dated["Future drone strike"] is None and dated["Ancient drone strike"] is None
    assert dated["Recent drone strike"] is not None


def test_the_same_story_from_two_outlets_is_one_item_also_reported_by(
    settings: Settings, tmp_path: Path
) -> None:
    def story(name: str, link: str) -> str:
        return (
            f"<rss version='2.0'><channel><title>{name}</title><language>en</language>"
            "<item><title>Drone strike hits hospital in Kadugli, UN says</title>"
            f"<guid>{name}1</guid><link>{link}</link>"
            "<pubDate>Wed, 18 Nov 2026 10:00:00 GMT</pubDate></item></channel></rss>"
        )

    application = fetch_feeds(settings, tmp_path, {
        "a": ("Outlet A", story("a", "https://a.example/story?utm_source=rss")),
        "b": ("Outlet B", story("b", "https://b.example/other")),
    })  # fmt: skip
    first, second = sorted(application.repository().items(), key=lambda i: i.id)
    assert second.duplicate_of == first.id
    built = digest.build(application.repository(), application.watchlists,
                         date(2026, 11, 16), date(2026, 11, 22))  # fmt: skip
    _html, text = digest.render(built, application.settings.templates)
    assert text.count("Drone strike hits hospital in Kadugli") == 2  # section entry + highlight
    assert "Also reported by: Outlet B (en)" in text


def test_worker_processes_prepare_exactly_what_this_process_does(
    watchlists: WatchlistSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parsing and matching in worker processes give the same items and matches, in order,
    whether the workers do it all or this process takes the sources they have not started;
    an unreadable feed's error comes back in its place."""
    from monitor.errors import ParseError
    from monitor.ingest import prepare
    from monitor.relevance.matching import Matcher
    from monitor.types import FetchResult, Source

    monkeypatch.setattr(prepare, "PARALLEL_MIN_BYTES", 0)
    feeds = sorted(p for p in EXAMPLE_FEEDS.iterdir() if p.suffix in (".rss", ".atom", ".xml"))
    work = [
        (Source(p.stem, p.stem, f"https://x.example/{p.name}", timedelta(hours=1)),
         FetchResult(200, f"https://x.example/{p.name}", p.read_bytes()))
        for p in feeds
    ]  # fmt: skip
    bad = Source("bad", "bad", "https://x.example/bad", timedelta(hours=1))
    work.insert(2, (bad, FetchResult(200, bad.url, b"<html><body>not a feed</body></html>")))
    matcher = Matcher(watchlists)
    here = list(prepare.prepare_all(matcher, work, workers=0))
    shared = list(prepare.prepare_all(matcher, work, workers=2))  # this process helps too
    monkeypatch.setattr(prepare, "CALLER_HELPS", False)
    pooled = list(prepare.prepare_all(matcher, work, workers=2))  # the workers do it all
    for results in (shared, pooled):
        assert isinstance(results[2], ParseError) and str(results[2]) == str(here[2])
        del results[2]
    del here[2]
    assert pooled == here and shared == here
    assert sum(len(p.items) for p in here) == _entries_in_examples()
    assert any(matches for p in here for matches in p.matches.values())


def test_day_ranges_merge_and_the_index_finds_same_story_within_three_days() -> None:
    from datetime import UTC, datetime

    from monitor.developments.dedup import Candidate, DuplicateIndex, day_ranges

    assert day_ranges([5, 3, 4, 9, 10, 4]) == [(3, 5), (9, 10)]
    day = datetime(2026, 6, 1, tzinfo=UTC)
    title = "UN chief warns of killer robots at Geneva talks"
    index = DuplicateIndex(
        [Candidate(1, "a", None, None, title, "en", day),
         Candidate(2, "a", None, None, title, "fr", day),
         Candidate(3, "a", None, None, title, "en", day - timedelta(days=9))]
    )  # fmt: skip
    assert index.find("b", None, None, title, "en", day + timedelta(days=2, hours=23)) == 1
    assert index.find("b", None, None, title, "en", day + timedelta(days=3, hours=1)) is None
    assert index.find("a", None, None, title, "en", day) is None  # the same source never
    assert index.find("b", None, None, title, "es", day) is None
