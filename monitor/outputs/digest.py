"""The weekly digest: a period's matched items, grouped by report section, rendered.

``build`` reads storage and returns a ``Digest`` (plain data); ``render`` turns it into HTML
and text with the templates. Duplicates (other language versions, other outlets) are folded
into the item they repeat and shown as "also reported by".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from monitor.ingest.sanitize import shorten
from monitor.outputs.render import environment
from monitor.relevance.watchlists import LANGUAGES, WatchlistSet
from monitor.storage.repository import Repository
from monitor.types import Match, SourceStatus, StoredItem

SUMMARY_CHARS = 280
HIGHLIGHTS = 5
DOCUMENT_LINK = "https://undocs.org/{language}/{symbol}"


@dataclass(frozen=True, slots=True)
class DigestEntry:
    """One item under one section, with the items that repeat it."""

    item: StoredItem
    match: Match
    also: tuple[StoredItem, ...] = ()

    @property
    def summary(self) -> str:
        return shorten(self.item.summary_text, SUMMARY_CHARS)

    @property
    def significance(self) -> float:
        """Score, plus a little for each other outlet and for being a UN document."""
        return self.match.score + 0.05 * len(self.also) + (0.1 if self.item.document else 0.0)


@dataclass(frozen=True, slots=True)
class DigestSection:
    id: str
    title: str
    entries: tuple[DigestEntry, ...]


@dataclass(frozen=True, slots=True)
class NewDocument:
    """A UN document symbol first cited this period."""

    symbol: str
    title: str
    body: str | None
    links: tuple[tuple[str, str], ...]
    cited_by: tuple[StoredItem, ...]


@dataclass(frozen=True, slots=True)
class ProcessActivity:
    """What one intergovernmental process the report cites did this period."""

    id: str
    name: str
    section: str
    paragraph: int
    entries: tuple[DigestEntry, ...]


@dataclass(frozen=True, slots=True)
class Digest:
    """Everything a digest shows; built from storage, rendered by templates."""

    since: date
    until: date
    sections: tuple[DigestSection, ...]
    highlights: tuple[DigestEntry, ...]
    documents: tuple[NewDocument, ...]
    processes: tuple[ProcessActivity, ...]
    items_in_period: int
    matched_items: int
    sources: tuple[SourceStatus, ...]
    generated_for: datetime

    @property
    def broken_sources(self) -> tuple[SourceStatus, ...]:
        return tuple(s for s in self.sources if s.consecutive_failures > 0)

    @property
    def silent_sources(self) -> tuple[SourceStatus, ...]:
        return tuple(s for s in self.sources if s.silent(self.generated_for))

    def counts(self) -> dict[str, int]:
        return {section.id: len(section.entries) for section in self.sections}

    def only(self, sections: Iterable[str]) -> Digest:
        """The same digest restricted to some sections (a recipient's subscription)."""
        wanted = set(sections)
        kept = tuple(s for s in self.sections if s.id in wanted)
        return replace(
            self,
            sections=kept,
            highlights=tuple(e for e in self.highlights if e.match.section in wanted),
            processes=tuple(p for p in self.processes if p.section in wanted),
            documents=tuple(
                d for d in self.documents
                if any(m.section in wanted for i in d.cited_by for m in i.matches)
            ),
        )  # fmt: skip


def period_bounds(since: date, until: date) -> tuple[datetime, datetime]:
    """The UTC instants ``[since 00:00, until+1 00:00)`` of a period of whole days."""
    start = datetime.combine(since, time(), tzinfo=UTC)
    return start, datetime.combine(until + timedelta(days=1), time(), tzinfo=UTC)


def build(
    repository: Repository,
    watchlists: WatchlistSet,
    since: date,
    until: date,
    language: str = "en",
) -> Digest:
    """Read the items of the days ``since``..``until`` (inclusive), grouped by section."""
    start, end = period_bounds(since, until)
    items = repository.items(start, end)
    canonical, repeats = _fold_duplicates(items)
    entries = [
        DigestEntry(item, match, repeats.get(item.id, ()))
        for item in canonical
        for match in item.matches
    ]
    sections = []
    for section_id, title, title_zh in watchlists.sections():
        chosen = sorted((e for e in entries if e.match.section == section_id), key=_rank)
        shown = title_zh if language == "zh" and title_zh else title
        sections.append(DigestSection(section_id, shown, tuple(chosen)))
    best_per_item: dict[int, DigestEntry] = {}
    for entry in sorted(entries, key=lambda e: -e.significance):
        best_per_item.setdefault(entry.item.id, entry)
    highlights = sorted(best_per_item.values(), key=lambda e: (-e.significance, e.item.id))
    return Digest(
        since=since,
        until=until,
        sections=tuple(sections),
        highlights=tuple(highlights[:HIGHLIGHTS]),
        documents=_new_documents(repository, canonical, start),
        processes=_process_activity(watchlists, entries),
        items_in_period=len(items),
        matched_items=sum(1 for item in items if item.matches),
        sources=tuple(repository.source_status()),
        generated_for=end,
    )


def _rank(entry: DigestEntry) -> tuple[float, float, int]:
    return (-entry.match.score, -entry.item.date.timestamp(), entry.item.id)


def _fold_duplicates(
    items: Sequence[StoredItem],
) -> tuple[list[StoredItem], dict[int, tuple[StoredItem, ...]]]:
    by_id = {item.id: item for item in items}
    repeats: dict[int, list[StoredItem]] = defaultdict(list)
    canonical = []
    for item in items:
        if item.duplicate_of is not None and item.duplicate_of in by_id:
            repeats[item.duplicate_of].append(item)
        else:
            canonical.append(item)
    return canonical, {k: tuple(v) for k, v in repeats.items()}


def _new_documents(
    repository: Repository, items: Sequence[StoredItem], start: datetime
) -> tuple[NewDocument, ...]:
    matched = [item for item in items if item.matches]
    cited: dict[str, list[StoredItem]] = defaultdict(list)
    for item in matched:
        for symbol in item.symbols or ((item.document.symbol,) if item.document else ()):
            cited[symbol].append(item)
    seen_before = repository.symbols_cited_before(start, cited)
    records = repository.documents(cited)
    documents = []
    for symbol in sorted(set(cited) - seen_before):
        record = records.get(symbol)
        links = (
            record.document.links
            if record and record.document and record.document.links
            else tuple((lang, DOCUMENT_LINK.format(language=lang, symbol=symbol))
                       for lang in LANGUAGES)
        )  # fmt: skip
        documents.append(
            NewDocument(
                symbol=symbol,
                title=record.title if record else cited[symbol][0].title,
                body=record.document.body if record and record.document else None,
                links=links,
                cited_by=tuple(cited[symbol]),
            )
        )
    return tuple(documents)


def _process_activity(
    watchlists: WatchlistSet, entries: Sequence[DigestEntry]
) -> tuple[ProcessActivity, ...]:
    activity = []
    for watchlist in watchlists.watchlists:
        for process in watchlist.processes:
            hits = sorted((e for e in entries if process.id in e.match.processes), key=_rank)
            if hits:
                activity.append(
                    ProcessActivity(process.id, process.name, watchlist.section,
                                    process.paragraph, tuple(hits))
                )  # fmt: skip
    return tuple(activity)


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
