"""Map an item's text to report sections, with a score and the evidence (pure).

Rule order, for one item:
0. The item is read in the language its text is written in; the language it declares (or its
   source does) is only the prior (``language.detect_language``).
1. Document symbols are extracted (``symbols.extract``); a symbol a watchlist cites is the
   strongest evidence for that watchlist (weight 0.9). A symbol several sections cite goes to
   those of them the words support too (all of them when the words support none).
2. Process names and aliases (0.8) and strong topic terms (0.7) count by themselves, except
   aliases in a body's administrative news (context ``administrative``: a vacancy, a football
   tournament, the cafeteria) with no strong term and no symbol: the body is named, its work
   is not. A topic marked ``converging: N`` is strong evidence when the item names the
   technologies of N sections (any of their terms) with a convergence word (context
   ``convergence``): "AI, biotechnology and space converge" is news of their convergence.
   Rule 2c, once the rules below have kept the sections: an item that reports training or
   assistance (context ``capacity``: a course, a fellowship, a stage pratique, 培训班) for
   other States' people (context ``beneficiaries``: diplomats, developing countries, CERTs of
   a region) in a technology whose section II is kept is capacity-building too: the topic
   marked ``capacity_building`` (III) is found beside it. Neither context counts alone: armies
   train, models are trained, diplomats meet.
   Rule 2d: a topic with groups of words (``all_of``) is found (strong) when the item has a
   word of every group, anywhere and in any order: a report, on science and technology, and
   its process (the Secretary-General, the views States send, its next edition) is the
   report's own process however a sentence words it. A group's word counts even inside a
   longer phrase found at the same place. Such a topic outside section II is about a
   process: like a convergence, it absorbs the technology sections named only by their
   technologies (what the report or a treaty's review covers is its subject, not news of
   it), and what it names itself (a science review in the CCW is not news of the CCW's
   LAWS group). A technology's own topic absorbs only what it names, as its terms do (a 3D-printed
   firearm: printing and a firearm anywhere, "assault-rifle parts printed in 3D metal"). A
   topic marked ``unabsorbed`` says in so many words what the item is about: it absorbs
   nothing and no absorption removes its section ("the BWC's science mechanism as a model for
   other treaties" is the BWC's news and news of reviews across treaties); so do such a
   topic's strong terms (a loitering munition stays II.B whatever AI topic absorbs drones).
3. Broad topic terms (0.5) count only if the item also has strong evidence (for any section)
   or a security-context term and no civilian-context term, or, with no civilian-context
   term, if they come from two of a section's topics, one in the title ("cloud lab" and
   "biosecurity"), or, with no civilian-context term, if the title names the technology and
   the item reports an advance in it (context ``advance``: a record, a first, a milestone, a
   release: "48 logical qubits for the first time"). A section supported by broad terms alone
   is dropped when another section has strong evidence, unless a broad term is in the title:
   the broad words of a story's body are its vocabulary, not a second topic. A topic marked
   ``hostile`` (ransomware, DDoS) names attacks: its broad words count with a security-context
   term even beside a civilian-context one (the hospital's medical imaging it paralysed), and
   with an essential sector (context ``essential``: a pharmacy chain, a railway, a power
   grid; ¶21) and no civilian-context term, where no security word is needed.
   With broad words only, the sections the title names outrank those only the summary
   names. A topic's strong terms are broad words too for the sections it ``implies`` (a
   drone swarm is an uncrewed-systems story as well as an AI one).
   A weapon against drones ``implies`` uncrewed systems (a capability and the system it is
   about are both in scope). A section is dropped altogether when a topic with distinctive
   evidence ``absorbs`` it (a swarm a laser shoots down is its target: the swarm's autonomy,
   II.A, is not the story), or a process the title names does (the BWC's own science advice
   is news of the BWC, not of review mechanisms across treaties, IV). A subsection can be
   absorbed alone (the rockets a laser shoots down are its target, II.E.missiles, while a
   laser dazzling a satellite is still a space story, II.E.space). A topic
   marked ``cross_cutting`` (AI, which the report discusses in every section) never adds its
   section by broad words alone when another section matches.
4. A term found only as part of a longer term found at the same place is not evidence by
   itself ("drone" inside "anti-drone laser"): the longest phrase speaks for the text. Nor is a
   civilian-context word inside a watchlist phrase ("Bourse", the stock exchange, inside
   "programme de bourses"); a security-context word still is ("military" in "military drone").
   A term inside a denial (context ``ruled_out``: "rules out a cyberattack") is no evidence,
   nor one inside a phrase that only names a use or a procedure (context ``neutral``:
   "satellite" in "satellite navigation", which GNSS jamming disrupts on the ground; the
   French "composite" stem in "à composition non limitée", an open-ended working group), and
   a civilian-context word inside such a phrase says nothing either ("smartphone" in "a
   detector the size of a smartphone").
5. A section's score combines its distinct pieces of evidence, ``1 - Π(1 - weight)``, over the
   section and its subsections; the subsection with the most evidence is named.
6. Sections scoring at least the threshold are returned, best first.

Terms are found with Aho-Corasick automata, not a loop of regular expressions: one automaton
per Latin-script language over stemmed tokens, one over the original case for acronyms
(``EW`` is not ``ew``), one over characters for Chinese.
"""

from __future__ import annotations

import bisect
import itertools
from array import array
from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

import ahocorasick

from monitor.relevance import symbols
from monitor.relevance.language import detect_language
from monitor.relevance.textnorm import (
    LATIN_LANGUAGES,
    TokenMemo,
    fold,
    has_arabic,
    has_cjk,
    russian_variants,
    split_words,
    stems,
    stems_of,
)
from monitor.relevance.watchlists import Watchlist, WatchlistSet
from monitor.types import Match, MatchInput

WEIGHTS = {"symbol": 0.9, "alias": 0.8, "strong": 0.7, "broad": 0.5}
CONTEXT_KINDS = frozenset(
    {"security", "civilian", "ruled_out", "advance", "administrative", "convergence",
     "capacity", "beneficiaries", "all_of", "neutral", "essential"}
)  # fmt: skip
CAPACITY_BUILDING = frozenset({"capacity", "beneficiaries"})  # both: rule 2c
INSIDE_LONGER = frozenset(("security", "all_of", "beneficiaries", "capacity"))  # see Matcher
_ACRONYM_MAX = 6
_STREAM_BITS = 32  # positions of stream n start at n << 32: spans of two streams never nest


@dataclass(frozen=True, slots=True)
class Pattern:
    """One watchlist entry a text can contain."""

    kind: str  # strong, broad, alias, security, civilian
    term: str
    watchlist_id: str = ""
    section: str = ""
    paragraph: int = 0
    label: str = ""
    process: str = ""
    cross_cutting: bool = False
    absorbs: tuple[str, ...] = ()
    implies: tuple[str, ...] = ()
    hostile: bool = False
    group: int = -1  # kind ``all_of``: which group of which topic (``Matcher._all_of``)
    unabsorbed: bool = False


class Hit(NamedTuple):
    """One piece of evidence for one watchlist (a tuple: items make many of them)."""

    kind: str
    term: str
    watchlist_id: str
    section: str
    paragraph: int
    label: str
    in_title: bool = False
    process: str = ""
    cross_cutting: bool = False
    absorbs: tuple[str, ...] = ()
    hostile: bool = False
    unabsorbed: bool = False  # rule 2d's ``unabsorbed`` topics: no absorption removes it

    @property
    def weight(self) -> float:
        return WEIGHTS[self.kind]


class Matcher:
    """Compiled watchlists; ``match`` is pure and safe to call from many threads."""

    def __init__(self, watchlists: WatchlistSet, threshold: float = 0.5) -> None:
        self.watchlists = watchlists
        self.threshold = threshold
        self._patterns: list[Pattern] = []
        self._symbols: dict[str, list[Pattern]] = defaultdict(list)
        self._words = {lang: KeyTable() for lang in LATIN_LANGUAGES}
        self._acronyms = KeyTable()
        self._characters = KeyTable()
        for pattern, language in _patterns(watchlists):
            self._add(pattern, language)
        self._converging = [
            (topic.converging, _pattern(watchlist, "strong", "", topic.paragraph, topic.label))
            for watchlist in watchlists.watchlists
            for topic in watchlist.topics
            if topic.converging >= 2
        ]
        self._all_of: list[tuple[Pattern, range]] = []  # topic, the ids of its groups
        for watchlist in watchlists.watchlists:
            for topic in watchlist.topics:
                if len(topic.all_of) < 2:
                    continue
                first = self._all_of[-1][1].stop if self._all_of else 0
                groups = range(first, first + len(topic.all_of))
                topic_pattern = replace(
                    _pattern(watchlist, "strong", "", topic.paragraph, topic.label),
                    absorbs=tuple(topic.absorbs),
                    implies=tuple(topic.implies),
                    unabsorbed=topic.unabsorbed,
                )
                self._all_of.append((topic_pattern, groups))
                for group, terms in zip(groups, topic.all_of, strict=True):
                    for language, words in terms.items():
                        for word in words:
                            self._add(Pattern("all_of", word, group=group), language)
        self._capacity_building = [
            _pattern(watchlist, "strong", "", topic.paragraph, topic.label)
            for watchlist in watchlists.watchlists
            for topic in watchlist.topics
            if topic.capacity_building
        ]
        for watchlist in watchlists.watchlists:
            for process in watchlist.processes:
                for symbol in process.symbols:
                    self._symbols[symbols.key(symbol)].append(
                        _pattern(
                            watchlist, "symbol", symbol, process.paragraph, process.name, process.id
                        )
                    )
        for table in (*self._words.values(), self._acronyms, self._characters):
            table.finish()
        # Security context counts even inside a longer phrase ("military" in "military drone"),
        # and so does a word of a group (rule 2d) and the context of capacity-building (rule 2c:
        # "developing countries" in "capacity-building for developing countries");
        # a civilian word inside a security phrase ("Bourse" in "programme de bourses") does not.
        self._counts_inside_longer = [pattern.kind in INSIDE_LONGER for pattern in self._patterns]

    def _add(self, pattern: Pattern, language: str) -> None:
        index = len(self._patterns)
        self._patterns.append(pattern)
        term = pattern.term.strip()
        swallows = pattern.kind in ("ruled_out", "neutral", *WEIGHTS)  # evidence, a denial, a use
        if has_cjk(term):
            self._characters.add(fold(term), index, swallows)
        elif (acronym := _acronym_key(term)) is not None:
            self._acronyms.add(acronym, index, swallows)
        else:
            for latin in LATIN_LANGUAGES:
                if language not in (latin, "en", "ru", "ar"):
                    continue
                key = stems(term, latin)
                if language == "en" and latin != "en" and min(map(len, key), default=0) < 4:
                    continue  # "laser" → Spanish "las": short cross-language stems mislead
                variants = russian_variants(term) if language == "ru" else [key]
                for variant in variants:
                    if variant:
                        self._words[latin].add(f" {' '.join(variant)} ", index, swallows)

    def match(self, item: MatchInput) -> list[Match]:
        """Sections the item bears on, best first (empty when out of scope)."""
        return [m for m in self.score(item) if m.score >= self.threshold]

    def terms_found(self, item: MatchInput) -> tuple[list[Hit], frozenset[str]]:
        """Every watchlist term in the item (implied sections included) and the context kinds
        found, before the rules of ``score`` weigh them: the review model's weak evidence.
        ``match`` and ``score`` never read it."""
        found, in_title = self._find_in(item)
        return self._hits(found, in_title), frozenset(self._context(found))

    def score(self, item: MatchInput) -> list[Match]:
        """Every section with any evidence, best first, regardless of the threshold."""
        found, in_title = self._find_in(item)
        context = self._context(found)
        cited = (
            symbols.extract(f"{item.title}\n{item.summary}") if item.symbols is None
            else item.symbols
        )  # fmt: skip
        # A body's administrative news (its football team, its cafeteria) is no news of its
        # work: its aliases are no evidence there, unless a strong term or a symbol says so.
        void = {"alias"} if "administrative" in context and not cited and not any(
            self._patterns[i].kind == "strong" for i in found) else set()  # fmt: skip
        hits = self._hits(found, in_title, void)
        hits += _symbol_hits(
            [(symbol, self._symbols.get(symbols.key(symbol), [])) for symbol in cited],
            {hit.section for hit in hits},
        )
        if "convergence" in context:
            hits += _convergence_hits(hits, self._converging)
        if "all_of" in context:
            hits += _all_of_hits(found, self._patterns, self._all_of, hits, context)
        kept = _by_section(hits, context)
        if context >= CAPACITY_BUILDING:
            kept = _with_capacity_building(kept, self._capacity_building, hits)
        return _rank(kept)

    def _find_in(self, item: MatchInput) -> tuple[set[int], set[int]]:
        """The patterns found in the item, read in its own language (rule 0)."""
        if item.detected:  # at ingest: the language is the text's own, detected already
            return self._find(item.title, item.summary, item.language or "en")
        text = f"{item.title}\n{item.summary}"
        language = detect_language(text, item.language) or "en"  # the declared one: a prior
        return self._find(item.title, item.summary, language)

    def _context(self, found: set[int]) -> set[str]:
        return {self._patterns[i].kind for i in found} & CONTEXT_KINDS

    def _hits(self, found: set[int], in_title: set[int], void: set[str] = frozenset()) -> list[Hit]:
        """The evidence of the patterns found (context terms aside), and of the sections their
        topics imply; patterns of the ``void`` kinds are no evidence."""
        return [
            Hit(kind, p.term, watchlist_id, section, p.paragraph, p.label,
                i in in_title, p.process, p.cross_cutting, p.absorbs, p.hostile,
                p.unabsorbed and section == p.section)
            for i in found
            if (p := self._patterns[i]).kind not in CONTEXT_KINDS and p.kind not in void
            for kind, watchlist_id, section in (
                (p.kind, p.watchlist_id, p.section),
                *(("broad", implied, implied) for implied in p.implies),
            )
        ]  # fmt: skip

    def _find(self, title: str, summary: str, language: str) -> tuple[set[int], set[int]]:
        """Indices of the patterns in the item's text, and of those in its title.

        Title and summary are normalised apart and scanned as one stream: a hit ending
        before the title's end is in the title, and no phrase runs from one into the other.
        """
        latin = language if language in LATIN_LANGUAGES else "en"
        found: set[int] = set()
        in_title: set[int] = set()
        title_words, summary_words = split_words(title), split_words(summary)
        automaton = self._words[latin]
        streams = [
            (automaton, _stem_stream(title_words, latin), _stem_stream(summary_words, latin)),
            (self._acronyms, _acronym_stream(title_words), _acronym_stream(summary_words)),
        ]
        if has_arabic(title) or has_arabic(summary):
            streams.append(
                (
                    automaton,
                    _stem_stream(title_words, latin, True),
                    _stem_stream(summary_words, latin, True),
                )
            )
        if has_cjk(title) or has_cjk(summary):
            streams.append((self._characters, fold(title), fold(summary)))
        occurrences = [
            (offset + end - length + 1, offset + end, swallows, indices, end < len(head))
            for number, (table, head, tail) in enumerate(streams)
            if len(table)
            for offset in (number << _STREAM_BITS,)
            for end, length, swallows, indices in table.found(f"{head}\n{tail}")
        ]
        inside = _inside_longer(
            [(start, end) for start, end, *_ in occurrences],
            [(start, end) for start, end, swallows, *_ in occurrences if swallows],
        )
        for (_, _, _, indices, in_head), part_of_longer in zip(occurrences, inside, strict=True):
            for index in indices:
                if part_of_longer and not self._counts_inside_longer[index]:
                    continue  # part of a longer phrase found here: that phrase speaks for it
                found.add(index)
                if in_head:
                    in_title.add(index)
        return found, in_title


def _convergence_hits(hits: list[Hit], converging: list[tuple[int, Pattern]]) -> list[Hit]:
    """Rule 2b: the technologies of several sections named with a convergence word are
    evidence for the topics that track their convergence, which absorb the sections named
    only by their technologies (not those whose process or symbol the item names)."""
    technologies = sorted({hit.section for hit in hits if hit.section.startswith("II.")})
    named_only = _named_only(hits)
    return [
        Hit("strong", f"convergence of {', '.join(technologies)}", p.watchlist_id, p.section,
            p.paragraph, p.label, absorbs=named_only)
        for needed, p in converging
        if len(technologies) >= needed
    ]  # fmt: skip


def _all_of_hits(
    found: set[int],
    patterns: Sequence[Pattern],
    all_of: list[tuple[Pattern, range]],
    hits: list[Hit],
    context: Collection[str] = frozenset(),
) -> list[Hit]:
    """Rule 2d: a topic with groups of words (``all_of``) is found when the item has a word of
    every group. Such a topic outside section II is about a process (the report, a treaty's
    review): it absorbs the technology sections the item names only by their technologies, as
    a convergence does (they are what the process covers, not news of them). A technology's
    own topic (a 3D-printed firearm: printing and a firearm anywhere) absorbs what its
    ``absorbs`` names, as its terms do, and its groups together are strong evidence for the
    sections it ``implies`` too (an uncrewed vessel and its autonomy: II.B and II.A); it is not
    found beside a civilian-context term (an AI-designed antibody for a cancer drug)."""
    groups = {patterns[i].group for i in found if patterns[i].kind == "all_of"}
    named_only = _named_only(hits)
    found_hits = []
    for p, ids in all_of:
        technology = p.section.startswith("II.")
        if not groups.issuperset(ids) or (technology and "civilian" in context):
            continue
        absorbs = p.absorbs if technology or p.unabsorbed else (*named_only, *p.absorbs)
        for section in (p.section, *p.implies):
            watchlist_id = p.watchlist_id if section == p.section else section
            found_hits.append(
                Hit("strong", f"{p.label} (all of its word groups)", watchlist_id, section,
                    p.paragraph, p.label, absorbs=absorbs, unabsorbed=p.unabsorbed)
            )  # fmt: skip
    return found_hits


def _named_only(hits: list[Hit]) -> tuple[str, ...]:
    """The technology sections (II.*) that the hits name only by their technologies, not by
    their process or symbol."""
    technologies = sorted({hit.section for hit in hits if hit.section.startswith("II.")})
    institutional = {hit.section for hit in hits if hit.kind in ("alias", "symbol")}
    return tuple(s for s in technologies if s not in institutional)


def _with_capacity_building(
    kept: dict[str, list[Hit]], capacity_building: list[Pattern], hits: Sequence[Hit] = ()
) -> dict[str, list[Hit]]:
    """Rule 2c: training or assistance for other States' people in a technology the report
    tracks (a section II kept by the rules above) is capacity-building (III) beside it; in a
    technology the title names only by its broad words (an AI course for engineers of
    developing countries), it is capacity-building alone."""
    technologies = sorted(s for s in kept if s.startswith("II.")) or sorted(
        {hit.section for hit in hits if hit.section.startswith("II.") and hit.in_title}
    )
    if not technologies:
        return kept
    found = dict(kept)
    for p in capacity_building:
        hit = Hit("strong", f"capacity-building in {', '.join(technologies)}", p.watchlist_id,
                  p.section, p.paragraph, p.label)  # fmt: skip
        found[p.section] = [*found.get(p.section, ()), hit]
    return found


def _symbol_hits(
    cited: list[tuple[str, list[Pattern]]], sections_with_words: set[str]
) -> list[Hit]:
    """Evidence from cited symbols. A symbol several sections cite (resolution 79/239: the AI
    section and the cooperation section) supports those of them the text's words support
    too, and all of them only when the words support none."""
    hits = []
    for symbol, patterns in cited:
        citing = {p.section for p in patterns}
        chosen = citing & sections_with_words if len(citing) > 1 else citing
        hits += [
            Hit(
                "symbol", symbol, p.watchlist_id, p.section, p.paragraph, p.label, process=p.process
            )
            for p in patterns
            if p.section in (chosen or citing)
        ]
    return hits


def _patterns(watchlists: WatchlistSet) -> Iterator[tuple[Pattern, str]]:
    for watchlist in watchlists.watchlists:
        for topic in watchlist.topics:
            for kind, terms in (("strong", topic.strong), ("broad", topic.broad)):
                implies = tuple(topic.implies) if kind == "strong" else ()
                for language, words in terms.items():
                    for word in words:
                        pattern = _pattern(watchlist, kind, word, topic.paragraph, topic.label)
                        unabsorbed = topic.unabsorbed and kind == "strong"
                        yield replace(pattern, cross_cutting=topic.cross_cutting,
                                      absorbs=tuple(topic.absorbs), implies=implies,
                                      hostile=topic.hostile,
                                      unabsorbed=unabsorbed), language  # fmt: skip
        for process in watchlist.processes:
            names = [("en", process.name)]
            names += [
                (language, word) for language, words in process.aliases.items() for word in words
            ]
            for language, word in names:
                pattern = _pattern(
                    watchlist, "alias", word, process.paragraph, process.name, process.id
                )
                yield replace(pattern, implies=tuple(process.implies),
                              absorbs=tuple(process.absorbs)), language  # fmt: skip
    context = watchlists.context
    for kind, terms in (
        ("security", context.security_context),
        ("civilian", context.civilian_context),
        ("ruled_out", context.ruled_out),
        ("advance", context.advance),
        ("administrative", context.administrative),
        ("convergence", context.convergence),
        ("capacity", context.capacity),
        ("beneficiaries", context.beneficiaries),
        ("neutral", context.neutral),
        ("essential", context.essential),
    ):
        for language, words in terms.items():
            for word in words:
                yield Pattern(kind, word), language


def _pattern(
    watchlist: Watchlist, kind: str, term: str, paragraph: int, label: str, process: str = ""
) -> Pattern:
    return Pattern(kind, term, watchlist.id, watchlist.section, paragraph, label, process)


def _by_section(hits: list[Hit], context: set[str]) -> dict[str, list[Hit]]:
    sections: dict[str, list[Hit]] = defaultdict(list)
    for hit in hits:
        sections[hit.section].append(hit)
    has_strong = any(hit.kind != "broad" for hit in hits)
    # Distinctive evidence anywhere is security context too: a broad word then counts (but, by
    # the rule below, adds its own section only from the title).
    broad_counts = has_strong or ("security" in context and "civilian" not in context)
    # A hostile act's words (ransomware) with a security word count whatever its civilian
    # target: an attack that paralyses a hospital's medical imaging is an attack.
    # So do they against an essential sector (context ``essential``: a pharmacy chain, a
    # railway, a power grid) in a text with no civilian context (not a thriller's plot).
    hostile_counts = "security" in context or ("essential" in context and "civilian" not in context)
    # An advance (a record, a first, a release) in a technology the title names is news of it.
    advance = "advance" in context and "civilian" not in context
    kept = {
        section: kept
        for section, section_hits in sections.items()
        if (
            kept := [
                h
                for h in section_hits
                if h.kind != "broad" or broad_counts or (h.hostile and hostile_counts)
            ]
            or _several_topic_words(section_hits, context)
            or (section_hits if advance and any(h.in_title for h in section_hits) else [])
        )
    }
    stated = {hit.section for hits in kept.values() for hit in hits if hit.unabsorbed}
    absorbed = {
        s
        for section, section_hits in kept.items()
        for hit in section_hits
        if hit.in_title or hit.kind not in ("alias", "broad")  # what the title names, or strong
        for s in hit.absorbs
        if s != section and s not in stated
    }
    kept = {  # a section absorbed whole, or its subsection's evidence only ("II.E.missiles")
        s: remaining
        for s, h in kept.items()
        if s not in absorbed
        and (remaining := [hit for hit in h if hit.watchlist_id not in absorbed])
    }
    if has_strong:  # broad words alone add a section beside a distinctive one only in a title
        kept = {
            s: h
            for s, h in kept.items()
            if any(hit.kind != "broad" or (hit.in_title and not hit.cross_cutting) for hit in h)
        }
    elif any(hit.in_title for section_hits in kept.values() for hit in section_hits):
        # broad words only: the title's name the story's topic, the summary's its vocabulary
        kept = {s: h for s, h in kept.items() if any(hit.in_title for hit in h)}
    if len(kept) > 1:  # cross-cutting words (AI) alone never add a section beside another
        kept = {
            s: h
            for s, h in kept.items()
            if not all(hit.kind == "broad" and hit.cross_cutting for hit in h)
        } or kept
    return kept


def _several_topic_words(hits: list[Hit], context: set[str]) -> list[Hit]:
    """A section's broad words when they come from two of its topics, one in the title, and
    there is no civilian context ("cloud lab" and "biosecurity"): together they name the
    section's subject without security words. Synonyms of one topic ("drone", "UAV") do not."""
    own = [hit for hit in hits if not hit.cross_cutting]
    topics = {(hit.paragraph, hit.label) for hit in own}
    if "civilian" in context or len(topics) < 2 or not any(hit.in_title for hit in own):
        return []
    return hits


def _rank(sections: dict[str, list[Hit]]) -> list[Match]:
    matches = []
    for section, hits in sections.items():
        distinct = {(h.kind, h.term.casefold()): h for h in sorted(hits, key=_evidence_order)}
        chosen = sorted(distinct.values(), key=_evidence_order)
        remaining = 1.0
        for hit in chosen:
            remaining *= 1.0 - hit.weight
        per_watchlist: dict[str, float] = defaultdict(float)
        for hit in chosen:
            per_watchlist[hit.watchlist_id] += hit.weight
        best = max(per_watchlist, key=lambda w: (per_watchlist[w], w))
        matches.append(
            Match(
                section=section,
                score=round(1.0 - remaining, 4),
                evidence=_evidence(chosen),
                subsection=best if best != section else None,
                paragraphs=tuple(sorted({h.paragraph for h in chosen})),
                processes=tuple(sorted({h.process for h in hits if h.process})),
            )
        )
    return sorted(matches, key=lambda m: (-m.score, m.section))


def _evidence(hits: list[Hit]) -> tuple[str, ...]:
    """One line per report paragraph and topic: ``¶13 loitering munitions: "a", "b"``."""
    grouped: dict[tuple[int, str], list[str]] = {}
    for hit in hits:
        found = hit.term if hit.kind == "symbol" else f'"{hit.term}"'
        grouped.setdefault((hit.paragraph, hit.label), []).append(found)
    return tuple(f"¶{paragraph} {label}: {', '.join(found)}"
                 for (paragraph, label), found in grouped.items())  # fmt: skip


def _evidence_order(hit: Hit) -> tuple[float, int, str]:
    return (-hit.weight, hit.paragraph, hit.term.casefold())


def _acronym_key(term: str) -> str | None:
    """The case-sensitive key of an acronym (``EW``, ``HCoC``, ``C-RAM``, ``ИИ``), else None.

    One token of at most six characters with two capitals, or several tokens each in
    capitals or digits; matched on original-case tokens, so ``EW`` is not ``ew``.
    """
    parts = split_words(term)
    if not parts or len(parts) > 3:
        return None
    if len(parts) == 1:
        (part,) = parts
        if len(part) > _ACRONYM_MAX or sum(ch.isupper() for ch in part) < 2:
            return None
    elif not all(part.isupper() or part.isdigit() for part in parts):
        return None
    return f" {' '.join(_singular(part) for part in parts)} "


def _singular(word: str) -> str:
    """``UAVs`` → ``UAV``: an acronym's plural is matched as the acronym."""
    return word[:-1] if len(word) > 2 and word.endswith("s") and word[:-1].isupper() else word


def _acronym_part(word: str) -> str:
    """The word as the acronym automaton reads it; ``~`` for a word no acronym key contains
    (not in capitals or digits, fewer than two capitals), which keeps the stream short."""
    if word.isupper() or word.isdigit() or sum(ch.isupper() for ch in word) >= 2:
        return _singular(word)
    return "~"


_ACRONYM_PARTS = TokenMemo(_acronym_part)


def _acronym_stream(text_words: list[str]) -> str:
    """Original-case words with an acronym's plural ``s`` dropped (UAVs → UAV)."""
    return f" {' '.join(map(_ACRONYM_PARTS.__getitem__, text_words))} "


def _stem_stream(text_words: list[str], latin: str, arabic_proclitics: bool = False) -> str:
    """The words' stems between spaces, as the word automata's keys are written."""
    return f" {' '.join(stems_of(text_words, latin, arabic_proclitics))} "


class KeyTable:
    """An Aho-Corasick automaton of keys and, per key, its length, whether it swallows (a term
    found inside the key is not evidence by itself: the key is evidence, or a denial such as
    "no cyberattack", unlike a context word's key) and the indices of its patterns.

    The automaton stores each key's number as a plain int and the rest sits in four arrays:
    a handful of objects for a language's hundred thousand keys, where an automaton of tuples
    held a million Python objects (about 20 MB once the three Latin ones were loaded)."""

    __slots__ = ("_automaton", "_building", "_flat", "_lengths", "_offsets", "_swallows")

    def __init__(self) -> None:
        self._building: dict[str, tuple[bool, list[int]]] | None = {}
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        self._lengths = array("I")
        self._swallows = bytearray()
        self._offsets = array("I", [0])
        self._flat = array("I")

    def add(self, key: str, index: int, swallows: bool) -> None:
        """Store pattern ``index`` under ``key`` (before ``finish``)."""
        assert self._building is not None, "a finished table takes no more keys"
        swallowing, indices = self._building.get(key, (False, []))
        indices.append(index)
        self._building[key] = (swallowing or swallows, indices)

    def finish(self) -> None:
        """Build the automaton and the arrays from the keys added."""
        assert self._building is not None, "finished twice"
        for number, (key, (swallows, indices)) in enumerate(self._building.items()):
            self._automaton.add_word(key, number)
            self._lengths.append(len(key))
            self._swallows.append(swallows)
            self._flat.extend(indices)
            self._offsets.append(len(self._flat))
        self._building = None
        if len(self._automaton):
            self._automaton.make_automaton()

    def __len__(self) -> int:
        return len(self._automaton)

    def found(self, text: str) -> list[tuple[int, int, bool, array[int]]]:
        """``(end, length, swallows, indices)`` of every key in ``text``."""
        lengths, swallows, offsets, flat = self._lengths, self._swallows, self._offsets, self._flat
        return [
            (end, lengths[number], bool(swallows[number]),
             flat[offsets[number] : offsets[number + 1]])
            for end, number in self._automaton.iter(text)
        ]  # fmt: skip


def _inside_longer(spans: list[tuple[int, int]], longer: list[tuple[int, int]]) -> list[bool]:
    """For each ``(start, end)`` span: does another, longer span of ``longer`` contain it?

    Spans are sorted by start once, with the furthest end reached so far: a containing span
    either starts before and ends at or after, or starts at the same place and ends after.
    """
    ordered = sorted(longer)
    starts = [start for start, _ in ordered]
    reach = list(itertools.accumulate((end for _, end in ordered), max))
    result = []
    for start, end in spans:
        before = bisect.bisect_left(starts, start)
        at_or_before = bisect.bisect_right(starts, start, before)
        result.append(
            (before > 0 and reach[before - 1] >= end)
            or (at_or_before > before and ordered[at_or_before - 1][1] > end)
        )
    return result
