"""Draft update notes for the next report: per section and paragraph, what changed, cited.

``build`` reads the cycle's matches and the reviews (pure data out); the renderers write
Markdown and HTML from ``templates/`` and DOCX with python-docx. Accepted items come first;
unreviewed items with a high score are included and flagged; rejected ones never appear; moved
ones appear where the reviewer put them. The same database gives the same notes, byte for byte.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from monitor.developments.lead import lead
from monitor.ingest.sanitize import shorten
from monitor.outputs.citations import cite
from monitor.outputs.digest import period_bounds
from monitor.outputs.render import environment
from monitor.relevance.watchlists import Watchlist, WatchlistSet
from monitor.storage.repository import Repository
from monitor.storage.reviews import Review
from monitor.types import MatchSummary, StoredItem

HIGH_SCORE = 0.8
MAX_UNREVIEWED = 8  # per paragraph: the best-scoring unreviewed items; reviewed ones all


@dataclass(frozen=True, slots=True)
class Development:
    """One drafted development: its items (first is the lead), footnote numbers, state."""

    text: str
    items: tuple[StoredItem, ...]
    footnotes: tuple[int, ...]
    reviewed: bool


@dataclass(frozen=True, slots=True)
class ParagraphNotes:
    number: int
    topic: str
    developments: tuple[Development, ...]
    more: int = 0  # unreviewed high-scoring items left out (``MAX_UNREVIEWED``)


@dataclass(frozen=True, slots=True)
class ProcessNotes:
    name: str
    paragraph: int
    developments: tuple[Development, ...]
    symbols: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SectionNotes:
    id: str
    title: str
    level: int  # 2 for a section, 3 for a subsection
    paragraphs: tuple[ParagraphNotes, ...]
    processes: tuple[ProcessNotes, ...]
    candidates: tuple[Development, ...]
    footnotes: tuple[tuple[int, str], ...]
    more_candidates: int = 0
    parent: str = ""  # the top-level section
    continued: bool = False  # a section's processes after its subsections: no heading again
    has_subsection_content: bool = False

    @property
    def has_content(self) -> bool:
        return bool(self.paragraphs or self.processes or self.candidates)

    @property
    def shown(self) -> bool:
        """Whether the heading is written: for its own content or its subsections'."""
        return not self.continued and (self.has_content or self.has_subsection_content)


HEADINGS = {
    "en": {"processes": "Relevant intergovernmental processes",
           "candidates": "Candidate new topics", "notes": "Notes",
           "more": "further unreviewed items with a high score are in the monitor"},
    "zh": {"processes": "相关政府间进程、机构和文书", "candidates": "可能的新议题", "notes": "注",
           "more": "条未审阅的高分条目见监测系统"},
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Notes:
    cycle_start: date
    until: date
    sections: tuple[SectionNotes, ...]
    footnote_count: int
    language: str = "en"

    @property
    def headings(self) -> dict[str, str]:
        """The fixed headings in the report's language (the Chinese edition's wording)."""
        return HEADINGS.get(self.language, HEADINGS["en"])

    @property
    def paragraphs_covered(self) -> int:
        return sum(len(s.paragraphs) for s in self.sections)

    @property
    def processes_covered(self) -> int:
        return sum(len(s.processes) for s in self.sections)

    @property
    def developments_covered(self) -> int:
        """Distinct developments drafted (under a paragraph or as a candidate topic)."""
        return len({
            d.items[0].development or -d.items[0].id
            for s in self.sections
            for d in (*s.candidates, *(d for p in s.paragraphs for d in p.developments))
        })  # fmt: skip

    @property
    def items_covered(self) -> int:
        return len({
            item.id
            for s in self.sections
            for d in (*s.candidates, *(d for p in s.paragraphs for d in p.developments))
            for item in d.items
        })  # fmt: skip


@dataclass
class _Placed:
    """An item placed under a section (and paragraph), with its review state."""

    item: StoredItem
    score: float
    paragraph: int | None
    processes: tuple[str, ...]
    reviewed: bool
    also: list[StoredItem] = field(default_factory=list)
    development: int | None = None


def build(
    repository: Repository,
    watchlists: WatchlistSet,
    reviews: dict[tuple[int, str], Review],
    cycle_start: date,
    until: date,
    language: str = "en",
) -> Notes:
    """Collect the cycle's developments per section, paragraph and process, with footnotes.

    Chooses on match summaries first (``_choose``), then reads only the chosen items and the
    items that repeat them: a year of matches stays quick to draft from.
    """
    since, end = period_bounds(cycle_start, until)
    summaries = repository.match_summaries(since, end, HIGH_SCORE, MAX_UNREVIEWED)
    chosen, more = _choose(watchlists, reviews, summaries)
    ids = {placement.item_id for placements in chosen.values() for placement in placements}
    items = {item.id: item for item in repository.items(since, end, ids=ids)} if ids else {}
    reports = _reports(repository, since, end, items.values())
    counter = _Counter()
    sections = []
    for watchlist in watchlists.watchlists:
        title = watchlist.title_zh if language == "zh" and watchlist.title_zh else watchlist.title
        placed = [_placed(items[p.item_id], p, reports) for p in chosen.get(watchlist.id, [])
                  if p.item_id in items]  # fmt: skip
        entries = sorted(_one_per_development(placed), key=_order)
        sections.append(_section(watchlist, title, entries, more.get(watchlist.id, {}), counter))
    return Notes(cycle_start, until, _in_report_order(sections), counter.value, language)


def _in_report_order(sections: list[SectionNotes]) -> tuple[SectionNotes, ...]:
    """Every section with content keeps its heading (also when only its subsections have
    content), and a section's processes follow its subsections, as in the report."""
    ordered: list[SectionNotes] = []
    parents = {s.id for s in sections if s.level == 2}
    for section in sections:
        if section.level != 2:
            if section.parent not in parents:
                ordered.append(section)
            continue
        children = [s for s in sections if s.parent == section.id and s.level == 3]
        below = any(child.has_content for child in children)
        if children and section.processes:
            ordered.append(replace(section, processes=(), has_subsection_content=below))
            ordered.extend(children)
            ordered.append(replace(section, paragraphs=(), candidates=(), footnotes=(),
                                   more_candidates=0, continued=True))  # fmt: skip
        else:
            ordered.append(replace(section, has_subsection_content=below))
            ordered.extend(children)
    return tuple(ordered)


def _reports(
    repository: Repository, since: datetime, end: datetime, chosen: Iterable[StoredItem]
) -> dict[int, list[StoredItem]]:
    """Every item of the cycle reporting the developments of the chosen items, by
    development (an item without one stands for itself)."""
    wanted = {item.development for item in chosen if item.development is not None}
    found: dict[int, list[StoredItem]] = defaultdict(list)
    for item in repository.items(since, end, developments=wanted) if wanted else ():
        found[item.development or 0].append(item)
    return found


def _placed(
    item: StoredItem, placement: _Placement, reports: dict[int, list[StoredItem]]
) -> _Placed:
    """A chosen match as a drafted development: its lead item first, the others after."""
    group = reports.get(item.development, [item]) if item.development is not None else [item]
    first = lead(group)
    also = sorted((i for i in group if i.id != first.id), key=lambda i: (i.date, i.id))
    return _Placed(first, placement.score, placement.paragraph, placement.processes,
                   placement.reviewed, also, item.development)  # fmt: skip


def _one_per_development(placed: list[_Placed]) -> list[_Placed]:
    """One entry per development in a section: its reviewed or best-scoring placement."""
    kept: dict[object, _Placed] = {}
    for entry in sorted(placed, key=lambda e: (not e.reviewed, -e.score, e.item.id)):
        kept.setdefault(entry.development or ("item", entry.item.id), entry)
    return list(kept.values())


@dataclass(frozen=True, slots=True)
class _Placement:
    """Where one match goes in the notes, before its item is read."""

    item_id: int
    score: float
    paragraph: int | None
    processes: tuple[str, ...]
    reviewed: bool
    date: datetime


def _choose(
    watchlists: WatchlistSet,
    reviews: dict[tuple[int, str], Review],
    summaries: list[MatchSummary],
) -> tuple[dict[str, list[_Placement]], dict[str, dict[int | None, int]]]:
    """Per watchlist, the placements to draft (every reviewed one, then the best-scoring
    unreviewed ones, ``MAX_UNREVIEWED`` per paragraph) and per paragraph how many were left
    out. Rejected matches are dropped; moved ones go where the reviewer put them."""
    groups: dict[tuple[str, int | None], list[_Placement]] = defaultdict(list)
    sizes: dict[tuple[str, int | None], dict[tuple[str, str | None, tuple[int, ...]], int]] = (
        defaultdict(dict)
    )
    # A decision on one item of a development is the development's (the latest counts).
    by_development: dict[tuple[int, str], Review] = {}
    for summary in summaries:
        review = reviews.get((summary.item_id, summary.section)) if summary.reviewed else None
        if review is not None and summary.development is not None:
            key = (summary.development, summary.section)
            if key not in by_development or by_development[key].decided_at < review.decided_at:
                by_development[key] = review
    for summary in summaries:
        review = reviews.get((summary.item_id, summary.section)) if summary.reviewed else None
        if review is None and summary.development is not None:
            review = by_development.get((summary.development, summary.section))
        if review is not None and review.decision == "rejected":
            continue
        section, paragraph = summary.section, (summary.paragraphs or (None,))[0]
        if review is not None and review.decision == "moved":
            section, paragraph = review.target_section or section, review.target_paragraph
        target = _leaf_for(watchlists, section, paragraph, summary.subsection)
        groups[target, paragraph].append(
            _Placement(summary.item_id, summary.score, paragraph, summary.processes,
                       review is not None, summary.date)
        )  # fmt: skip
        if review is None:
            key = (summary.section, summary.subsection, summary.paragraphs)
            sizes[target, paragraph][key] = summary.group_size
    chosen: dict[str, list[_Placement]] = defaultdict(list)
    more: dict[str, dict[int | None, int]] = defaultdict(dict)
    for (target, paragraph), placements in groups.items():
        reviewed = [p for p in placements if p.reviewed]
        unreviewed = sorted((p for p in placements if not p.reviewed),
                            key=lambda p: (-p.score, -p.date.timestamp(), p.item_id))  # fmt: skip
        chosen[target] += reviewed + unreviewed[:MAX_UNREVIEWED]
        left_out = sum(sizes[target, paragraph].values()) - min(len(unreviewed), MAX_UNREVIEWED)
        if left_out > 0:
            more[target][paragraph] = left_out
    return chosen, more


def _leaf_for(
    watchlists: WatchlistSet, section: str, paragraph: int | None, sub: str | None
) -> str:
    """The watchlist (section or subsection) whose paragraph range holds ``paragraph``."""
    if paragraph is not None:
        for watchlist in watchlists.watchlists:
            first, last = watchlist.paragraphs
            if (
                watchlist.section == section
                and watchlist.id != section
                and first <= paragraph <= last
            ):
                return watchlist.id
    return sub or section


def _order(entry: _Placed) -> tuple[int, int, float, str, int]:
    return (entry.paragraph or 0, 0 if entry.reviewed else 1, -entry.score,
            entry.item.date.isoformat(), entry.item.id)  # fmt: skip


class _Counter:
    def __init__(self) -> None:
        self.value = 0

    def next(self) -> int:
        self.value += 1
        return self.value


def _section(
    watchlist: Watchlist,
    title: str,
    entries: list[_Placed],
    more: dict[int | None, int],
    counter: _Counter,
) -> SectionNotes:
    footnotes: list[tuple[int, str]] = []
    topics = {topic.paragraph: topic.label for topic in reversed(watchlist.topics)}

    def develop(entry: _Placed) -> Development:
        group = [entry.item, *entry.also]
        numbers = []
        for item in group:
            number = counter.next()
            footnotes.append((number, cite(item)))
            numbers.append(number)
        return Development(_draft(entry), tuple(group), tuple(numbers), entry.reviewed)

    paragraphs: dict[int, list[Development]] = defaultdict(list)
    candidates = []
    for entry in entries:
        if entry.paragraph is None:
            candidates.append(develop(entry))
        else:
            paragraphs[entry.paragraph].append(develop(entry))
    processes = []
    for process in watchlist.processes:
        hits = [e for e in entries if process.id in e.processes]
        if hits:
            processes.append(ProcessNotes(
                process.name, process.paragraph,
                tuple(Development(_draft(e), (e.item,), (), e.reviewed) for e in hits),
                tuple(sorted({s for e in hits for s in e.item.symbols})),
            ))  # fmt: skip
    return SectionNotes(
        id=watchlist.id,
        title=title,
        level=2 if watchlist.id == watchlist.section else 3,
        paragraphs=tuple(
            ParagraphNotes(number, topics.get(number, ""), tuple(devs), more.get(number, 0))
            for number, devs in sorted(paragraphs.items())
        ),
        processes=tuple(processes),
        candidates=tuple(candidates),
        footnotes=tuple(footnotes),
        more_candidates=more.get(None, 0),
        parent=watchlist.section,
    )


def _draft(entry: _Placed) -> str:
    """A first sentence for the drafters: who reported what, when (marked as a draft)."""
    item = entry.item
    outlets = [item.source_title, *(other.source_title for other in entry.also)]
    reporters = ", ".join(dict.fromkeys(outlets))
    when = f"{item.date.day} {item.date:%B %Y}"
    sentence = _close(f"{reporters} reported on {when}: {item.title}")
    summary = _first_sentence(item.summary_text)
    return f"{sentence} {_close(summary)}" if summary else sentence


def _first_sentence(text: str) -> str:
    first = re.split(r"(?<=[.!?。！？])\s+|(?<=[。！？])", text.strip(), maxsplit=1)[0]
    return shorten(first, 300)


def _close(text: str) -> str:
    return text if text.endswith((".", "!", "?", "。", "！", "？", "…")) else f"{text}."


def render(notes: Notes, templates: Path, fmt: str) -> str:
    """Markdown or HTML from the templates."""
    template = {"md": "notes.md.j2", "html": "notes.html.j2"}[fmt]
    return environment(templates, markdown=fmt == "md").get_template(template).render(notes=notes)


def write_docx(notes: Notes, path: Path) -> None:
    """A Word document: the report's headings, numbered paragraphs, notes after each section."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.add_heading("Draft update notes for the report on current developments in "
                         "science and technology", level=1)  # fmt: skip
    document.add_paragraph(f"Cycle {notes.cycle_start} to {notes.until}. Every development "
                           "below is a draft built from monitored items.")  # fmt: skip
    for section in notes.sections:
        if section.shown:
            document.add_heading(f"{section.id}. {section.title}", level=section.level)
        for paragraph in section.paragraphs:
            for development in paragraph.developments:
                text = document.add_paragraph(style="List Number")
                text.add_run(f"¶{paragraph.number} {paragraph.topic}: ").bold = True
                text.add_run(_flagged(development))
                marks = text.add_run(",".join(str(n) for n in development.footnotes))
                marks.font.superscript = True
            if paragraph.more:
                document.add_paragraph(f"¶{paragraph.number}: {paragraph.more} "
                                       f"{notes.headings['more']}.", style="List Bullet")  # fmt: skip
        if section.processes:
            document.add_heading(notes.headings["processes"], level=4)
            for process in section.processes:
                line = document.add_paragraph(style="List Bullet")
                line.add_run(f"{process.name} (¶{process.paragraph}): ").bold = True
                line.add_run("; ".join(d.items[0].title for d in process.developments))
        if section.candidates:
            document.add_heading(notes.headings["candidates"], level=4)
            for development in section.candidates:
                document.add_paragraph(_flagged(development), style="List Bullet")
            if section.more_candidates:
                document.add_paragraph(f"{section.more_candidates} {notes.headings['more']}.",
                                       style="List Bullet")  # fmt: skip
        if section.footnotes:
            document.add_heading(notes.headings["notes"], level=4)
            for number, text in section.footnotes:
                note = document.add_paragraph(f"{number} {text}")
                note.runs[0].font.size = Pt(9)
    document.save(str(path))


def _flagged(development: Development) -> str:
    flag = "" if development.reviewed else " [unreviewed]"
    return f"[Draft{flag}] {development.text}"
