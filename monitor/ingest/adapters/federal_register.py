"""Federal Register documents API (``/api/v1/documents.json``)."""

from __future__ import annotations

from typing import Any

from monitor.ingest.adapters.common import as_object, day, item, results, text_of
from monitor.ingest.records import each
from monitor.types import ParsedItem, PublicationInfo


def parse(content: bytes, _content_type: str | None = None, _url: str = "") -> list[ParsedItem]:
    records = results(content, "Federal Register", "results")
    return each(records, _document, "Federal Register document")


def _document(record: Any) -> ParsedItem | None:
    document = as_object(record)
    if not document.get("document_number"):
        return None
    agencies = [a.get("name") or a.get("raw_name") for a in document.get("agencies") or []]
    agency = ", ".join(str(a) for a in agencies if a) or None
    return item(
        identity=f"fr:{document['document_number']}",
        title=text_of(document.get("title"), "title") or str(document["document_number"]),
        url=document.get("html_url"),
        summary_html=str(document.get("abstract") or ""),
        published=day(document.get("publication_date")),
        language="en",
        publication=PublicationInfo(publisher=f"Federal Register ({agency})" if agency else
                                    "Federal Register"),
    )  # fmt: skip
