"""Feed bytes → ``ParsedItem``s: feedparser for RSS and Atom, safe XML, UTC dates, clean text."""

from __future__ import annotations

import calendar
import hashlib
import html
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from xml.parsers import expat

import fastfeedparser
import feedparser

from monitor.errors import ParseError
from monitor.ingest.records import each
from monitor.ingest.sanitize import collapse_spaces, html_and_text, shorten, to_text
from monitor.relevance import symbols
from monitor.relevance.language import normalise_language
from monitor.types import ParsedItem

MAX_TITLE_CHARS = 500
MAX_SUMMARY_CHARS = 4000
MAX_ITEMS = 5000
USE_FAST_PARSER = True
_ENTRY_TAG = re.compile(rb"<(?:item|entry)[\s>/]")
_RSS_LANGUAGE = re.compile(rb"<language>\s*([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?)\s*</language>")
_XML_LANG = re.compile(rb"<(?:feed|rss|rdf:RDF)\b[^>]*\bxml:lang=[\"']([A-Za-z-]+)[\"']")
_LOOKS_LIKE_HTML = re.compile(rb"^\s*(?:<!DOCTYPE\s+html|<html)", re.IGNORECASE)
# Atom text constructs the fast parser reads wrongly: base64 (``mode`` or ``type``), XHTML,
# and plain text that looks like markup (``type="text"`` or no type, holding ``&lt;``).
_ATOM = re.compile(rb"http://www\.w3\.org/2005/Atom|http://purl\.org/atom/ns#")
_ATOM_TYPED = re.compile(
    rb"<(?:[\w-]+:)?(?:(?:title|summary|subtitle)\b[^>]*\b(?:mode|type)\s*=\s*[\"']"
    rb"(?:base64|xhtml|application/xhtml\+xml|[^\"']*base64)"
    rb"|content\b[^>]*\b(?:mode|type)\s*=\s*[\"'](?:base64|[^\"']*base64))",
    re.IGNORECASE,
)
_ATOM_TEXT_MARKUP = re.compile(
    rb"<(?:[\w-]+:)?(?:title|summary)\b(?![^>]*\btype\s*=\s*[\"'](?:html|text/html)[\"'])"
    rb"[^>]*>[^<]*(?:&lt;|<!\[CDATA\[[^\]]*<)"
)


def parse_feed(
    content: bytes, content_type: str | None = None, default_language: str | None = None
) -> list[ParsedItem]:
    """Parse RSS or Atom bytes; raise ``ParseError`` for anything that is not a readable feed."""
    if not content.strip():
        raise ParseError("empty response: no feed")
    head = content[:4096].lstrip(b"\xef\xbb\xbf")
    if _LOOKS_LIKE_HTML.match(head):
        raise ParseError("an HTML page, not a feed")
    fast = _parse_fast(content) if _well_formed_without_entities(content) else None
    if fast is not None:
        feed, entries = fast
    else:
        headers = {"content-type": content_type} if content_type else {}
        try:
            parsed = feedparser.parse(
                content, response_headers=headers, sanitize_html=False, resolve_relative_uris=False
            )
        except (AttributeError, TypeError, ValueError, LookupError) as exc:  # loose-parser bugs
            raise ParseError(f"not a readable feed: {type(exc).__name__}: {exc}") from None
        if not parsed.entries and (parsed.bozo or not parsed.get("version")):
            reason = parsed.get("bozo_exception", "no feed elements found")
            raise ParseError(f"not a readable feed: {reason}")
        feed, entries = parsed.feed, parsed.entries
    entries = [entry for entry in entries if _has_substance(entry)]
    feed_language = (
        normalise_language(feed.get("language"))
        or normalise_language(_declared_language(content))
        or default_language
    )
    return each(entries[:MAX_ITEMS], lambda entry: _item(entry, feed_language), "entry")


def _parse_fast(content: bytes) -> tuple[Any, list[Any]] | None:
    """fastfeedparser (lxml) for well-formed feeds; ``None`` sends the bytes to feedparser,
    which also reads old dialects and recovers broken XML."""
    if not USE_FAST_PARSER:
        return None
    try:
        parsed = fastfeedparser.parse(content)
    except Exception:  # noqa: BLE001 - anything it cannot read, feedparser tries
        return None
    if _ATOM.search(content[:4096]) and (
        _ATOM_TYPED.search(content) or _ATOM_TEXT_MARKUP.search(content)
    ):
        return None  # Atom's type and mode on titles and summaries: feedparser honours them
    entries = list(parsed.get("entries") or [])
    if not entries or content.count(b"<author") > len(entries) + 1:
        return None  # it keeps only the first of several authors per entry: feedparser
    if len(_ENTRY_TAG.findall(content)) > len(entries):
        return None  # it stopped early (lxml's depth limit): feedparser reads them all
    return parsed.get("feed") or {}, entries


class _EntityDeclared(Exception):
    pass


def _well_formed_without_entities(content: bytes) -> bool:
    """Is the document strict XML? Refuse it (``ParseError``) if it declares any entity,
    anywhere and in any encoding: billion laughs, external entities, parameter entities.

    One expat pass over the whole document; no entity is ever expanded or fetched.
    """
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*_: object) -> None:
        raise _EntityDeclared

    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    try:
        parser.Parse(content, True)
    except _EntityDeclared:
        raise ParseError("refused: the feed declares XML entities") from None
    except expat.ExpatError:  # entities are declared before the root: already seen
        return False
    return True


def _has_substance(entry: Any) -> bool:
    """Has the entry anything to show (a truncated feed's cut-off entry has not)?"""
    return any(
        str(entry.get(key) or "").strip()
        for key in ("title", "id", "link", "summary", "description")
    ) or any(content.get("value") for content in entry.get("content", []))


def _item(entry: Any, feed_language: str | None) -> ParsedItem:
    title = shorten(_title_text(entry), MAX_TITLE_CHARS) or "(untitled)"
    summary_html, summary_text = html_and_text(_summary_html(entry), MAX_SUMMARY_CHARS)
    link = _safe_link(entry.get("link"))
    content_hash = _hash(title, summary_text)
    identity = (entry.get("id") or "").strip() or link or f"hash:{content_hash}"
    language = normalise_language(_entry_language(entry)) or feed_language
    return ParsedItem(
        symbols=tuple(symbols.extract(f"{title}\n{summary_text}")),
        identity=identity[:1000],
        title=title,
        url=link,
        summary_html=summary_html,
        summary_text=summary_text,
        published=_utc(
            entry.get("published_parsed")
            or entry.get("updated_parsed")
            or entry.get("published")
            or entry.get("updated")
        ),
        language=language,
        authors=tuple(_authors(entry.get("authors", []))),
        content_hash=content_hash,
    )


def _declared_language(content: bytes) -> str | None:
    """The feed's own language: RSS ``<language>`` or the root's ``xml:lang``."""
    head = content[:16384]
    found = _RSS_LANGUAGE.search(head) or _XML_LANG.search(head)
    return found.group(1).decode("ascii", "replace").strip() if found else None


def _plain(detail: Any) -> bool:
    """Is a text construct plain text (Atom ``type="text"``, as feedparser reports it)?"""
    return isinstance(detail, dict) and detail.get("type") == "text/plain"


def _title_text(entry: Any) -> str:
    """The title's words: plain text kept as it is (``<blink>`` is a word there), markup
    read as HTML."""
    title = str(entry.get("title") or "")
    return collapse_spaces(title) if _plain(entry.get("title_detail")) else to_text(title)


def _summary_html(entry: Any) -> str:
    for content in entry.get("content", []):
        if content.get("value"):
            value = str(content["value"]).strip()
            return html.escape(value, quote=False) if _plain(content) else value
    value = str(entry.get("summary") or entry.get("description") or "").strip()
    return html.escape(value, quote=False) if _plain(entry.get("summary_detail")) else value


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
    """A date from feedparser (a UTC ``struct_time``) or fastfeedparser (an ISO string)."""
    if not parsed_time:
        return None
    try:
        if isinstance(parsed_time, str):
            value = datetime.fromisoformat(parsed_time)
            return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
        return datetime.fromtimestamp(calendar.timegm(parsed_time), tz=UTC)
    except (OverflowError, ValueError, OSError, TypeError):
        return None


def _hash(title: str, text: str) -> str:
    return hashlib.sha256(f"{title}\n{text}".encode()).hexdigest()[:32]
