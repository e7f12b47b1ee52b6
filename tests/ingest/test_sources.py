"""The source catalogue, watchlist-generated queries, OPML, Retry-After and page watching."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from monitor.app import App
from monitor.cli import app as cli
from monitor.config import PROJECT_ROOT, Settings
from monitor.ingest import opml
from monitor.ingest.adapters import adapter_for_source
from monitor.ingest.queries import QueryPlan, generated_sources
from monitor.ingest.sources import load_plan, load_sources
from monitor.relevance.watchlists import WatchlistSet

CATALOGUE = PROJECT_ROOT / "watchlists" / "sources.yaml"
FIXTURES = Path(__file__).parents[1] / "data" / "sources"


def test_catalogue_has_fifteen_real_sources_each_with_a_fixture_that_parses() -> None:
    import yaml

    entries = yaml.safe_load(CATALOGUE.read_text())["sources"]
    sources = {s.id: s for s in load_sources(CATALOGUE)}
    assert len(sources) >= 15
    assert {s.kind for s in sources.values()} >= {
        "feed", "undl-marcxml", "crossref", "openalex", "federal-register", "page",
    }  # fmt: skip
    for entry in entries:
        source = sources[entry["id"]]
        assert source.url.startswith("https://"), source.id
        assert entry["politeness"] and entry["checked"].startswith("20"), source.id
        base = source.url if source.kind == "page" else ""
        items = adapter_for_source(source)((FIXTURES / entry["fixture"]).read_bytes(), None, base)
        assert items, f"{source.id}: fixture {entry['fixture']} gave no items"
    languages = {s.language for s in sources.values() if s.id.startswith("un-news")}
    assert languages == {"en", "fr", "es", "ru", "zh", "ar"}
    assert all(s.secret is None for s in sources.values() if s.kind != "openalex")
    assert sources["openalex-security-technology"].secret is not None
    assert "ccw-gge/" not in sources["ccw-gge-laws-2026-documents"].url
    assert sources["unoda"].kind == "page" and "/feed/" not in sources["unoda"].url


def test_watchlists_generate_bounded_queries(watchlists: WatchlistSet) -> None:
    plan = load_plan(CATALOGUE)
    assert plan is not None
    sources = generated_sources(watchlists, plan)
    assert 0 < len(sources) <= plan.total
    assert len({s.url for s in sources}) == len(sources)
    kinds = {s.kind for s in sources}
    assert kinds == {"feed", "undl-marcxml", "crossref"}
    by_id = {s.id: s for s in sources}
    for process in watchlists.by_id("II.A").processes[: plan.per_watchlist]:
        search = by_id[f"undl-{process.id}"]
        assert search.url.startswith("https://digitallibrary.un.org/rss?ln=en&p=%22")
    arxiv = [s for s in sources if s.url.startswith("https://export.arxiv.org/api/query")]
    assert arxiv and all("sortBy=submittedDate" in s.url for s in arxiv)
    small = generated_sources(watchlists, QueryPlan(per_watchlist=1, total=10))
    assert len(small) == 10


def test_opml_export_then_import_round_trips(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exported = tmp_path / "team.opml"
    runner = CliRunner()
    result = runner.invoke(cli, ["sources", "export", "--out", str(exported)],
                           env={"MONITOR_SOURCES": str(CATALOGUE)})  # fmt: skip
    assert result.exit_code == 0, result.output
    feeds = opml.read(exported.read_bytes())
    assert len(feeds) >= 15
    target = tmp_path / "sources.yaml"
    target.write_text(
        "# our catalogue\nsources:\n  - id: first\n    title: First\n"
        "    url: https://example.org/feed\n\n# a comment that must survive\n"
    )
    result = runner.invoke(cli, ["sources", "import", str(exported)],
                           env={"MONITOR_SOURCES": str(target)})  # fmt: skip
    assert result.exit_code == 0, result.output
    imported = load_sources(target)
    assert len(imported) == 1 + len(feeds)
    assert "# a comment that must survive" in target.read_text()
    again = runner.invoke(cli, ["sources", "import", str(exported)],
                          env={"MONITOR_SOURCES": str(target)})  # fmt: skip
    assert f"0 feeds added to {target}" in again.output
    assert len(load_sources(target)) == len(imported)


def test_opml_refuses_entities() -> None:
    from monitor.errors import ConfigError

    with pytest.raises(ConfigError, match="refused"):
        opml.read(b'<!DOCTYPE o [<!ENTITY x SYSTEM "file:///etc/passwd">]><opml>&x;</opml>')


def test_retry_after_delays_the_next_check(
    settings: Settings, httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request("/busy").respond_with_data(
        "busy", status=503, headers={"Retry-After": "7200"}
    )
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        f"sources:\n  - {{id: busy, title: B, url: '{httpserver.url_for('/busy')}', every: 5m}}\n"
    )
    application = App(settings.model_copy(update={"sources": sources}))
    application.init_database()
    before = datetime.now(UTC)
    (outcome,) = application.fetch(application.sources())
    assert outcome.status == 503 and "HTTP 503" in (outcome.error or "")
    (status,) = application.repository().source_status()
    assert status.next_check_at is not None
    assert status.next_check_at >= before + timedelta(seconds=7200)


def test_a_watched_page_reports_new_document_links(settings: Settings, tmp_path: Path) -> None:
    from monitor.ingest.feedserver import serve_directory

    site = tmp_path / "site"
    site.mkdir()
    page = site / "gge.html"
    shutil.copy(FIXTURES / "meetings-page.html", page)
    with serve_directory(site) as base_url:
        sources = tmp_path / "sources.yaml"
        sources.write_text(
            f"sources:\n  - {{id: gge, title: GGE, kind: page, url: '{base_url}/gge.html'}}\n"
        )
        application = App(settings.model_copy(update={"sources": sources}))
        application.init_database()
        (first,) = application.fetch(application.sources())
        shutil.copy(FIXTURES / "meetings-page-updated.html", page)
        (second,) = application.fetch(application.sources())
    assert first.new_items >= 10 and second.new_items == 3
    newest = application.repository().items()
    assert all(item.document and item.document.symbol.startswith("CCW/") for item in newest)
