"""The weekly digest: a period's developments, grouped by report section, rendered.

``build`` reads storage and returns a ``Digest`` (plain data); ``render`` turns it into HTML
and text with the templates. Each entry is a development: its lead item (the most
authoritative source, in English where there is one), then the other outlets and languages
that reported it ("also reported by"). Each section shows its best ``per_section``
developments; the web pages list the rest.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from monitor import outfiles
from monitor.developments.view import gather
from monitor.ingest.sanitize import shorten
from monitor.outputs.render import environment
from monitor.relevance.watchlists import LANGUAGES, WatchlistSet
from monitor.storage.repository import Repository
from monitor.types import Match, SourceStatus, StoredItem

SUMMARY_CHARS = 280
HIGHLIGHTS = 5
ALSO_SHOWN = 8  # outlets named under an entry of the e-mail; the web page lists them all
DOCUMENT_LINK = "https://undocs.org/{language}/{symbol}"


@dataclass(frozen=True, slots=True)
class DigestEntry:
    """One development under one section: its lead item, best match, and other reports."""

    item: StoredItem
    match: Match
    also: tuple[StoredItem, ...] = ()
    weight: tuple[int, int, int, float] = (1, 1, 0, 0.0)

    @property
    def summary(self) -> str:
        return shorten(self.item.summary_text, SUMMARY_CHARS)

    @property
    def languages(self) -> list[str]:
        return sorted({i.language or "und" for i in (self.item, *self.also)})

    @property
    def also_by_outlet(self) -> list[tuple[str, str | None, tuple[StoredItem, ...]]]:
        """The other reports as (outlet, language, its reports), an outlet and language once
        (in the order of their first report): "OPCW news (en, 2 reports)", not twice."""
        grouped: dict[tuple[str, str | None], list[StoredItem]] = {}
        for other in self.also:
            grouped.setdefault((other.source_title, other.language), []).append(other)
        return [(outlet, language, tuple(reports))
                for (outlet, language), reports in grouped.items()]  # fmt: skip


@dataclass(frozen=True, slots=True)
class DigestSection:
    id: str
    title: str
    entries: tuple[DigestEntry, ...]  # the developments shown, best first
    developments: int = 0  # all of the section's developments this period
    items: int = 0  # and their items

    @property
    def more(self) -> int:
        return self.developments - len(self.entries)


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
    more: int = 0  # its other developments, left to the web pages


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
    developments_in_period: int = 0
    web_url: str | None = None
    also_shown: int | None = None  # outlets named per entry ("and N more" for the rest)
    documents_more: int = 0  # new documents left out of the e-mail

    @property
    def broken_sources(self) -> tuple[SourceStatus, ...]:
        return tuple(s for s in self.sources if s.consecutive_failures > 0)

    @property
    def silent_sources(self) -> tuple[SourceStatus, ...]:
        return self._in_state("silent")

    @property
    def empty_sources(self) -> tuple[SourceStatus, ...]:
        """Sources that answered with no items (an empty channel, a search that finds nothing)."""
        return self._in_state("empty")

    @property
    def fallback_sources(self) -> tuple[SourceStatus, ...]:
        """Sources served by their fallback address (their own was blocked or empty)."""
        return self._in_state("fallback")

    def _in_state(self, state: str) -> tuple[SourceStatus, ...]:
        return tuple(s for s in self.sources if s.health(self.generated_for) == state)

    def counts(self) -> dict[str, int]:
        """Developments per section."""
        return {section.id: section.developments for section in self.sections}

    def item_counts(self) -> dict[str, int]:
        return {section.id: section.items for section in self.sections}

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
    per_section: int | None = None,
    web_url: str | None = None,
) -> Digest:
    """Read the items of the days ``since``..``until`` (inclusive) as developments, grouped
    by section; each section keeps its best ``per_section`` (all when ``None``)."""
    start, end = period_bounds(since, until)
    items = repository.items(start, end)
    developments = gather(items)
    entries = [
        DigestEntry(development.lead, match, development.others, development.weight)
        for development in developments
        for section in development.sections
        if (match := development.match(section)) is not None
    ]
    sections = []
    for section_id, title, title_zh in watchlists.sections():
        chosen = sorted((e for e in entries if e.match.section == section_id), key=_rank)
        shown = title_zh if language == "zh" and title_zh else title
        count = sum(1 + len(e.also) for e in chosen)
        sections.append(DigestSection(section_id, shown, tuple(chosen[:per_section]),
                                      len(chosen), count))  # fmt: skip
    highlights = _one_per_development(sorted(entries, key=_rank))
    canonical = [d.lead for d in developments]
    documents = _new_documents(repository, canonical, start)
    shown_documents = documents if per_section is None else documents[: per_section * 3]
    return Digest(
        since=since,
        until=until,
        sections=tuple(sections),
        highlights=tuple(highlights[:HIGHLIGHTS]),
        documents=shown_documents,
        processes=_process_activity(watchlists, entries, per_section),
        items_in_period=len(items),
        matched_items=sum(1 for item in items if item.matches),
        sources=tuple(repository.source_status()),
        generated_for=end,
        developments_in_period=sum(1 for d in developments if d.sections),
        web_url=web_url,
        also_shown=None if per_section is None else ALSO_SHOWN,
        documents_more=len(documents) - len(shown_documents),
    )


def _rank(entry: DigestEntry) -> tuple[float, ...]:
    """Best first: independent outlets, languages, authority, score; then newest."""
    outlets, languages, authority, best = entry.weight
    return (-outlets, -languages, -authority, -entry.match.score, -best,
            -entry.item.date.timestamp(), entry.item.id)  # fmt: skip


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
    watchlists: WatchlistSet, entries: Sequence[DigestEntry], limit: int | None = None
) -> tuple[ProcessActivity, ...]:
    """Each process's developments of the period, best first (its ``limit`` best)."""
    activity = []
    for watchlist in watchlists.watchlists:
        for process in watchlist.processes:
            hits = _one_per_development(
                sorted((e for e in entries if process.id in e.match.processes), key=_rank)
            )
            if hits:
                activity.append(
                    ProcessActivity(process.id, process.name, watchlist.section,
                                    process.paragraph, tuple(hits[:limit]),
                                    len(hits[limit:]) if limit is not None else 0)
                )  # fmt: skip
    return tuple(activity)


def _one_per_development(entries: Sequence[DigestEntry]) -> list[DigestEntry]:
    """The first of ``entries`` of each development, in their order (a development matched in
    several sections is highlighted, or listed under a process they all name, once)."""
    first: dict[int, DigestEntry] = {}
    for entry in entries:
        first.setdefault(entry.item.id, entry)
    return list(first.values())


def render(digest: Digest, templates: Path) -> tuple[str, str]:
    """The digest as (HTML, plain text) from the same context."""
    context = {"digest": digest}
    return (
        environment(templates).get_template("digest.html.j2").render(context),
        environment(templates, plain=True).get_template("digest.txt.j2").render(context),
    )


def write(digest: Digest, templates: Path, out_dir: Path) -> tuple[Path, Path]:
    """Render to ``out_dir/digest-<until>.html`` and ``.txt``; return both paths."""
    html, text = render(digest, templates)
    stem = outfiles.ensure_folder(out_dir) / f"digest-{digest.until:%Y-%m-%d}"
    html_path, text_path = stem.with_suffix(".html"), stem.with_suffix(".txt")
    outfiles.write_text(html_path, html)
    outfiles.write_text(text_path, text)
    return html_path, text_path
