"""The demo: the whole job on the bundled sample feeds, served on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from monitor.app import App
from monitor.config import PROJECT_ROOT
from monitor.ingest.feedserver import serve_directory
from monitor.outputs import digest, notes
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
    notes: Path
    notes_docx: Path
    paragraphs_covered: int
    processes_covered: int
    developments: int = 0


def run(app: App, progress: Callable[[SourceOutcome], None] | None = None) -> DemoResult:
    """Init the database, fetch every sample feed, write the digest of the data's last week
    and the draft notes of the cycle (since the last report) up to that week."""
    app.init_database()
    with serve_directory(DEMO_FEEDS) as base_url:
        sources = app.sources(base_url)
        outcomes = app.fetch(sources, progress=progress)
    repository = app.repository()
    items = repository.items()
    until = max((item.date.date() for item in items), default=date.today())
    since = until - timedelta(days=6)
    built = digest.build(repository, app.watchlists, since, until, app.settings.report_language,
                         app.settings.digest_per_section, app.settings.web_url)  # fmt: skip
    html, text = digest.write(built, app.settings.templates, app.settings.out_dir)
    drafted = notes.build(repository, app.watchlists, app.reviews.all(),
                          app.settings.cycle_start, until)  # fmt: skip
    notes_path = app.settings.out_dir / f"notes-{until}.md"
    notes_path.write_text(notes.render(drafted, app.settings.templates, "md"), encoding="utf-8")
    docx_path = notes_path.with_suffix(".docx")
    notes.write_docx(drafted, docx_path)
    return DemoResult(outcomes, len(items), since, until, built.counts(), html, text,
                      notes_path, docx_path, drafted.paragraphs_covered,
                      drafted.processes_covered,
                      len({item.development for item in items}))  # fmt: skip
