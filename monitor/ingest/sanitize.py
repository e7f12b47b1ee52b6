"""Hostile feed HTML → safe HTML and plain text, with nh3 (the Ammonia sanitizer).

The allow-list is explicit: text structure and links only. Images are dropped (tracking
pixels, remote loads in mail clients), as are scripts, styles, frames, forms, event handlers
and every URL scheme but http, https and mailto.
"""

from __future__ import annotations

import html
import re
from dataclasses import fields, is_dataclass, replace
from typing import Any, TypeVar

import nh3

from monitor.plaintext import strip_controls

T = TypeVar("T")

ALLOWED_TAGS = frozenset(
    {
        "a",
        "p",
        "br",
        "strong",
        "em",
        "b",
        "i",
        "u",
        "ul",
        "ol",
        "li",
        "blockquote",
        "code",
        "pre",
        "h3",
        "h4",
        "h5",
        "h6",
        "sub",
        "sup",
        "abbr",
        "q",
        "cite",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math", "title"}
)


_HTML_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
    url_schemes=set(ALLOWED_SCHEMES),
    link_rel="noopener noreferrer nofollow",
)
_TEXT_CLEANER = nh3.Cleaner(tags=set(), clean_content_tags=set(DROPPED_WITH_CONTENT))
_BLOCK_END = re.compile(r"<(?:br|/p|/li|/h\d|/blockquote)\b[^>]*>")


_DROPPED_BLOCK_END = re.compile(
    r"</(?:h[12]|div|td|th|tr|dd|dt|section|article)\s*>", re.IGNORECASE
)
_BLOCK_TAG = re.compile(r"</?(?:p|br|li|ul|ol|h\d|blockquote|pre)\b[^>]*>")
_ANY_TAG = re.compile(r"<(?:[^>\"]|\"[^\"]*\")*>")  # nh3 quotes every attribute value


def html_and_text(fragment: str, max_chars: int = 20_000) -> tuple[str, str]:
    """``clean_html`` and a plain text of one fragment, with one sanitizer pass: the text is
    read from the sanitized HTML, where every ``<`` opens an allow-listed tag."""
    if "</" in fragment:  # block ends the sanitizer drops: keep them as word breaks
        fragment = _DROPPED_BLOCK_END.sub("\\g<0> ", fragment[: max_chars * 4])
    cleaned = clean_html(fragment, max_chars)
    text = _ANY_TAG.sub("", _BLOCK_TAG.sub(" ", cleaned)) if "<" in cleaned else cleaned
    return cleaned, shorten(collapse_spaces(html.unescape(text)), max_chars)


def clean_html(fragment: str, max_chars: int = 20_000) -> str:
    """Safe HTML for a digest: allow-listed tags, links with safe schemes only."""
    cleaned = _HTML_CLEANER.clean(fragment[: max_chars * 4])
    return cleaned if len(cleaned) <= max_chars else to_text(cleaned, max_chars)


def to_text(fragment: str, max_chars: int = 20_000) -> str:
    """Plain text of an HTML fragment: tags and dropped content removed, spaces collapsed."""
    fragment = fragment[: max_chars * 4]
    if "<" in fragment or "&" in fragment:  # else there is no markup to parse
        fragment = html.unescape(_TEXT_CLEANER.clean(_BLOCK_END.sub(" ", fragment)))
    return shorten(collapse_spaces(fragment), max_chars)


def collapse_spaces(text: str) -> str:
    """Runs of whitespace as one space, none at the ends (``str.split``: faster than a regex)."""
    return " ".join(text.split())


def shorten(text: str, max_chars: int) -> str:
    """Cut ``text`` at a word boundary so it fits ``max_chars``, marking the cut with '…'."""
    if len(text) <= max_chars:
        return text
    cut = text[: max_chars - 1]
    space = cut.rfind(" ")
    if space > max_chars // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"


def scrub(record: T) -> T:
    """A parsed item (or its document or publication details) with control characters taken
    out of every text field (``plaintext.strip_controls``: newline and tab stay)."""
    changes: dict[str, Any] = {}
    for field in fields(record):  # type: ignore[arg-type]
        value = getattr(record, field.name)
        cleaned = _scrubbed(value)
        if cleaned is not value:
            changes[field.name] = cleaned
    return replace(record, **changes) if changes else record  # type: ignore[type-var]


def _scrubbed(value: Any) -> Any:
    if isinstance(value, str):
        cleaned = strip_controls(value)
        return value if cleaned == value else cleaned
    if isinstance(value, tuple):
        items = tuple(_scrubbed(v) for v in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if is_dataclass(value) and not isinstance(value, type):
        return scrub(value)
    return value
