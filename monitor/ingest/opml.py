"""OPML, the feed readers' exchange format: read a team's feed list, write ours (pure)."""

from __future__ import annotations

import re
from xml.sax.saxutils import quoteattr

from monitor.errors import ConfigError
from monitor.ingest.safexml import parse_root
from monitor.types import Source


def read(content: bytes) -> list[tuple[str, str, str | None]]:
    """``(title, feed URL, language)`` of every outline with an ``xmlUrl``."""
    root = parse_root(content, "an OPML file", ("opml",), ConfigError)
    feeds = []
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or "").strip()
        if url.startswith(("http://", "https://")):
            title = outline.get("title") or outline.get("text") or url
            feeds.append((title.strip(), url, outline.get("language")))
    return feeds


def write(sources: list[Source], title: str = "Horizon Monitor sources") -> str:
    """An OPML 2.0 document listing ``sources`` (feeds and API queries alike)."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        f"  <head><title>{_text(title)}</title></head>",
        "  <body>",
    ]
    for source in sources:
        language = f" language={quoteattr(source.language)}" if source.language else ""
        lines.append(
            f'    <outline type="rss" text={quoteattr(source.title)} '
            f"title={quoteattr(source.title)} xmlUrl={quoteattr(source.url)}{language}/>"
        )
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def source_id(title: str, taken: set[str]) -> str:
    """A new source id from a feed title, unique among ``taken``."""
    base = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "feed"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
