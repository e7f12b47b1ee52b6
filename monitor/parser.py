"""Feed bytes → ``ParsedItem``s: feedparser for RSS and Atom, safe XML, UTC dates, clean text."""

from __future__ import annotations

import calendar
import hashlib
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import feedparser
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as safe_fromstring

from monitor import symbols
from monitor.errors import ParseError
from monitor.language import guess_language, normalise_language
from monitor.sanitize import clean_html, shorten, to_text
from monitor.types import ParsedItem

MAX_TITLE_CHARS = 500
MAX_SUMMARY_CHARS = 4000
MAX_ITEMS = 5000
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_LOOKS_LIKE_HTML = re.compile(rb"^\s*(?:<!DOCTYPE\s+html|<html)", re.IGNORECASE)


def parse_feed(
    content: bytes, content_type: str | None = None, default_language: str | None = None
) -> list[ParsedItem]:
    """Parse RSS or Atom bytes; raise ``ParseError`` for anything that is not a readable feed."""
    if not content.strip():
        raise ParseError("empty response: no feed")
    head = content[:4096].lstrip(b"\xef\xbb\xbf")
    if _LOOKS_LIKE_HTML.match(head):
        raise ParseError("an HTML page, not a feed")
    _refuse_entities(content)
    headers = {"content-type": content_type} if content_type else {}
    parsed = feedparser.parse(
        content, response_headers=headers, sanitize_html=False, resolve_relative_uris=False
    )
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        reason = parsed.get("bozo_exception", "no feed elements found")
        raise ParseError(f"not a readable feed: {reason}")
    feed_language = normalise_language(parsed.feed.get("language")) or default_language
    return [_item(entry, feed_language) for entry in parsed.entries[:MAX_ITEMS]]


def _refuse_entities(content: bytes) -> None:
    """Reject XML that declares entities (billion laughs, external entities)."""
    if not _DOCTYPE.search(content[:65536]):
        return
    try:
        safe_fromstring(content, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ParseError(
            f"refused: the feed declares XML entities ({type(exc).__name__})"
        ) from None
    except Exception:  # noqa: BLE001 - malformed XML is for feedparser to recover or refuse
        return


def _item(entry: Any, feed_language: str | None) -> ParsedItem:
    title = shorten(to_text(entry.get("title", "")), MAX_TITLE_CHARS) or "(untitled)"
    raw_summary = _summary_html(entry)
    summary_html = clean_html(raw_summary, MAX_SUMMARY_CHARS)
    summary_text = to_text(raw_summary, MAX_SUMMARY_CHARS)
    link = _safe_link(entry.get("link"))
    content_hash = _hash(title, summary_text)
    identity = (entry.get("id") or "").strip() or link or f"hash:{content_hash}"
    language = normalise_language(_entry_language(entry)) or _language_of(
        f"{title} {summary_text}", feed_language
    )
    return ParsedItem(
        symbols=tuple(symbols.extract(f"{title}\n{summary_text}")),
        identity=identity[:1000],
        title=title,
        url=link,
        summary_html=summary_html,
        summary_text=summary_text,
        published=_utc(entry.get("published_parsed") or entry.get("updated_parsed")),
        language=language,
        authors=tuple(_authors(entry.get("authors", []))),
        content_hash=content_hash,
    )


def _language_of(text: str, feed_language: str | None) -> str | None:
    """The feed's language, unless the text plainly is in another (an Arabic story in an
    English feed): the guess wins when it is more than the English fallback."""
    guessed = guess_language(text)
    return guessed if guessed != "en" else feed_language


def _summary_html(entry: Any) -> str:
    for content in entry.get("content", []):
        if content.get("value"):
            return str(content["value"])
    return str(entry.get("summary", ""))


def _entry_language(entry: Any) -> str | None:
    for detail in ("title_detail", "summary_detail"):
        language = entry.get(detail, {}).get("language")
        if language:
            return str(language)
    return None


def _safe_link(link: str | None) -> str | None:
    if not link:
        return None
    link = link.strip()
    return link[:2000] if link.lower().startswith(("http://", "https://")) else None


def _authors(authors: Iterable[Any]) -> Iterable[str]:
    for author in authors:
        name = to_text(str(author.get("name", "")), 200)
        if name:
            yield name


def _utc(parsed_time: Any) -> datetime | None:
    if not parsed_time:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed_time), tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _hash(title: str, text: str) -> str:
    return hashlib.sha256(f"{title}\n{text}".encode()).hexdigest()[:32]
