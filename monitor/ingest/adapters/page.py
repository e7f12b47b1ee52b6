"""A web page without a feed (a meetings page, a news listing): its links become items.

By default a link counts when its text or its address names a UN document symbol; the item's
title is the text of the table row or list entry that holds the link. With ``links`` (a path
prefix such as ``/en/updates/``), every link under that prefix counts instead (its text is the
title). Re-fetching the page reports only the links not seen before (their identity is the
link's address). An empty body is an error, never "nothing new".
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

from monitor.errors import ParseError
from monitor.ingest.adapters.common import item
from monitor.relevance import symbols
from monitor.types import DocumentInfo, ParsedItem

ROW_TAGS = ("tr", "li", "p", "dd")
MAX_LINKS = 2000


def parse(
    content: bytes, _content_type: str | None = None, base_url: str = "", links: str | None = None
) -> list[ParsedItem]:
    if not content.strip():
        raise ParseError("empty response: the page has no body")
    try:
        text = content.decode("utf-8", errors="replace")
    except Exception as exc:  # noqa: BLE001
        raise ParseError(f"not a readable page: {exc}") from None
    collector = _Links()
    collector.feed(text)
    collector.close()
    if links is not None:
        return _under(collector.links, base_url, links)
    items: dict[str, ParsedItem] = {}
    for href, link_text, row_text in collector.links[:MAX_LINKS]:
        url = urljoin(base_url, href)
        symbol = symbols.normalise(link_text) or _symbol_in(url)
        if symbol is None or not url.startswith(("http://", "https://")) or url in items:
            continue
        title = row_text if symbol in row_text and len(row_text) > len(symbol) else link_text
        items[url] = item(
            identity=url,
            title=title if symbol in title else f"{symbol}: {title}",
            url=url,
            document=DocumentInfo(symbol=symbol),
        )
    return list(items.values())


def _under(found: list[tuple[str, str, str]], base_url: str, prefix: str) -> list[ParsedItem]:
    """Links whose path is below ``prefix`` on the page's own host, titled by their text."""
    host = urlsplit(base_url).hostname
    items: dict[str, ParsedItem] = {}
    for href, link_text, _row in found[:MAX_LINKS]:
        url = urljoin(base_url, href).split("#")[0]
        parts = urlsplit(url)
        below = parts.path.startswith(prefix) and parts.path.rstrip("/") != prefix.rstrip("/")
        if not below or parts.hostname != host or url in items or len(link_text) < 8:
            continue
        symbol = symbols.normalise(link_text) or _symbol_in(url)
        items[url] = item(
            identity=url, title=link_text, url=url,
            document=DocumentInfo(symbol=symbol) if symbol else None,
        )  # fmt: skip
    return list(items.values())


def _symbol_in(url: str) -> str | None:
    path = unquote(url.split("?")[0])
    for marker in ("/en/", "/fr/", "/es/", "/ru/", "/zh/", "/ar/", "symbol="):
        if marker in path:
            return symbols.normalise(path.split(marker, 1)[1])
    return None


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []
        self._row: list[str] = []
        self._pending: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href = dict(attrs).get("href")
            self._text = []
        elif tag in ROW_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href:
            self._pending.append((self._href, " ".join("".join(self._text).split())))
            self._href = None
        elif tag in ROW_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        self._row.append(data)
        if self._href is not None:
            self._text.append(data)

    def close(self) -> None:
        super().close()
        self._flush()

    def _flush(self) -> None:
        row = " ".join(" ".join(self._row).split())
        self.links.extend((href, text, row) for href, text in self._pending)
        self._pending, self._row = [], []
