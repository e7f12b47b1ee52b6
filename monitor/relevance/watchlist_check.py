"""Findings about a watchlist set that validation alone does not catch (pure)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise

from monitor.relevance import symbols
from monitor.relevance.textnorm import fold
from monitor.relevance.watchlists import LANGUAGES, WatchlistSet


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str  # duplicate-term, empty-language, bad-symbol, unknown-section, split-term
    where: str
    message: str


def check(watchlists: WatchlistSet) -> list[Finding]:
    """Terms listed by two sections, topics or processes missing a language, bad symbols,
    topics that absorb or imply a section no watchlist has, enumerations split by YAML."""
    return [
        *_duplicates(watchlists),
        *_empty_languages(watchlists),
        *_bad_symbols(watchlists),
        *_unknown_sections(watchlists),
        *_split_terms(watchlists),
    ]


_CONJUNCTIONS = frozenset(("and", "et", "y", "e", "и", "или", "or", "ou", "o"))


def _split_terms(watchlists: WatchlistSet) -> list[Finding]:
    """An unquoted "industry, academia and civil society" in a YAML list is two terms,
    "industry" alone and "academia and civil society": a lower-case word followed by "X and
    Y" is most likely such an enumeration."""
    findings = []
    for watchlist in watchlists.watchlists:
        lists = [(f"topic {t.label!r}", terms) for t in watchlist.topics
                 for terms in (*t.strong.values(), *t.broad.values())]  # fmt: skip
        lists += [(f"process {p.id}", terms) for p in watchlist.processes
                  for terms in p.aliases.values()]  # fmt: skip
        for name, terms in lists:
            for first, second in pairwise(terms):
                words = second.split()
                if (
                    " " not in first
                    and first.islower()
                    and len(words) in (3, 4)
                    and words[1] in _CONJUNCTIONS
                ):
                    findings.append(
                        Finding(
                            "split-term",
                            f"{watchlist.id} {name}",
                            f"{first!r} then {second!r}: quote {f'{first}, {second}'!r}?",
                        )
                    )
    return findings


def _duplicates(watchlists: WatchlistSet) -> list[Finding]:
    owners: dict[str, set[str]] = defaultdict(set)
    for watchlist in watchlists.watchlists:
        for topic in watchlist.topics:
            for terms in (*topic.strong.values(), *topic.broad.values()):
                for term in terms:
                    owners[fold(term)].add(watchlist.section)
        for process in watchlist.processes:
            for terms in process.aliases.values():
                for term in terms:
                    owners[fold(term)].add(watchlist.section)
    return [
        Finding("duplicate-term", ", ".join(sorted(sections)), f"{term!r} is in several sections")
        for term, sections in sorted(owners.items())
        if len(sections) > 1
    ]


def _empty_languages(watchlists: WatchlistSet) -> list[Finding]:
    findings = []
    for watchlist in watchlists.watchlists:
        entries = [(f"topic {t.label!r}", t.strong) for t in watchlist.topics]
        entries += [(f"process {p.id}", p.aliases) for p in watchlist.processes]
        for name, terms in entries:
            missing = [lang for lang in LANGUAGES if not terms.get(lang)]
            if missing:
                findings.append(
                    Finding(
                        "empty-language",
                        f"{watchlist.id} {name}",
                        f"no terms in {', '.join(missing)}",
                    )
                )
    return findings


def _bad_symbols(watchlists: WatchlistSet) -> list[Finding]:
    return [
        Finding("bad-symbol", f"{watchlist.id} process {process.id}", f"{symbol!r} does not parse")
        for watchlist in watchlists.watchlists
        for process in watchlist.processes
        for symbol in process.symbols
        if symbols.normalise(symbol) is None
    ]


def _unknown_sections(watchlists: WatchlistSet) -> list[Finding]:
    """Sections named by ``absorbs`` or ``implies`` that no watchlist has (a subsection such as
    "II.E.missiles" is known: absorbing it takes that watchlist's evidence only). Every
    subsection's section has a watchlist of its own (``load_watchlists`` checks it)."""
    known = {watchlist.id for watchlist in watchlists.watchlists}
    return [
        Finding("unknown-section", f"{watchlist.id} {where}", f"{field} {section!r}, which no watchlist has")
        for watchlist in watchlists.watchlists
        for where, field, sections in (
            *((f"topic {t.label!r}", "absorbs", t.absorbs) for t in watchlist.topics),
            *((f"topic {t.label!r}", "implies", t.implies) for t in watchlist.topics),
            *((f"process {p.id}", "implies", p.implies) for p in watchlist.processes),
        )
        for section in sections
        if section not in known
    ]  # fmt: skip
