"""The demo: the whole job on the bundled sample feeds, served on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from monitor import digest
from monitor.app import App
from monitor.config import PROJECT_ROOT
from monitor.feedserver import serve_directory
from monitor.types import SourceOutcome

EXAMPLES = PROJECT_ROOT / "examples"
DEMO_SOURCES = EXAMPLES / "sources.yaml"
DEMO_FEEDS = EXAMPLES / "feeds"


@dataclass(frozen=True, slots=True)
class DemoResult:
    outcomes: list[SourceOutcome]
    items_stored: int
    since: date
    until: date
    counts: dict[str, int]
    html: Path
    text: Path


def run(app: App, progress: Callable[[SourceOutcome], None] | None = None) -> DemoResult:
    """Init the database, fetch every sample feed, write the digest of the data's last week."""
    app.init_database()
    with serve_directory(DEMO_FEEDS) as base_url:
        sources = app.sources(base_url)
        outcomes = app.fetch(sources, progress=progress)
    repository = app.repository()
    items = repository.items()
    until = max((item.date.date() for item in items), default=date.today())
    since = until - timedelta(days=6)
    built = digest.build(repository, app.watchlists, since, until)
    html, text = digest.write(built, app.settings.templates, app.settings.out_dir)
    return DemoResult(outcomes, len(items), since, until, built.counts(), html, text)
