"""Search queries tried offline (pure): each service's query semantics over a local corpus.

A source whose URL is a search of a research service is read back into a predicate with that
service's semantics, over stemmed English words (the services stem too):

* arXiv ``search_query``: ``all:``/``ti:``/``abs:`` words and "phrases", ``AND``, ``OR``,
  ``ANDNOT`` and parentheses, left to right;
* Crossref ``query``: loose words, ranked by how many a work contains; offline a work is a
  hit when it contains at least two thirds of them;
* OpenAlex ``search``: every word and "phrase" required, ``OR`` between alternatives, ``NOT``;
* Federal Register ``conditions[term]``: ``|`` is OR, space or ``&`` is AND, ``-``/``!`` NOT,
  "phrases" (parentheses are read as plain grouping of one level).

``check`` reports, per query, its hits in the corpus and how many of them the matcher maps to
a section; a query with no hit, or with under half its hits in scope, is a problem.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from monitor.relevance.matching import Matcher
from monitor.relevance.textnorm import stems
from monitor.types import MatchInput, Source

MIN_IN_SCOPE = 0.5
CROSSREF_SHARE = 2 / 3
SERVICES = {
    "export.arxiv.org": "arXiv",
    "api.crossref.org": "Crossref",
    "api.openalex.org": "OpenAlex",
    "www.federalregister.gov": "Federal Register",
}


@dataclass(frozen=True, slots=True)
class Document:
    """A corpus entry: its text as the matcher reads it, and as a search service indexes it."""

    title: str
    summary: str
    language: str | None
    origin: str
    title_stems: tuple[str, ...] = ()
    summary_stems: tuple[str, ...] = ()

    @classmethod
    def of(cls, title: str, summary: str, language: str | None, origin: str) -> Document:
        return cls(title, summary, language, origin, tuple(stems(title, "en")),
                   tuple(stems(summary, "en")))  # fmt: skip


Predicate = Callable[[Document], bool]


@dataclass(frozen=True, slots=True)
class QueryReport:
    """One query's result on the corpus."""

    source_id: str
    service: str
    query: str
    hits: int
    in_scope: int

    @property
    def share(self) -> float:
        return self.in_scope / self.hits if self.hits else 0.0

    @property
    def problem(self) -> str | None:
        if not self.hits:
            return "no hit"
        if self.share < MIN_IN_SCOPE:
            return f"only {self.in_scope} of {self.hits} hits in scope"
        return None


def searches(sources: Iterable[Source]) -> list[tuple[Source, str, str, Predicate]]:
    """The sources that are searches of a research service: (source, service, query text,
    predicate)."""
    found = []
    for source in sources:
        parts = urlsplit(source.url)
        service = SERVICES.get(parts.hostname or "")
        params = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        reader = {"arXiv": ("search_query", arxiv), "Crossref": ("query", crossref),
                  "OpenAlex": ("search", openalex),
                  "Federal Register": ("conditions[term]", federal_register)}.get(service or "")  # fmt: skip
        if reader is None:
            continue
        key, build = reader
        text = params.get(key) or params.get("query.bibliographic", "")
        if text:
            found.append((source, service or "", text, build(text)))
    return found


def check(
    sources: Iterable[Source], corpus: Sequence[Document], matcher: Matcher
) -> list[QueryReport]:
    """Every search among ``sources`` run over ``corpus``; hits the matcher maps to a section."""
    in_scope: dict[int, bool] = {}
    reports = []
    for source, service, text, predicate in searches(sources):
        hits = [i for i, document in enumerate(corpus) if predicate(document)]
        for i in hits:
            if i not in in_scope:
                d = corpus[i]
                in_scope[i] = bool(matcher.match(MatchInput(d.title, d.summary, d.language)))
        reports.append(QueryReport(source.id, service, text, len(hits),
                                   sum(in_scope[i] for i in hits)))  # fmt: skip
    return reports


# -- a term: words or a phrase in a field --------------------------------------------------
def _term(words: str, field: str = "all") -> Predicate:
    wanted = tuple(stems(words, "en"))

    def found(document: Document) -> bool:
        if not wanted:
            return False
        places = {"ti": (document.title_stems,), "abs": (document.summary_stems,)}.get(
            field, (document.title_stems, document.summary_stems)
        )
        return any(_contains(place, wanted) for place in places)

    return found


def _contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    if len(needle) == 1:
        return needle[0] in haystack
    first, size = needle[0], len(needle)
    return any(
        haystack[i : i + size] == needle
        for i, stem in enumerate(haystack[: len(haystack) - size + 1])
        if stem == first
    )


def _all_of(parts: Sequence[Predicate], none_of: Sequence[Predicate] = ()) -> Predicate:
    return lambda d: all(p(d) for p in parts) and not any(p(d) for p in none_of)


def _any_of(parts: Sequence[Predicate]) -> Predicate:
    return lambda d: any(p(d) for p in parts)


# -- arXiv ---------------------------------------------------------------------------------
_ARXIV_TOKEN = re.compile(r'\(|\)|ANDNOT\b|AND\b|OR\b|(?:(\w+):)?("[^"]*"|[^\s()]+)')


def arxiv(query: str) -> Predicate:
    """arXiv's ``search_query`` (already URL-decoded) as a predicate."""
    tokens = [m for m in _ARXIV_TOKEN.finditer(query) if m.group(0).strip()]
    position = 0

    def expression() -> Predicate:
        nonlocal position
        result = operand()
        while position < len(tokens) and tokens[position].group(0) in ("AND", "OR", "ANDNOT"):
            operator = tokens[position].group(0)
            position += 1
            left, right = result, operand()
            result = {
                "AND": lambda d, a=left, b=right: a(d) and b(d),
                "OR": lambda d, a=left, b=right: a(d) or b(d),
                "ANDNOT": lambda d, a=left, b=right: a(d) and not b(d),
            }[operator]
        return result

    def operand() -> Predicate:
        nonlocal position
        if position >= len(tokens):
            return lambda _d: False
        token = tokens[position]
        position += 1
        if token.group(0) == "(":
            inner = expression()
            if position < len(tokens) and tokens[position].group(0) == ")":
                position += 1
            return inner
        field = (token.group(1) or "all").lower()
        if field not in ("all", "ti", "abs"):
            return lambda _d: False  # authors, categories: not in the corpus
        return _term(token.group(2).strip('"'), field)

    return expression()


# -- Crossref, OpenAlex, Federal Register ----------------------------------------------------
def crossref(query: str) -> Predicate:
    """Crossref ``query``: a hit contains at least two thirds of its distinct words."""
    words = sorted(set(stems(query, "en")))
    need = max(1, math.ceil(len(words) * CROSSREF_SHARE))

    def found(document: Document) -> bool:
        present = set(document.title_stems) | set(document.summary_stems)
        return sum(word in present for word in words) >= need

    return found


_PHRASE_OR_WORD = re.compile(r'([-!]?)("[^"]*"|[^\s"&()]+)')


def _conjunction(text: str, negation: str) -> Predicate:
    required, excluded = [], []
    pending_not = False
    for sign, word in _PHRASE_OR_WORD.findall(text):
        if word == negation:
            pending_not = True
            continue
        term = _term(word.strip('"'))
        (excluded if sign or pending_not else required).append(term)
        pending_not = False
    return _all_of(required, excluded) if required else (lambda _d: False)


def openalex(query: str) -> Predicate:
    """OpenAlex ``search``: every word and phrase, ``OR`` between alternatives, ``NOT``."""
    return _any_of([_conjunction(part, "NOT") for part in re.split(r"\s+OR\s+", query)])


def federal_register(query: str) -> Predicate:
    """Federal Register ``conditions[term]``: ``|`` OR, space or ``&`` AND, ``-``/``!`` NOT."""
    return _any_of([_conjunction(part, "\0") for part in query.split("|")])
