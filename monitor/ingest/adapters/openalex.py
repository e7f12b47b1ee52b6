"""OpenAlex ``/works`` responses (``results``); abstracts rebuilt from the inverted index."""

from __future__ import annotations

from typing import Any

from monitor.ingest.adapters.common import day, item, results
from monitor.relevance.language import normalise_language
from monitor.types import ParsedItem, PublicationInfo


def parse(content: bytes, _content_type: str | None = None, _url: str = "") -> list[ParsedItem]:
    records = results(content, "OpenAlex", "results")
    return [_work(work) for work in records if work.get("id")]


def _work(work: dict[str, Any]) -> ParsedItem:
    location = work.get("primary_location") or {}
    source = location.get("source") or {}
    biblio = work.get("biblio") or {}
    doi = str(work.get("doi") or "").removeprefix("https://doi.org/") or None
    return item(
        identity=f"doi:{doi.lower()}" if doi else str(work["id"]),
        title=str(work.get("title") or work.get("display_name") or work["id"]),
        url=location.get("landing_page_url") or work.get("doi") or str(work["id"]),
        summary_html=abstract(work.get("abstract_inverted_index")),
        published=day(work.get("publication_date")),
        language=normalise_language(work.get("language")) or "en",
        authors=tuple(
            str(a["author"]["display_name"])
            for a in work.get("authorships") or []
            if (a.get("author") or {}).get("display_name")
        ),
        publication=PublicationInfo(
            publisher=source.get("display_name"),
            volume=biblio.get("volume"),
            issue=biblio.get("issue"),
            doi=doi,
        ),
    )


def abstract(inverted: dict[str, list[int]] | None) -> str:
    """OpenAlex's ``{"word": [positions]}`` back to running text."""
    if not inverted:
        return ""
    positions = [(pos, word) for word, places in inverted.items() for pos in places]
    return " ".join(word for _, word in sorted(positions))
