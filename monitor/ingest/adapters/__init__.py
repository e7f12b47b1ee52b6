"""One small adapter per non-feed format; each returns the same ``ParsedItem``s as RSS/Atom.

``adapter_for(kind)`` gives the parsing function of a source kind.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from monitor.types import ParsedItem, Source

Adapter = Callable[[bytes, "str | None", str], list[ParsedItem]]
"""(content, content type, the URL it came from) → items."""


def adapter_for(kind: str) -> Adapter:
    """The parser of a source ``kind`` (``feed``, ``undl-marcxml``, ``crossref`` …)."""
    from monitor.ingest.adapters import crossref, federal_register, marcxml, openalex, page
    from monitor.ingest.parser import parse_feed

    adapters: dict[str, Adapter] = {
        "feed": lambda content, content_type, _url: parse_feed(content, content_type),
        "undl-marcxml": marcxml.parse,
        "crossref": crossref.parse,
        "openalex": openalex.parse,
        "federal-register": federal_register.parse,
        "page": page.parse,
    }
    return adapters[kind]


def adapter_for_source(source: Source) -> Adapter:
    """The source kind's parser, with the source's own options (a page's ``links``)."""
    if source.kind == "page" and source.links:
        from monitor.ingest.adapters import page

        return partial(page.parse, links=source.links)
    return adapter_for(source.kind)


KINDS = ("feed", "undl-marcxml", "crossref", "openalex", "federal-register", "page")
