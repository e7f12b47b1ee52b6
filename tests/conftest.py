"""Shared fixtures: settings on a temporary SQLite database, the recorded-feed server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from monitor.app import App
from monitor.config import PROJECT_ROOT, Settings, load_settings
from monitor.feedserver import serve_directory
from monitor.watchlists import WatchlistSet, load_watchlists

EXAMPLE_FEEDS = PROJECT_ROOT / "examples" / "feeds"
EXAMPLE_SOURCES = PROJECT_ROOT / "examples" / "sources.yaml"
WATCHLISTS = PROJECT_ROOT / "watchlists"


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No MONITOR_* variable or monitor.toml of the developer's leaks into a test."""
    import os

    for name in list(os.environ):
        if name.startswith("MONITOR_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("MONITOR_CONFIG", str(tmp_path / "absent-monitor.toml"))


@pytest.fixture(scope="session")
def watchlists() -> WatchlistSet:
    return load_watchlists(WATCHLISTS)


@pytest.fixture
def feed_server() -> Iterator[str]:
    with serve_directory(EXAMPLE_FEEDS) as base_url:
        yield base_url


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(
        database_url=f"sqlite:///{tmp_path / 'monitor.db'}",
        sources=EXAMPLE_SOURCES,
        watchlists=WATCHLISTS,
        out_dir=tmp_path / "out",
    )


@pytest.fixture
def app(settings: Settings) -> App:
    application = App(settings)
    application.init_database()
    return application
