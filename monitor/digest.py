"""The weekly digest: stored matches of a period, grouped by report section, rendered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from monitor.render import environment
from monitor.sanitize import shorten
from monitor.storage.repository import Repository
from monitor.types import Match, SourceStatus, StoredItem
from monitor.watchlists import WatchlistSet

SUMMARY_CHARS = 280


@dataclass(frozen=True, slots=True)
class DigestEntry:
    """One item under one section."""

    item: StoredItem
    match: Match

    @property
    def summary(self) -> str:
        return shorten(self.item.summary_text, SUMMARY_CHARS)


@dataclass(frozen=True, slots=True)
class DigestSection:
    id: str
    title: str
    entries: tuple[DigestEntry, ...]


@dataclass(frozen=True, slots=True)
class Digest:
    """Everything a digest shows; built from storage, rendered by templates."""

    since: date
    until: date
    sections: tuple[DigestSection, ...]
    items_in_period: int
    matched_items: int
    sources: tuple[SourceStatus, ...]

    @property
    def broken_sources(self) -> tuple[SourceStatus, ...]:
        return tuple(s for s in self.sources if s.consecutive_failures > 0)

    def counts(self) -> dict[str, int]:
        return {section.id: len(section.entries) for section in self.sections}


def period_bounds(since: date, until: date) -> tuple[datetime, datetime]:
    """The UTC instants ``[since 00:00, until+1 00:00)`` of a period of whole days."""
    start = datetime.combine(since, time(), tzinfo=UTC)
    return start, datetime.combine(until + timedelta(days=1), time(), tzinfo=UTC)


def build(repository: Repository, watchlists: WatchlistSet, since: date, until: date) -> Digest:
    """Read the items of the days ``since``..``until`` (inclusive), grouped by section."""
    items = repository.items(*period_bounds(since, until))
    sections = []
    for section_id, title, _title_zh in watchlists.sections():
        entries = [
            DigestEntry(item, match)
            for item in items
            for match in item.matches
            if match.section == section_id
        ]
        entries.sort(key=lambda e: (-e.match.score, -e.item.date.timestamp(), e.item.id))
        sections.append(DigestSection(section_id, title, tuple(entries)))
    return Digest(
        since=since,
        until=until,
        sections=tuple(sections),
        items_in_period=len(items),
        matched_items=sum(1 for item in items if item.matches),
        sources=tuple(repository.source_status()),
    )


def render(digest: Digest, templates: Path) -> tuple[str, str]:
    """The digest as (HTML, plain text) from the same context."""
    env = environment(templates)
    context = {"digest": digest}
    return (
        env.get_template("digest.html.j2").render(context),
        env.get_template("digest.txt.j2").render(context),
    )


def write(digest: Digest, templates: Path, out_dir: Path) -> tuple[Path, Path]:
    """Render to ``out_dir/digest-<until>.html`` and ``.txt``; return both paths."""
    html, text = render(digest, templates)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = out_dir / f"digest-{digest.until:%Y-%m-%d}"
    html_path, text_path = stem.with_suffix(".html"), stem.with_suffix(".txt")
    html_path.write_text(html, encoding="utf-8")
    text_path.write_text(text, encoding="utf-8")
    return html_path, text_path
