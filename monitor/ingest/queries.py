"""Watchlists → source queries (pure): what to ask the UN Digital Library, arXiv and Crossref.

* UN Digital Library: an RSS search per tracked process (its name, or its first English
  alias when shorter) and a MARCXML search per document symbol a process cites;
* arXiv: one search per topic that has strong English terms (its first three);
* Crossref: one search per section (its topics' first strong English terms).

Limits keep a large watchlist from exploding into thousands of requests: at most
``per_watchlist`` queries of each kind per watchlist and ``total`` overall.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import quote, quote_plus

from monitor.relevance.watchlists import Watchlist, WatchlistSet
from monitor.types import Source

UNDL_RSS = "https://digitallibrary.un.org/rss?ln=en&p={query}&rg=50"
UNDL_MARCXML = "https://digitallibrary.un.org/search?ln=en&p={query}&of=xm&rg=50&so=d"
ARXIV = (
    "https://export.arxiv.org/api/query?search_query={query}"
    "&sortBy=submittedDate&sortOrder=descending&max_results=50"
)
CROSSREF = (
    "https://api.crossref.org/works?query.bibliographic={query}&sort=published&order=desc"
    "&rows=50&mailto={mailto}"
)


@dataclass(frozen=True, slots=True)
class QueryPlan:
    """Which generated sources to make, and how many at most."""

    undl: bool = True
    arxiv: bool = True
    crossref: bool = True
    per_watchlist: int = 6
    total: int = 200
    mailto: str = "horizon-monitor@example.org"


def generated_sources(watchlists: WatchlistSet, plan: QueryPlan) -> list[Source]:
    """Sources the watchlists ask for, within the plan's limits, without duplicate URLs."""
    sources: list[Source] = []
    seen: set[str] = set()
    for watchlist in watchlists.watchlists:
        for source in _for_watchlist(watchlist, plan):
            if source.url not in seen and len(sources) < plan.total:
                seen.add(source.url)
                sources.append(source)
    return sources


def _for_watchlist(watchlist: Watchlist, plan: QueryPlan) -> list[Source]:
    slug = watchlist.id.lower().replace(".", "-")
    made: list[Source] = []
    if plan.undl:
        for process in watchlist.processes[: plan.per_watchlist]:
            phrase = _shortest_name(process.name, process.aliases.get("en", []))
            made.append(Source(
                f"undl-{process.id}", f"UN Digital Library: {phrase}",
                UNDL_RSS.format(query=quote_plus(f'"{phrase}"')), timedelta(days=1), "feed",
                "en",
            ))  # fmt: skip
        symbols = [s for p in watchlist.processes for s in p.symbols][: plan.per_watchlist]
        for symbol in symbols:
            made.append(Source(
                f"undl-doc-{_slug(symbol)}", f"UN Digital Library records citing {symbol}",
                UNDL_MARCXML.format(query=quote_plus(f'"{symbol}"')), timedelta(days=1),
                "undl-marcxml", "en",
            ))  # fmt: skip
    topics = [t for t in watchlist.topics if t.strong.get("en")]
    if plan.arxiv:
        for number, topic in enumerate(topics[: plan.per_watchlist], start=1):
            terms = topic.strong["en"][:3]
            query = "+OR+".join(f"all:{quote(_phrase(term))}" for term in terms)
            made.append(Source(
                f"arxiv-{slug}-{number}", f"arXiv: {topic.label}", ARXIV.format(query=query),
                timedelta(days=1), "feed", "en",
            ))  # fmt: skip
    if plan.crossref and topics:
        terms = [t.strong["en"][0] for t in topics[: plan.per_watchlist]]
        made.append(Source(
            f"crossref-{slug}", f"Crossref: {watchlist.title}",
            CROSSREF.format(query=quote_plus(" ".join(terms)), mailto=quote_plus(plan.mailto)),
            timedelta(days=1), "crossref", "en",
        ))  # fmt: skip
    return made


def _shortest_name(name: str, aliases: list[str]) -> str:
    words = [a for a in aliases if len(a.split()) >= 2]
    return min([name, *words], key=len)


def _phrase(term: str) -> str:
    return f'"{term}"' if " " in term else term


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
