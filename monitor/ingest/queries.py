"""Watchlists → source queries (pure), written for what each service indexes.

* UN Digital Library (catalogue records): an RSS search per tracked process by its formal
  name (the longest English alias of four words or more: records carry formal titles, not
  "DA ASAT"), and a MARCXML search per cited symbol by field (``191__a`` the document's own
  symbol, ``993__a`` related documents), weekly: cited symbols are old and fixed.
* arXiv and Crossref (papers): per research topic, 2-4 distinctive technical terms (phrases
  of two to four words, no UN process wording, no single everyday word) combined with a
  domain word (``DOMAIN``): arXiv ``(all:"t1" OR all:"t2") AND (all:military OR …)``, newest
  first; Crossref ``query=`` one term and one domain word, relevance order, the last 30 days.
  Only the technology sections (II.*) have paper queries; a topic without such terms (a
  treaty process, a policy debate) has none.

Limits keep a large watchlist from exploding into thousands of requests: at most
``per_watchlist`` queries of each kind per watchlist and ``total`` overall, taken in turn
from each watchlist so that no section is left without queries.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import quote, quote_plus

from monitor.relevance.watchlists import Process, Topic, Watchlist, WatchlistSet
from monitor.types import Source

UNDL_RSS = "https://digitallibrary.un.org/rss?ln=en&p={query}&rg=50&so=d"
UNDL_MARCXML = "https://digitallibrary.un.org/search?ln=en&p={query}&of=xm&rg=50&so=d"
ARXIV = (
    "https://export.arxiv.org/api/query?search_query={query}"
    "&sortBy=submittedDate&sortOrder=descending&max_results=50"
)
CROSSREF = "https://api.crossref.org/works?query={query}&filter=from-pub-date:{{since}}&rows=50"
DOMAIN = ("military", "weapon", "security")
"""Crossref's domain words, in order of preference (the first not already in the term)."""
PROCESS_WORDS = frozenset({
    "resolution", "assembly", "secretary", "general", "report", "committee", "council",
    "convention", "treaty", "governmental", "member", "states", "state", "united", "nations",
    "un", "pact", "paragraph", "para", "conference", "norms", "norm", "framework",
    "governance", "declaration", "principles", "consultations", "process", "mandate",
    "behaviour", "behavior", "regime", "agenda", "session", "group",
})  # fmt: skip
STOP_WORDS = frozenset({"of", "the", "for", "and", "in", "on", "to", "a", "an", "with", "by",
                        "from", "at", "into", "against"})  # fmt: skip
DOMAIN_EXTRA = ("security", "biosecurity", "dual-use", "misuse", "threat")
"""Added to the security vocabulary: how papers on dual-use technology name the risk."""
TERMS_PER_QUERY = 4
CROSSREF_PER_WATCHLIST = 2
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'-]*")


@dataclass(frozen=True, slots=True)
class QueryPlan:
    """Which generated sources to make, and how many at most."""

    undl: bool = True
    arxiv: bool = True
    crossref: bool = True
    per_watchlist: int = 6
    total: int = 200


def generated_sources(watchlists: WatchlistSet, plan: QueryPlan) -> list[Source]:
    """Sources the watchlists ask for, within the plan's limits, without duplicate URLs:
    each watchlist's first query, then each one's second, and so on, up to ``total``."""
    domain = domain_words(watchlists)
    per_watchlist = [_for_watchlist(w, plan, domain) for w in watchlists.watchlists]
    sources: list[Source] = []
    seen: set[str] = set()
    for source in itertools.chain.from_iterable(itertools.zip_longest(*per_watchlist)):
        if source is not None and source.url not in seen and len(sources) < plan.total:
            seen.add(source.url)
            sources.append(source)
    return sources


def domain_words(watchlists: WatchlistSet) -> tuple[str, ...]:
    """The security vocabulary papers are narrowed by: the single lower-case words of the
    matcher's ``security_context`` (context.yaml), and ``DOMAIN_EXTRA``."""
    words = [t for t in watchlists.context.security_context.get("en", [])
             if " " not in t and t.islower()]  # fmt: skip
    return tuple(dict.fromkeys([*words, *DOMAIN_EXTRA]))


def technical_terms(topic: Topic) -> list[str]:
    """A topic's English strong terms a paper could contain: two to four words, none of
    them UN process wording, at most ``TERMS_PER_QUERY``."""
    found = []
    for term in topic.strong.get("en", []):
        words = _WORD.findall(term)
        if not 2 <= len(words) <= 4 or len(words) != len(term.split()):
            continue
        if any(word.lower() in PROCESS_WORDS for word in words):
            continue
        found.append(term)
    return found[:TERMS_PER_QUERY]


def formal_name(process: Process) -> str:
    """The name a catalogue record carries: the longest English alias of four words or more
    (the body's or instrument's formal title), else the process's own name."""
    formal = [alias for alias in process.aliases.get("en", []) if len(alias.split()) >= 4]
    return max(formal, key=len) if formal else process.name


def arxiv_query(terms: list[str], domain: tuple[str, ...]) -> str:
    """``((all:w1 AND all:w2) OR …) AND (all:military OR …)``, URL-encoded for
    ``search_query``: each term's words in any order (papers rarely use a headline's exact
    phrase), one of the terms, and one of the domain words."""
    either = "+OR+".join(_all_words(term) for term in terms)
    domain = "+OR+".join(f"all:{quote(word)}" for word in domain)
    return f"%28{either}%29+AND+%28{domain}%29"


def _for_watchlist(watchlist: Watchlist, plan: QueryPlan, domain: tuple[str, ...]) -> list[Source]:
    """This watchlist's queries, interleaved by kind (so a low total keeps every kind)."""
    research = watchlist.id == "II" or watchlist.id.startswith("II.")  # the technologies
    kinds = [
        _undl(watchlist, plan) if plan.undl else [],
        _arxiv(watchlist, plan, domain) if plan.arxiv and research else [],
        _crossref(watchlist, plan) if plan.crossref and research else [],
    ]
    return [s for s in itertools.chain.from_iterable(itertools.zip_longest(*kinds)) if s]


def _undl(watchlist: Watchlist, plan: QueryPlan) -> list[Source]:
    made = []
    for process in watchlist.processes[: plan.per_watchlist]:
        name = formal_name(process)
        made.append(Source(
            f"undl-{process.id}", f"UN Digital Library: {name}",
            UNDL_RSS.format(query=quote_plus(f'"{name}"')), timedelta(days=1), "feed", "en",
        ))  # fmt: skip
    symbols = list(dict.fromkeys(s for p in watchlist.processes for s in p.symbols))
    for symbol in symbols[: plan.per_watchlist]:
        query = f'191__a:"{symbol}" or 993__a:"{symbol}"'
        made.append(Source(
            f"undl-doc-{_slug(symbol)}", f"UN Digital Library: {symbol} and related documents",
            UNDL_MARCXML.format(query=quote_plus(query)), timedelta(days=7), "undl-marcxml",
            "en",
        ))  # fmt: skip
    return made


def _research_topics(watchlist: Watchlist) -> list[tuple[int, Topic, list[str]]]:
    topics = [(n, t, technical_terms(t)) for n, t in enumerate(watchlist.topics, start=1)]
    return [(n, t, terms) for n, t, terms in topics if len(terms) >= 2]


def _arxiv(watchlist: Watchlist, plan: QueryPlan, domain: tuple[str, ...]) -> list[Source]:
    slug = _slug(watchlist.id)
    made = []
    for number, topic, terms in _research_topics(watchlist)[: plan.per_watchlist]:
        url = ARXIV.format(query=arxiv_query(terms, domain))
        made.append(Source(f"arxiv-{slug}-{number}", f"arXiv: {topic.label}", url,
                           timedelta(days=1), "feed", "en"))  # fmt: skip
    return made


def _crossref(watchlist: Watchlist, plan: QueryPlan) -> list[Source]:
    slug = _slug(watchlist.id)
    limit = min(plan.per_watchlist, CROSSREF_PER_WATCHLIST)
    made = []
    for number, topic, terms in _research_topics(watchlist)[:limit]:
        term = terms[0]
        words = {word.lower() for word in _WORD.findall(term)}
        domain = next(word for word in DOMAIN if word not in words)
        query = quote_plus(f"{term} {domain}")
        made.append(Source(
            f"crossref-{slug}-{number}", f"Crossref: {topic.label}",
            CROSSREF.format(query=query), timedelta(days=1), "crossref", "en",
        ))  # fmt: skip
    return made


def _all_words(term: str) -> str:
    words = [w for w in term.split() if w.lower() not in STOP_WORDS]
    joined = "+AND+".join(f"all:{quote(word)}" for word in words)
    return f"%28{joined}%29" if len(words) > 1 else joined


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
