"""Which item speaks for a development, and how much a development weighs (pure).

Authority, most first: UN documents and meeting records, UN News, research institutes and
journals, other outlets. The lead item is the most authoritative, in English when the
development has an English item, else in its original language; then the best score, the
earliest, the lowest id.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from monitor.types import StoredItem

UN_RECORDS = ("press.un.org", "digitallibrary.un.org", "undocs.org", "documents.un.org",
              "docs.un.org", "meetings.unoda.org", "webtv.un.org")  # fmt: skip
UN_NEWS = ("news.un.org",)
RESEARCH = ("arxiv.org", "unidir.org", "sipri.org", "opcw.org", "unoda.org", "un.org",
            "doi.org", "nature.com", "science.org", "crossref.org", "openalex.org",
            "federalregister.gov", "icrc.org", "iiss.org", "armscontrol.org")  # fmt: skip
AUTHORITY_NAMES = ("UN document or meeting record", "UN News", "research", "other outlet")


def _host(url: str | None) -> str:
    return (urlsplit(url).hostname or "").lower() if url else ""


def _under(host: str, domains: Sequence[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def authority(item: StoredItem) -> int:
    """0 UN document or meeting record, 1 UN News, 2 research or institute, 3 other."""
    host = _host(item.url)
    if item.document is not None or _under(host, UN_RECORDS):
        return 0
    if _under(host, UN_NEWS):
        return 1
    if item.publication is not None or _under(host, RESEARCH):
        return 2
    return 3


def best_score(item: StoredItem) -> float:
    return max((m.score for m in item.matches), default=0.0)


def lead(items: Sequence[StoredItem]) -> StoredItem:
    """The item that speaks for a development (see the module's rule)."""
    has_english = any(item.language == "en" for item in items)
    return min(
        items,
        key=lambda i: (authority(i), has_english and i.language != "en", -best_score(i),
                       i.date, i.id),
    )  # fmt: skip


def outlets(items: Sequence[StoredItem]) -> list[str]:
    """The distinct sources reporting it, in order of first appearance."""
    return list(dict.fromkeys(item.source_title or item.source_id for item in items))


def languages(items: Sequence[StoredItem]) -> list[str]:
    return sorted({item.language or "und" for item in items})


def weight(items: Sequence[StoredItem]) -> tuple[int, int, int, float]:
    """How significant a development is: independent outlets, languages, authority (the
    best, as a negative rank) and the best score; compare as a tuple, larger first."""
    return (
        len(outlets(items)),
        len(languages(items)),
        -min(authority(i) for i in items),
        max(best_score(i) for i in items),
    )
