"""Which stored item a new one repeats (pure): same UN document, same page, or same story.

Rule order: a UN document symbol first (six language versions of one document are one item),
then the canonical URL (tracking parameters, scheme, ``www.`` and trailing slashes ignored),
then a near-identical title in the same language published within three days by another
source (rapidfuzz token-set ratio ≥ 92).
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from rapidfuzz import fuzz, process

from monitor.relevance import symbols

TITLE_SIMILARITY = 92
SAME_STORY_WINDOW = timedelta(days=3)
_WORD = re.compile(r"\w+")
_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ref", "cmpid")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A stored item a new one might repeat."""

    id: int
    source_id: str
    doc_symbol: str | None
    canonical_url: str | None
    title: str
    language: str | None
    date: datetime
    words: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # A backfill holds a year of candidates: share the strings many of them repeat, and
        # keep the words as a tuple (a third of a frozenset's size).
        object.__setattr__(self, "source_id", sys.intern(self.source_id))
        if self.language is not None:
            object.__setattr__(self, "language", sys.intern(self.language))
        object.__setattr__(self, "words", tuple(title_words(self.title)))


def title_words(title: str) -> frozenset[str]:
    """A title's distinct case-folded words (interned: titles share most of their words)."""
    return frozenset(map(sys.intern, _WORD.findall(title.casefold())))


def could_repeat(words: frozenset[str], other: Collection[str]) -> bool:
    """Cheap test before the fuzzy one: do two titles share at least half the words of the
    shorter (``other``: distinct words)? Near-identical titles always do; most unrelated
    ones fail here."""
    return 2 * len(words.intersection(other)) >= min(len(words), len(other))


def canonical_url(url: str | None) -> str | None:
    """``https://www.Example.org/a/?utm_source=x#top`` → ``example.org/a``."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    query = [(k, v) for k, v in parse_qsl(parts.query) if not k.lower().startswith(_TRACKING)]
    path = parts.path.rstrip("/") or ""
    return urlunsplit(("", host, path, urlencode(sorted(query)), "")).lstrip("/")


def day_ranges(days: Iterable[int]) -> list[tuple[int, int]]:
    """Day ordinals merged into runs of consecutive days, ``(first, last)`` inclusive."""
    ranges: list[tuple[int, int]] = []
    for day in sorted(set(days)):
        if ranges and day == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], day)
        else:
            ranges.append((day, day))
    return ranges


def nearby_days(date: datetime) -> range:
    """The day ordinals whose items may lie within ``SAME_STORY_WINDOW`` of ``date``."""
    day, days = date.toordinal(), SAME_STORY_WINDOW.days
    return range(day - days - 1, day + days + 2)


class DuplicateIndex:
    """Stored candidates indexed by symbol key, canonical URL, and language and day, for many
    lookups at once. ``loaded`` records the (language, day) buckets already read from storage,
    so one index can serve a batch of sources and grow with the items they add."""

    def __init__(self, candidates: Iterable[Candidate] = ()) -> None:
        self.by_symbol: dict[str, int] = {}
        self.by_url: dict[str, int] = {}
        self.by_day: dict[tuple[str | None, int], list[Candidate]] = defaultdict(list)
        self.ids: set[int] = set()
        self.loaded: set[tuple[str | None, int]] = set()
        for candidate in candidates:
            self.add(candidate)

    def add(self, candidate: Candidate) -> None:
        if candidate.id in self.ids:
            return
        self.ids.add(candidate.id)
        if candidate.doc_symbol:
            self.by_symbol.setdefault(symbols.key(candidate.doc_symbol), candidate.id)
        if candidate.canonical_url:
            self.by_url.setdefault(candidate.canonical_url, candidate.id)
        self.by_day[candidate.language, candidate.date.toordinal()].append(candidate)

    def find(
        self,
        source_id: str,
        doc_symbol: str | None,
        canonical: str | None,
        title: str,
        language: str | None,
        date: datetime,
    ) -> int | None:
        """The id of the stored item this one repeats, or ``None`` (``canonical``: the item's
        ``canonical_url``)."""
        if doc_symbol and (found := self.by_symbol.get(symbols.key(doc_symbol))) is not None:
            return found
        if canonical and (found := self.by_url.get(canonical)) is not None:
            return found
        words = title_words(title)
        nearby = [
            candidate
            for day in nearby_days(date)
            for candidate in self.by_day.get((language, day), ())
            if candidate.source_id != source_id
            and abs(candidate.date - date) <= SAME_STORY_WINDOW
            and could_repeat(words, candidate.words)
        ]
        if not nearby:
            return None
        nearby.sort(key=lambda candidate: candidate.id)
        best = process.extractOne(
            title.casefold(),
            [candidate.title.casefold() for candidate in nearby],
            scorer=fuzz.token_set_ratio,
            score_cutoff=TITLE_SIMILARITY,
        )
        return nearby[best[2]].id if best else None
