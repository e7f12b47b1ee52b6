"""Helpers the adapters share: building a sanitized ``ParsedItem``, JSON and dates."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from typing import Any

from monitor.errors import ParseError
from monitor.ingest.parser import MAX_SUMMARY_CHARS, MAX_TITLE_CHARS
from monitor.ingest.sanitize import html_and_text, shorten, to_text
from monitor.relevance import symbols
from monitor.types import DocumentInfo, ParsedItem, PublicationInfo


def load_json(content: bytes, what: str) -> Any:
    try:
        return json.loads(content)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise ParseError(f"not a {what} JSON response: {str(exc)[:200]}") from None


def results(content: bytes, what: str, key: str) -> list[Any]:
    """The list of records under ``key`` of a JSON API response (each checked by
    ``as_object`` when it is read)."""
    data = load_json(content, what)
    found = data.get(key) if isinstance(data, dict) else None
    if not isinstance(found, list):
        raise ParseError(f"not a {what} response: no {key} list")
    return found


def as_object(record: Any) -> dict[str, Any]:
    """A JSON record that must be an object; ``TypeError`` otherwise (the record is skipped)."""
    if not isinstance(record, dict):
        raise TypeError(f"not an object but {type(record).__name__}")
    return record


def text_of(value: Any, field: str, join: bool = True) -> str:
    """A JSON text field: a string, a number, or (with ``join``) a list of strings joined;
    ``""`` when absent; ``ValueError`` naming the field for anything else."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if join and isinstance(value, list) and all(isinstance(part, str) for part in value):
        return " ".join(value)
    raise ValueError(f"{field} is not text but {type(value).__name__}")


def day(value: str | None) -> datetime | None:
    """``2026-11-24`` (or a longer ISO string) → midnight UTC; ``None`` when unparseable."""
    if not value:
        return None
    try:
        return datetime.combine(date.fromisoformat(value[:10]), datetime.min.time(), tzinfo=UTC)
    except ValueError:
        return None


def item(
    *,
    identity: str,
    title: str,
    url: str | None,
    summary_html: str = "",
    published: datetime | None = None,
    language: str | None = None,
    authors: tuple[str, ...] = (),
    document: DocumentInfo | None = None,
    publication: PublicationInfo | None = None,
) -> ParsedItem:
    """A normalised item: text sanitized, symbols extracted, content hashed. ``ValueError``
    when a text field is not text (the adapter skips the record)."""
    for name, value in (("title", title), ("url", url), ("summary", summary_html)):
        if value is not None and not isinstance(value, str):
            raise ValueError(f"{name} is not text but {type(value).__name__}")
    clean_title = shorten(to_text(title), MAX_TITLE_CHARS) or "(untitled)"
    clean_summary, summary_text = html_and_text(summary_html, MAX_SUMMARY_CHARS)
    found = symbols.extract(f"{clean_title}\n{summary_text}")
    if document and document.symbol not in found:
        found.insert(0, document.symbol)
    digest = hashlib.sha256(f"{clean_title}\n{summary_text}".encode()).hexdigest()[:32]
    return ParsedItem(
        identity=identity[:1000],
        title=clean_title,
        url=url if url and url.startswith(("http://", "https://")) else None,
        summary_html=clean_summary,
        summary_text=summary_text,
        published=published,
        language=language,
        authors=authors,
        content_hash=digest,
        document=document,
        publication=publication,
        symbols=tuple(found),
    )
