"""Shared fixtures: settings on a temporary SQLite database, the recorded-feed server."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from monitor.app import App
from monitor.config import PROJECT_ROOT, Settings, load_settings
from monitor.ingest.feedserver import serve_directory
from monitor.relevance.watchlists import WatchlistSet, load_watchlists
from tests.postgres import find_bindir, running_server
from tests.smtp import RecordingHandler, smtp_server

EXAMPLE_FEEDS = PROJECT_ROOT / "examples" / "feeds"
EXAMPLE_SOURCES = PROJECT_ROOT / "examples" / "sources.yaml"
WATCHLISTS = PROJECT_ROOT / "watchlists"


@pytest.fixture(scope="session")
def compiled_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache of compiled watchlists for the session (keyed by content: each set of
    watchlists the tests use is compiled once)."""
    return tmp_path_factory.mktemp("compiled-watchlists")


@pytest.fixture(autouse=True)
def _isolated_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, compiled_cache: Path
) -> None:
    """No MONITOR_* variable or monitor.toml of the developer's leaks into a test."""
    for name in list(os.environ):
        if name.startswith("MONITOR_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("MONITOR_CONFIG", str(tmp_path / "absent-monitor.toml"))
    monkeypatch.setenv("MONITOR_CACHE_DIR", str(compiled_cache))


def fetched_app(settings: Settings, feed_server: str, **updates: object) -> App:
    """A fresh database holding the sample feeds, fetched over HTTP, with ``updates`` applied
    to the settings."""
    application = App(settings.model_copy(update=updates))
    application.init_database()
    application.fetch(application.sources(feed_server))
    return application


def fetch_feeds(
    settings: Settings,
    tmp_path: Path,
    feeds: dict[str, tuple[str, str]],
    languages: dict[str, str] | None = None,
) -> App:
    """Serve ``feeds`` ({source id: (source title, RSS text)}) on 127.0.0.1 and fetch them
    all into a fresh database; ``languages`` declares some sources' language."""
    directory = tmp_path / "feeds"
    directory.mkdir()
    for source_id, (_, body) in feeds.items():
        (directory / f"{source_id}.rss").write_text(body, encoding="utf-8")
    with serve_directory(directory) as base_url:
        sources = tmp_path / "sources.yaml"
        sources.write_text("sources:\n" + "".join(
            f"  - {{id: {source_id}, title: {title}, url: '{base_url}/{source_id}.rss'"
            + (f", language: {languages[source_id]}" if source_id in (languages or {}) else "")
            + "}\n"
            for source_id, (title, _) in feeds.items()
        ))  # fmt: skip
        application = App(settings.model_copy(update={"sources": sources}))
        application.init_database()
        application.fetch(application.sources())
    return application


@pytest.fixture(scope="session")
def watchlists() -> WatchlistSet:
    return load_watchlists(WATCHLISTS)


@pytest.fixture
def feed_server() -> Iterator[str]:
    with serve_directory(EXAMPLE_FEEDS) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    """A PostgreSQL server for the session; the tests that need it skip when it is absent."""
    bindir = find_bindir()
    if bindir is None:
        if os.environ.get("REQUIRE_POSTGRES_TESTS"):
            pytest.fail("REQUIRE_POSTGRES_TESTS is set but no PostgreSQL binaries were found")
        pytest.skip("PostgreSQL binaries not found (install postgresql to run these tests)")
    with running_server(bindir) as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh empty database on each backend: a SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'monitor.db'}"
    admin_url = request.getfixturevalue("postgres_admin_url")
    name = f"test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture
def smtp() -> Iterator[tuple[int, RecordingHandler]]:
    """A real SMTP server on 127.0.0.1: (port, handler with ``received`` and ``replies``)."""
    with smtp_server() as server:
        yield server


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return load_settings(
        database_url=database_url,
        sources=EXAMPLE_SOURCES,
        watchlists=WATCHLISTS,
        out_dir=tmp_path / "out",
    )


@pytest.fixture
def app(settings: Settings) -> Iterator[App]:
    application = App(settings)
    application.init_database()
    yield application
    application.engine.dispose()
