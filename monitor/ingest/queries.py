"""Watchlists → source queries (pure), written for what each service indexes.

* UN Digital Library (catalogue records): an RSS search per tracked process by its formal
  name (the longest English alias of four words or more: records carry formal titles, not
  "DA ASAT"), and a MARCXML search per cited symbol by field (``191__a`` the document's own
  symbol, ``993__a`` related documents), weekly: cited symbols are old and fixed.
* arXiv and Crossref (papers): per research topic, 2-4 distinctive technical terms combined
  with a domain word: arXiv ``((all:w1 AND all:w2) OR …) AND (all:military OR …)``, newest
  first; Crossref ``query=`` the topic's first term and one domain word (``crossref_domain``),
  relevance order, the last 30 days. A technical term (``is_technical``) has two to four
  words, no UN process wording ("misuse of ICTs", "confidence-building measure"), mostly
  specific words rather than generic ones ("digital verification technology" is all generic)
  and a specific word besides "AI" ("AI for verification" is formal verification as much as
  arms control); a term with the same words as an earlier one adds nothing. Only the
  technology sections (II.*) have paper queries, and a topic with fewer than two technical
  terms (a treaty process, a policy debate) has none.

Limits keep a large watchlist from exploding into thousands of requests: at most
``per_watchlist`` queries of each kind per watchlist and ``total`` overall, taken in turn
from each watchlist so that no section is left without queries.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import quote, quote_plus

from monitor.relevance.textnorm import stems
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
"""Crossref's domain words, in order of preference (the first not already in the term), unless
the topic speaks of its risk otherwise (see ``crossref_domain``)."""
# Wording of UN processes, law and diplomacy rather than of technology.
PROCESS_WORDS = frozenset({
    "resolution", "assembly", "secretary", "general", "report", "committee", "council",
    "convention", "treaty", "governmental", "member", "states", "state", "united", "nations",
    "un", "pact", "paragraph", "para", "conference", "norms", "norm", "framework",
    "governance", "declaration", "principles", "consultations", "process", "mandate",
    "behaviour", "behavior", "regime", "agenda", "session", "group", "law", "diplomacy",
    "confidence-building", "sovereignty", "sanctions",
})  # fmt: skip
STOP_WORDS = frozenset({"of", "the", "for", "and", "in", "on", "to", "a", "an", "with", "by",
                        "from", "at", "into", "against"})  # fmt: skip
GENERIC_WORDS = frozenset({
    "digital", "technology", "technologies", "technological", "tool", "tools", "system",
    "systems", "capability", "capabilities", "application", "applications", "use", "uses",
    "misuse", "dual-use", "weaponization", "weaponisation", "verification", "international",
    "peace", "commercial", "emerging", "risk", "risks", "safeguard", "safeguards", "ict",
    "icts", "information", "security", "industry", "proliferation", "mercenary",
})  # fmt: skip
"""Words that name no technology by themselves ("misuse of digital technologies", "digital
verification technology", "spyware proliferation"): fewer than half of a term's words may be."""
AI_WORDS = frozenset({"ai", "artificial", "intelligence", "ai-enabled", "ai-powered", "ai-driven",
                      "ai-assisted", "ai-based"})  # fmt: skip
"""Words that alone do not say what a paper is about ("AI for verification" is formal
verification as much as arms control): a term needs a word outside these and ``GENERIC_WORDS``."""
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
    """A topic's English strong terms a paper could contain (see ``is_technical``), in the
    watchlist's order, at most ``TERMS_PER_QUERY``; a term with the same words as an earlier
    one in another order or form ("proliferation of spyware" after "spyware proliferation")
    adds nothing to a search that takes each term's words in any order, and is left out."""
    found: dict[frozenset[str], str] = {}
    for term in topic.strong.get("en", []):
        key = frozenset(stems(" ".join(_content_words(term)), "en"))
        if is_technical(term) and key not in found:
            found[key] = term
    return list(found.values())[:TERMS_PER_QUERY]


def is_technical(term: str) -> bool:
    """Whether a term is what research services index: two to four words, none of them UN
    process wording (``PROCESS_WORDS``), fewer than half of the others generic
    (``GENERIC_WORDS``), and one of them specific: neither generic nor "AI" (``AI_WORDS``)."""
    words = _WORD.findall(term)
    if not 2 <= len(words) <= 4 or len(words) != len(term.split()):
        return False
    if any(word.lower() in PROCESS_WORDS for word in words):
        return False
    content = _content_words(term)
    specific = [word for word in content if word not in GENERIC_WORDS | AI_WORDS]
    return _generic(term) * 2 < len(content) and bool(specific)


def crossref_domain(term: str, topic: Topic) -> str:
    """Crossref's one domain word: the first of ``DOMAIN`` not in the term; but when the
    topic's own English terms use none of ``DOMAIN`` and do use a word of ``DOMAIN_EXTRA``
    (AI and biology say "biosecurity", not "military"), the one they use most."""
    texts = [*topic.strong.get("en", []), *topic.broad.get("en", [])]
    used = Counter(word.lower() for text in texts for word in _WORD.findall(text))
    words = {word.lower() for word in _WORD.findall(term)}
    extra = [word for word in DOMAIN_EXTRA if used[word] and word not in words]
    if extra and not any(used[word] for word in DOMAIN):
        return max(extra, key=lambda word: used[word])
    return next(word for word in DOMAIN if word not in words)


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
        query = quote_plus(f"{term} {crossref_domain(term, topic)}")
        made.append(Source(
            f"crossref-{slug}-{number}", f"Crossref: {topic.label}",
            CROSSREF.format(query=query), timedelta(days=1), "crossref", "en",
        ))  # fmt: skip
    return made


def _content_words(term: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(term) if w.lower() not in STOP_WORDS]


def _generic(term: str) -> int:
    return sum(word in GENERIC_WORDS for word in _content_words(term))


def _all_words(term: str) -> str:
    words = [w for w in term.split() if w.lower() not in STOP_WORDS]
    joined = "+AND+".join(f"all:{quote(word)}" for word in words)
    return f"%28{joined}%29" if len(words) > 1 else joined


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
