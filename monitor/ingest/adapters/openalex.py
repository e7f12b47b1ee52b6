"""OpenAlex ``/works`` responses (``results``); abstracts rebuilt from the inverted index."""

from __future__ import annotations

from typing import Any

from monitor.ingest.adapters.common import as_object, day, item, results, text_of
from monitor.ingest.records import each
from monitor.relevance.language import normalise_language
from monitor.types import ParsedItem, PublicationInfo


def parse(content: bytes, _content_type: str | None = None, _url: str = "") -> list[ParsedItem]:
    records = results(content, "OpenAlex", "results")
    return each(records, _work, "OpenAlex record")


def _work(record: Any) -> ParsedItem | None:
    work = as_object(record)
    if not work.get("id"):
        return None
    location = work.get("primary_location") or {}
    source = location.get("source") or {}
    biblio = work.get("biblio") or {}
    doi = str(work.get("doi") or "").removeprefix("https://doi.org/") or None
    return item(
        identity=f"doi:{doi.lower()}" if doi else str(work["id"]),
        title=text_of(work.get("title") or work.get("display_name"), "title") or str(work["id"]),
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
            publisher=text_of(source.get("display_name"), "source") or None,
            volume=text_of(biblio.get("volume"), "volume") or None,
            issue=text_of(biblio.get("issue"), "issue") or None,
            doi=doi,
        ),
    )


def abstract(inverted: dict[str, list[int]] | None) -> str:
    """OpenAlex's ``{"word": [positions]}`` back to running text."""
    if not inverted:
        return ""
    positions = [(pos, word) for word, places in inverted.items() for pos in places]
    return " ".join(word for _, word in sorted(positions))
