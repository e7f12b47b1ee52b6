"""Crossref REST API ``/works`` responses (``message.items``)."""

from __future__ import annotations

from typing import Any

from monitor.errors import ParseError
from monitor.ingest.adapters.common import day, item, load_json
from monitor.relevance.language import normalise_language
from monitor.types import ParsedItem, PublicationInfo


def parse(content: bytes, _content_type: str | None = None, _url: str = "") -> list[ParsedItem]:
    data = load_json(content, "Crossref")
    try:
        works = data["message"]["items"]
    except (KeyError, TypeError):
        raise ParseError("not a Crossref works list: no message.items") from None
    return [_work(work) for work in works if isinstance(work, dict) and work.get("DOI")]


def _work(work: dict[str, Any]) -> ParsedItem:
    doi = str(work["DOI"])
    title = " ".join(work.get("title") or []) or doi
    journal = (work.get("container-title") or [None])[0] or work.get("publisher")
    return item(
        identity=f"doi:{doi.lower()}",
        title=title,
        url=work.get("URL") or f"https://doi.org/{doi}",
        summary_html=str(work.get("abstract") or ""),
        published=_published(work),
        language=normalise_language(work.get("language")) or "en",
        authors=tuple(_authors(work.get("author") or [])),
        publication=PublicationInfo(
            publisher=journal, volume=work.get("volume"), issue=work.get("issue"), doi=doi
        ),
    )


def _published(work: dict[str, Any]):
    for key in ("published", "published-online", "published-print", "issued", "created"):
        parts = (work.get(key) or {}).get("date-parts") or [[]]
        if parts and parts[0] and parts[0][0]:
            year, month, dom = (list(parts[0]) + [1, 1])[:3]
            return day(f"{int(year):04d}-{int(month):02d}-{int(dom):02d}")
    return None


def _authors(authors: list[dict[str, Any]]) -> list[str]:
    names = []
    for author in authors:
        name = " ".join(filter(None, (author.get("given"), author.get("family"))))
        name = name or author.get("name", "")
        if name:
            names.append(str(name))
    return names
