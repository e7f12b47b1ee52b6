"""Which development a new item reports (pure): one event, many outlets, six languages.

An item is reduced to a ``Signature`` (``signature.py``) of language-independent signals (UN
document symbols, the draft symbols of votes, the matcher's evidence labels and processes,
session numbers, places and kinds of meeting) and of its own words (title and summary, per
language). A development is the union of its items' signatures (a ``Profile``), bounded in
size.

Rule order, for one item against one candidate development:
1. Window: the development with the item spans at most ``WINDOW_DAYS`` (14) days.
2. Vetoes (a different event of the same kind): two different UN documents; different draft
   symbols (``L.`` documents: separate votes), also when an item names the draft by its
   number alone ("L.27"); different session numbers where both name one;
   when the item's headline names a city and the development names only others, and nothing
   else ties them (two incidents; a summary's "Paris, Berlin and London condemn" names
   governments, not where it happened), or
   both name weapons, satellites or models (``system:`` entities) and none is shared (two
   tests, two releases; ``prize:`` ids likewise), or both name what a news event is about
   (``news:`` entities: a hospital, a nuclear test, ransomware) and none is shared, or both
   name kinds of meeting and none is shared (a working group and the meeting of the States
   parties a week later): a penalty rather than a veto.
3. Affinity: the log-odds that the item belongs to the development, a weighted sum of
   ``FEATURES``: a shared document symbol or draft symbol; a shared session number; shared
   evidence labels and processes (the watchlists map six languages onto the same topics),
   counted by how many of the development's items carry them and fading after a few days;
   shared kinds of meeting, places, bodies, systems, figures (counts written out: "30 тысяч"
   is 30000), acronyms and Latin names (``entities*.yaml`` name them in six languages), and
   names alike in sound across Latin and Cyrillic script (``sounds.py``); in the same
   language, the share of the shorter title's words found in the other's (and of the whole
   texts'); a name, place, body,
   system, prize or subject that no other development of the window carries (a rare tie:
   what a commentary a week later shares with its event beyond the topic); the penalties of
   rule 2 (another city, system, kind of meeting, name or number; the same outlet again); the
   days between them; whether the item is commentary more than two days after the
   development began or ended (an analysis of the event, ``commentary.py``). The weights are
   learned from the labelled developments of ``tests/data/developments`` (``learning.py``,
   ``monitor developments learn``) and shipped in ``weights.json``. One vote is one development: a shared draft symbol (or its number)
   joins whatever the other terms say; a pair that shares no content is never joined, unless
   it names one kind of meeting within ``MEETING_DAYS`` (two reports of the Security Council's
   session the same day, in languages whose topics the watchlists did not both find; the
   weights then decide).
4. The candidate with the highest affinity at or above ``JOIN_AT`` (even odds) is joined
   (ties: the most recent, then the lowest id); otherwise the item starts a development.

Candidates come from an inverted index of ``keys`` (symbols, the canonical URL, evidence
label with a session number, place or kind of meeting, names, and pairs of title words; a
Latin name finds candidates only in a Russian, Chinese or Arabic text, where it is surely a
name, or when a headline not written in title case says it: "Kanagawa arrest revives…"),
each key keeping its most recent developments only, so the work per item does not grow with
the database.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import combinations
from operator import itemgetter
from pathlib import Path
from typing import Any

from monitor.developments.signature import (
    DRAFT_SYMBOL,
    OTHER_SCRIPTS,
    Signature,
    cities_of,
    entities_of_kind,
)
from monitor.developments.sounds import sound_keys
from monitor.errors import ConfigError

WINDOW_DAYS = 14
MEETING_DAYS = 1  # a kind of meeting shared this close may tie a pair with nothing else shared
JOIN_AT = 0.0  # log-odds: an item joins a development it more likely belongs to than not
WEIGHTS_PATH = Path(__file__).with_name("weights.json")
KEY_POSTINGS = 8  # developments kept per key in memory (the most recent)
KEY_SLOTS = 16  # developments kept per key in storage (slot: the id modulo this)
CANDIDATES = 8  # developments scored per item (those sharing the rarest keys)
PROFILE_WORDS = 80  # words kept per language in a development's profile
TITLE_PAIR_WORDS = 5  # the title's first distinct content words that form key pairs
SUPPORT_KEYS = 200  # language-independent features counted per development
RARE_DEVELOPMENTS = 1  # a key no other development of the window carries
NAME_KEY = "l:"  # index keys of Latin-script names: for rarity, not for finding candidates
NAMED = ("system:", "prize:")  # named things of which two are two events (tests, releases)
RARE_KINDS = ("place:", "subject:", *NAMED)  # entities that count as rare ties (not countries)
TOPIC_DAYS = 10  # a shared topic alone counts for nothing this many days from the development


@dataclass(frozen=True, slots=True)
class Profile:
    """A development as grouping sees it: the union of its items' signatures."""

    id: int
    first_day: int
    last_day: int
    size: int
    doc_symbols: frozenset[str] = frozenset()
    symbols: frozenset[str] = frozenset()
    drafts: frozenset[str] = frozenset()
    concepts: frozenset[str] = frozenset()
    sessions: frozenset[int] = frozenset()
    places: frozenset[str] = frozenset()
    meetings: frozenset[str] = frozenset()
    words: dict[str, frozenset[str]] = field(default_factory=dict)
    title_words: dict[str, frozenset[str]] = field(default_factory=dict)
    figures: frozenset[str] = frozenset()
    acronyms: frozenset[str] = frozenset()
    title_sessions: frozenset[int] = frozenset()
    names: dict[str, frozenset[str]] = field(default_factory=dict)
    latin_names: frozenset[str] = frozenset()
    title_figures: dict[str, frozenset[str]] = field(default_factory=dict)
    sounds: frozenset[str] = frozenset()
    news: frozenset[str] = frozenset()
    support: dict[str, int] = field(default_factory=dict)  # how many items have a feature

    def share(self, kind: str, values: Iterable[object]) -> float:
        """How many of the development's items carry these features, as a share of its
        items: the best of them (a feature one stray item brought counts little)."""
        counts = [self.support.get(f"{kind}:{v}", 0) for v in values]
        return max(counts, default=0) / max(self.size, 1)


def keys(sig: Signature) -> set[str]:
    """The index keys under which an item (and its development) is found."""
    found = {f"sym:{s}" for s in sig.symbols}
    found.update(f"ln:{n}" for n in sig.draft_numbers | _draft_numbers(sig.drafts))
    if sig.url:
        found.add(f"url:{sig.url}")
    anchors = [f"n:{n}" for n in sig.sessions] + sorted(sig.places | sig.meetings)
    for concept in sig.concepts:
        found.update(f"c:{concept}|{anchor}" for anchor in anchors)
    found.update(f"m:{m}|n:{n}" for m in sig.meetings for n in sig.sessions)
    for a, b in combinations(sorted(sig.concepts), 2):
        found.add(f"cc:{a}|{b}")
    found.update(f"c:{concept}" for concept in sig.concepts)
    found.update(f"e:{e}" for e in sig.places | sig.meetings)
    found.update(f"f:{figure}" for figure in sig.figures)
    found.update(f"a:{acronym}" for acronym in sig.acronyms)
    found.update(f"{NAME_KEY}{name.casefold()}" for name in sig.latin_names)
    title = sorted(sig.title_words)[:TITLE_PAIR_WORDS]
    found.update(f"w:{sig.language}:{a}|{b}" for a, b in combinations(sorted(title), 2))
    return found


FEATURES = (
    "draft",  # one vote: a shared draft symbol, or its number ("L.27") named alone
    "symbol",  # another shared document symbol
    "session",  # a shared session number
    "topic",  # shared evidence labels and processes, by how many items carry them, fading
    "topic_overlap",  # the same, times the share of the item's topics that are shared
    "meeting",  # shared kinds of meeting
    "place",  # shared places, bodies, systems, subjects
    "topic_place_near",  # the same subject in the same place on the same days
    "other_city",  # the item's headline names cities, the development others
    "other_system",  # both name systems (weapons, satellites, models) or prizes, none shared
    "other_name",  # the headlines name other names or numbers
    "meeting_mismatch",  # a meeting and something that is none
    "other_meeting",  # both name kinds of meeting, none shared
    "figure",  # shared numbers other than years
    "acronym",  # shared Latin capitals
    "near",  # within two days of the development
    "same_source",  # the outlet already reported in the development
    "latin_name",  # shared capitalised Latin names
    "title_words",  # share of the shorter headline's words in the other (same language)
    "text_words",  # the same for the headline and summary
    "same_language",  # the development has items in the item's language
    "rare_ties",  # names, places, bodies no other development of the window carries (≤ 2)
    "gap",  # days from the development, as a share of the window
    "title_body",  # a body the item's headline names is in the development
    "title_name",  # a Latin name the item's headline says is in the development
    "sound_name",  # names alike in sound, not in letters (Трамп and Trump; Rosengård, Rosengard)
    "other_news",  # both name subjects of news events, none shared
    "commentary",  # the item is commentary (``commentary.py``) on a development days older
    "topics_shared",  # how many evidence labels and processes are shared (up to 3, as a share)
)


def affinity(sig: Signature, dev: Profile, rarity: Mapping[str, int] | None = None) -> float | None:
    """How strongly an item belongs to a development, as log-odds (``JOIN_AT`` is even odds);
    ``None`` when a rule rules it out (rule 2). The weights of ``features`` are learned
    (``learning.py``) and shipped in ``weights.json``."""
    found = features(sig, dev, rarity)
    if found is None:
        return None
    bias, weights = learned_weights()
    score = bias + sum(w * x for w, x in zip(weights, found, strict=True))
    return max(score, JOIN_AT) if found[_DRAFT_TIE] else score  # one vote: one development


def features(
    sig: Signature, dev: Profile, rarity: Mapping[str, int] | None = None
) -> tuple[float, ...] | None:
    """The terms of ``affinity`` (``FEATURES``, in order), unweighted; ``None`` when a veto
    rules the development out (rule 2). ``rarity`` gives, per index key of the item, how many
    developments of the window carry it: a name or place only this one carries is a rare tie."""
    first, last = min(dev.first_day, sig.day), max(dev.last_day, sig.day)
    if last - first > WINDOW_DAYS:
        return None
    if sig.doc_symbol and dev.doc_symbols and sig.doc_symbol not in dev.doc_symbols:
        return None
    if sig.drafts and dev.drafts and not sig.drafts & dev.drafts:
        return None
    numbered = bool(sig.draft_numbers and not sig.drafts and dev.drafts)
    if numbered and not sig.draft_numbers & _draft_numbers(dev.drafts):
        return None  # "L.27" and a development of another vote
    if sig.title_sessions and dev.title_sessions and not sig.title_sessions & dev.title_sessions:
        return None
    gap = (
        0
        if dev.first_day <= sig.day <= dev.last_day
        else min(abs(sig.day - dev.first_day), abs(sig.day - dev.last_day))
    )
    near = gap <= 2
    shared_symbols = sig.symbols & dev.symbols
    tied = bool(shared_symbols) or numbered  # one document or one vote: other rules yield
    draft = bool(sig.drafts & dev.drafts or numbered)
    concepts = sig.concepts & dev.concepts
    topic = topic_overlap = 0.0
    if concepts:
        overlap = len(concepts) / min(len(sig.concepts), len(dev.concepts))
        fading = max(0.0, 1.0 - max(gap - 2, 0) / TOPIC_DAYS)  # a topic says less as days pass
        topic = dev.share("c", concepts) * fading
        topic_overlap = overlap * topic
    places = sig.places & dev.places
    latin = sig.latin_names & dev.latin_names
    sounds = sig.sounds & dev.sounds  # alike in sound; those alike in letters count as ``latin``
    if sounds and latin:
        sounds -= sound_keys(latin)
    cities, other_cities = sig.title_cities, cities_of(dev.places)
    systems, other_systems = (
        entities_of_kind(sig.places, NAMED),
        entities_of_kind(dev.places, NAMED),
    )
    names = dev.names.get(sig.language)
    other_names = bool(sig.names and names and not sig.names & names)
    title_figures = {f for f in sig.figures if f in sig.title_figures}
    dev_title_figures = dev.title_figures.get(sig.language, frozenset())
    other_figures = bool(
        title_figures and dev_title_figures and not title_figures & dev_title_figures
    )
    title_share = _title_share(sig, dev)
    other_name = (other_names or other_figures) and not tied
    if other_name and title_share >= 0.5:
        return None  # one headline about other names or numbers: two incidents
    words = dev.words.get(sig.language)
    found = (
        float(draft),
        float(bool(shared_symbols) and not draft),
        float(bool(sig.sessions & dev.sessions)),
        topic,
        topic_overlap,
        _shared(sig.meetings & dev.meetings, dev, "m"),
        _shared(places, dev, "p"),
        float(bool(concepts and places and near)),
        float(bool(cities and other_cities and not cities & other_cities and not tied)),
        float(bool(systems and other_systems and not systems & other_systems and not tied)),
        float(other_name),
        float(bool(sig.meetings) != bool(dev.meetings) and not tied),
        float(bool(sig.meetings and dev.meetings and not sig.meetings & dev.meetings)
              and not tied),
        _shared(sig.figures & dev.figures, dev, "f"),
        _shared(sig.acronyms & dev.acronyms, dev, "a"),
        float(near),
        float(bool(dev.support.get(f"s:{sig.source_id}")) and not tied),
        _shared(latin, dev, "l"),
        title_share,
        len(sig.words & words) / min(len(sig.words), len(words)) if words else 0.0,
        float(words is not None),
        float(_rare_ties(sig, dev, rarity)) if rarity is not None else 0.0,
        gap / WINDOW_DAYS,
        float(bool(sig.title_bodies & dev.places)),
        float(bool(sig.title_names & dev.latin_names)),
        _shared(sounds, dev, "v"),
        float(bool(sig.news and dev.news and not sig.news & dev.news) and not tied),
        float(sig.commentary and not near),
        min(len(concepts), 3) / 3,
    )  # fmt: skip
    same_meeting = bool(sig.meetings & dev.meetings) and gap <= MEETING_DAYS
    if not draft and not same_meeting and not any(found[i] for i in _CONTENT):
        return None  # nothing shared but the days: no evidence of one event
    return found


_DRAFT_TIE = FEATURES.index("draft")
_CONTENT = tuple(  # what the item shares with the development itself
    FEATURES.index(name)
    for name in ("symbol", "session", "topic", "place", "figure", "acronym", "latin_name",
                 "title_words", "text_words", "rare_ties", "sound_name")
)  # fmt: skip


@cache
def learned_weights(path: Path = WEIGHTS_PATH) -> tuple[float, tuple[float, ...]]:
    """The bias and the weight of each of ``FEATURES`` (``weights.json``, written by
    ``monitor developments learn``)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    weights = data["weights"]
    if set(weights) != set(FEATURES):
        raise ConfigError(f"{path}: weights for {sorted(weights)}, not for {sorted(FEATURES)}")
    return float(data["bias"]), tuple(float(weights[name]) for name in FEATURES)


def _draft_numbers(drafts: frozenset[str]) -> frozenset[str]:
    """The "L.27" of each draft symbol ("A/C.1/81/L.27")."""
    return frozenset(m.group()[1:] for d in drafts if (m := DRAFT_SYMBOL.search(d)))


def _rare_ties(sig: Signature, dev: Profile, rarity: Mapping[str, int]) -> int:
    """Names, places, bodies, systems, prizes and subjects the item shares with the
    development that at most ``RARE_DEVELOPMENTS`` developments of the window carry: what a
    commentary a week later, or a report in another language, shares with the event beyond
    its topic. A body that acts in many events is carried by many developments and so is not
    rare; countries never count, and a name or a body counts only from the item's headline
    (what the item is about, not what its summary mentions)."""
    shared = [
        *(f"{NAME_KEY}{n.casefold()}" for n in sig.latin_names & dev.latin_names
          if n.casefold()[:6] in sig.title_words),
        *(f"e:{p}" for p in sig.places & dev.places if p.startswith(RARE_KINDS)),
        *(f"e:{b}" for b in sig.title_bodies & dev.places),
    ]  # fmt: skip
    rare = sum(1 for key in shared if 0 < rarity.get(key, 0) <= RARE_DEVELOPMENTS)
    return min(rare, 2)


def _shared(values: frozenset[Any], dev: Profile, kind: str) -> float:
    """Up to two shared features, each counted by the share of the development's items that
    have it."""
    best = sorted((dev.support.get(f"{kind}:{v}", 0) for v in values), reverse=True)[:2]
    return sum(best) / max(dev.size, 1)


def _title_share(sig: Signature, dev: Profile) -> float:
    """The share of the shorter headline's words found in the other (same language)."""
    title = dev.title_words.get(sig.language)
    if not title or not sig.title_words:
        return 0.0
    return len(sig.title_words & title) / min(len(sig.title_words), len(title))


def choose(
    sig: Signature, candidates: Iterable[Profile], rarity: Mapping[str, int] | None = None
) -> Profile | None:
    """The development the item joins, or ``None`` (rule 4)."""
    best: tuple[float, int, int] | None = None
    chosen = None
    for dev in candidates:
        score = affinity(sig, dev, rarity)
        if score is None or score < JOIN_AT:
            continue
        rank = (score, dev.last_day, -dev.id)
        if best is None or rank > best:
            best, chosen = rank, dev
    return chosen


def joined(dev: Profile, sig: Signature) -> Profile:
    """The development with one more item."""
    words = dict(dev.words)
    words[sig.language] = _bounded(words.get(sig.language, frozenset()) | sig.words)
    titles = dict(dev.title_words)
    titles[sig.language] = _bounded(titles.get(sig.language, frozenset()) | sig.title_words)
    return replace(
        dev,
        first_day=min(dev.first_day, sig.day),
        last_day=max(dev.last_day, sig.day),
        size=dev.size + 1,
        doc_symbols=dev.doc_symbols | ({sig.doc_symbol} if sig.doc_symbol else set()),
        symbols=dev.symbols | sig.symbols,
        drafts=dev.drafts | sig.drafts,
        concepts=dev.concepts | sig.concepts,
        sessions=dev.sessions | sig.sessions,
        places=dev.places | sig.places,
        meetings=dev.meetings | sig.meetings,
        words=words,
        title_words=titles,
        figures=dev.figures | sig.figures,
        acronyms=dev.acronyms | sig.acronyms,
        title_sessions=dev.title_sessions | sig.title_sessions,
        names={**dev.names, sig.language: dev.names.get(sig.language, frozenset()) | sig.names},
        latin_names=dev.latin_names | sig.latin_names,
        title_figures={
            **dev.title_figures,
            sig.language: dev.title_figures.get(sig.language, frozenset()) | sig.title_figures,
        },
        sounds=dev.sounds | sig.sounds,
        news=dev.news | sig.news,
        support=_counted(dev.support, sig),
    )


def _counted(support: dict[str, int], sig: Signature) -> dict[str, int]:
    """The feature counts with one more item (the ``SUPPORT_KEYS`` most common kept)."""
    counts = dict(support)
    for kind, values in (("c", sig.concepts), ("m", sig.meetings), ("p", sig.places),
                         ("f", sig.figures), ("a", sig.acronyms), ("l", sig.latin_names),
                         ("v", sig.sounds), ("s", (sig.source_id,))):  # fmt: skip
        for value in values:
            key = f"{kind}:{value}"
            counts[key] = counts.get(key, 0) + 1
    if len(counts) > SUPPORT_KEYS:
        counts = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:SUPPORT_KEYS])
    return counts


def _bounded(words: frozenset[str]) -> frozenset[str]:
    return words if len(words) <= PROFILE_WORDS else frozenset(sorted(words)[:PROFILE_WORDS])


class DevelopmentIndex:
    """Profiles and an inverted index of their keys, for many items in a row (pure memory).

    The repository fills it from storage with the postings of the keys a batch needs; the
    evaluation runs it alone. ``next_id`` numbers new developments when no storage does.
    """

    def __init__(self) -> None:
        self.profiles: dict[int, Profile] = {}
        self.postings: dict[str, dict[int, int]] = defaultdict(dict)  # key → {dev: last day}
        self.next_id = 1

    def add_posting(self, key: str, dev_id: int, day: int) -> None:
        self.add_postings((key,), dev_id, day)

    def add_postings(self, item_keys: Iterable[str], dev_id: int, day: int) -> None:
        """``add_posting`` of each key (one loop: a development is posted under every key of
        its item)."""
        postings = self.postings
        for key in item_keys:
            posting = postings[key]
            if posting.get(dev_id, -1) < day:
                posting[dev_id] = day
            if len(posting) > KEY_POSTINGS:
                del posting[min(posting.items(), key=_DAY_THEN_ID)[0]]  # the oldest

    def ranked_ids(self, sig: Signature, item_keys: Iterable[str]) -> list[int]:
        """Developments sharing the item's keys within the window, those sharing the rarest
        keys (the shortest postings) first. Name keys only measure rarity (``rarity``): a
        shared capitalised word is too weak to make a candidate, except in a Russian, Chinese
        or Arabic text, where a Latin word is surely a name, and in a headline (``latin_names``
        takes a headline's capitals only when it is not written in title case)."""
        weight: dict[int, float] = {}
        add = weight.get
        postings = self.postings.get
        low, high = sig.day - WINDOW_DAYS, sig.day + WINDOW_DAYS
        names_find = sig.language in OTHER_SCRIPTS
        title_names = {f"{NAME_KEY}{n.casefold()}" for n in sig.title_names}
        for key in item_keys:
            posting = postings(key)
            if not posting or (
                key.startswith(NAME_KEY) and not names_find and key not in title_names
            ):
                continue
            share = 1.0 / len(posting)
            for dev_id, day in posting.items():
                if low <= day <= high:
                    weight[dev_id] = add(dev_id, 0.0) + share
        return [-d for _, d in sorted([(-w, -d) for d, w in weight.items()])]

    def rarity(self, sig: Signature, item_keys: Iterable[str]) -> Mapping[str, int]:
        """Per key of the item, how many developments within the window carry it (a posting
        keeps ``KEY_POSTINGS`` at most: more reads as common). Counted when asked, from the
        postings as they are until the index next changes."""
        return _Rarity(self.postings, item_keys, sig.day)

    def candidates(self, sig: Signature, item_keys: Iterable[str]) -> list[Profile]:
        known = [d for d in self.ranked_ids(sig, item_keys) if d in self.profiles]
        return [self.profiles[d] for d in known[:CANDIDATES]]

    def allocate(self, sig: Signature) -> int:
        """An id for a new development."""
        dev_id = self.next_id
        self.next_id += 1
        return dev_id

    def assign(self, sig: Signature, item_keys: set[str] | None = None) -> tuple[Profile, bool]:
        """Join or start a development for one item; return it and whether it is new."""
        item_keys = keys(sig) if item_keys is None else item_keys
        dev = choose(sig, self.candidates(sig, item_keys), self.rarity(sig, item_keys))
        if dev is None:
            return self.join(Profile(self.allocate(sig), sig.day, sig.day, 0), sig, item_keys), True
        return self.join(dev, sig, item_keys), False

    def join(self, dev: Profile, sig: Signature, item_keys: Iterable[str]) -> Profile:
        """Add the item to ``dev`` and index it under the item's keys."""
        dev = joined(dev, sig)
        self.put(dev, item_keys, sig.day)
        return dev

    def put(self, dev: Profile, item_keys: Iterable[str], day: int) -> None:
        self.profiles[dev.id] = dev
        self.add_postings(item_keys, dev.id, day)


_DAY_THEN_ID = itemgetter(1, 0)  # a posting's (development, day) by day, then id


class _Rarity(Mapping[str, int]):
    """``DevelopmentIndex.rarity``: the dict it stands for, counted key by key when read (a
    choice reads a few keys of the item's fifty)."""

    __slots__ = ("_counted", "_day", "_keys", "_postings")

    def __init__(self, postings: dict[str, dict[int, int]], keys: Iterable[str], day: int) -> None:
        self._postings = postings
        self._keys: Collection[str] = (
            keys if isinstance(keys, set | frozenset) else dict.fromkeys(keys)
        )
        self._day = day
        self._counted: dict[str, int] = {}

    def __getitem__(self, key: str) -> int:
        counted = self._counted.get(key)
        if counted is not None:
            return counted
        posting = self._postings.get(key) if key in self._keys else None
        if not posting:
            raise KeyError(key)
        low, high = self._day - WINDOW_DAYS, self._day + WINDOW_DAYS
        counted = self._counted[key] = sum(1 for day in posting.values() if low <= day <= high)
        return counted

    def __iter__(self) -> Iterator[str]:
        postings = self._postings
        return iter([key for key in self._keys if postings.get(key)])

    def __len__(self) -> int:
        postings = self._postings
        return sum(1 for key in self._keys if postings.get(key))
