"""Crossref REST API ``/works`` responses (``message.items``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from monitor.errors import ParseError
from monitor.ingest.adapters.common import as_object, day, item, load_json, text_of
from monitor.ingest.records import each
from monitor.relevance.language import normalise_language
from monitor.types import ParsedItem, PublicationInfo


def parse(content: bytes, _content_type: str | None = None, _url: str = "") -> list[ParsedItem]:
    data = load_json(content, "Crossref")
    try:
        works = data["message"]["items"]
    except (KeyError, TypeError):
        raise ParseError("not a Crossref works list: no message.items") from None
    if not isinstance(works, list):
        raise ParseError("not a Crossref works list: message.items is not a list")
    return each(works, _work, "Crossref record")


def _work(record: Any) -> ParsedItem | None:
    work = as_object(record)
    if not work.get("DOI"):
        return None
    doi = text_of(work["DOI"], "DOI", join=False)
    title = text_of(work.get("title"), "title") or doi
    containers = work.get("container-title")
    journal = text_of(containers[:1] if isinstance(containers, list) else containers,
                      "container-title") or text_of(work.get("publisher"), "publisher")  # fmt: skip
    return item(
        identity=f"doi:{doi.lower()}",
        title=title,
        url=text_of(work.get("URL"), "URL", join=False) or f"https://doi.org/{doi}",
        summary_html=text_of(work.get("abstract"), "abstract"),
        published=_published(work),
        language=normalise_language(work.get("language")) or "en",
        authors=tuple(_authors(work.get("author") or [])),
        publication=PublicationInfo(
            publisher=journal or None,
            volume=text_of(work.get("volume"), "volume") or None,
            issue=text_of(work.get("issue"), "issue") or None,
            doi=doi,
        ),
    )


def _published(work: dict[str, Any]) -> datetime | None:
    for key in ("published", "published-online", "published-print", "issued", "created"):
        parts = (work.get(key) or {}).get("date-parts") or [[]]
        if parts and parts[0] and parts[0][0]:
            year, month, dom = (list(parts[0]) + [1, 1])[:3]
            return day(f"{int(year):04d}-{int(month):02d}-{int(dom):02d}")
    return None


def _authors(authors: list[Any]) -> list[str]:
    names = []
    for author in authors:
        author = as_object(author)
        given, family = (
            text_of(author.get("given"), "given"),
            text_of(author.get("family"), "family"),
        )
        name = " ".join(filter(None, (given, family))) or text_of(author.get("name"), "name")
        if name:
            names.append(name)
    return names
