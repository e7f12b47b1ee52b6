"""Hostile input end to end: XML, HTTP and content attacks against a real fetch.

Every case fetches two sources over HTTP on 127.0.0.1 (the hostile one and a good recorded
feed), then renders the digest and the notes to files. It checks that the fetch ends within
the caps, resident memory stays bounded, the good source is stored, the error lands on the
hostile source (as ``monitor status`` prints it), and nothing active reaches the output.
The static corpus is in ``tests/data/hostile`` (see its README); big inputs are generated here.
"""

from __future__ import annotations

import functools
import gzip
import itertools
import json
import re
import sqlite3
import struct
import time
import zlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from monitor.app import App
from monitor.cli import app as cli
from monitor.config import load_settings
from monitor.ingest.parser import MAX_ITEMS, MAX_TITLE_CHARS, parse_feed
from monitor.outputs import digest, notes
from monitor.relevance.matching import Matcher
from monitor.relevance.watchlists import WatchlistSet
from monitor.types import SourceOutcome, SourceStatus, StoredItem
from tests.conftest import EXAMPLE_FEEDS, WATCHLISTS
from tests.hostile_server import Reply, ScriptedServer, scripted_server

CORPUS = Path(__file__).parents[1] / "data" / "hostile"
GOOD_FEED = (EXAMPLE_FEEDS / "un-press.rss").read_bytes()
GOOD_ITEMS = len(parse_feed(GOOD_FEED))
RSS = {"Content-Type": "application/rss+xml; charset=utf-8"}
SECRET = "HOSTILE-SECRET-MARKER-5b1e0c"
CAPS: dict[str, Any] = {
    "http_connect_timeout": 1.0,
    "http_read_timeout": 3.0,  # longer than the total cap: the total cap must end a dribble
    "http_total_timeout": 2.0,
    "max_response_bytes": 2 * 2**20,
    "max_redirects": 3,
}
SECONDS = 8.0  # a fetch of both sources: the 2 s total cap, then parse, match and store
MEMORY = 128 * 2**20  # growth of the peak resident set during the fetch
FORBIDDEN = re.compile(
    r"<script|<iframe|<frame|<object|<embed|<img|<svg|<form|<base|<meta http-equiv"
    r"|javascript:|vbscript:|\bdata:[a-z]+/|expression\(|behavior:|\bon[a-z]+\s*=|alert\("
    r"|tracker\.example|evil\.example|HOSTILE-|LEAK-MARKER|" + SECRET,
    re.IGNORECASE,
)


# -- measuring -------------------------------------------------------------------------------
def _proc_kib(field_name: str) -> int | None:
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    found = re.search(rf"^{field_name}:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) if found else None


@dataclass
class PeakMemory:
    """Growth of the peak resident set over a block (Linux: the peak is reset on entry)."""

    growth: int | None = None

    @contextmanager
    def measure(self) -> Iterator[None]:
        try:
            Path("/proc/self/clear_refs").write_text("5")  # reset VmHWM to the current RSS
            before = _proc_kib("VmRSS")
        except OSError:
            before = _proc_kib("VmHWM")  # no reset: only a new process-wide peak counts
        yield
        after = _proc_kib("VmHWM")
        if before is not None and after is not None:
            self.growth = max(after - before, 0) * 1024


# -- running the monitor ---------------------------------------------------------------------
@dataclass
class Run:
    """One fetch of the hostile and the good source, and what it left behind."""

    outcomes: dict[str, SourceOutcome]
    status: dict[str, SourceStatus]
    printed_status: dict[str, dict[str, Any]]  # `monitor status --json`, by source id
    items: list[StoredItem]
    seconds: float
    memory: int | None
    rendered: dict[str, str]  # output file name → its text
    database: str  # a dump of every row
    identities: dict[str, str]  # the hostile source's stored items: identity → title
    fetched_at: datetime

    def hostile_items(self) -> list[StoredItem]:
        return [item for item in self.items if item.source_id == "hostile"]


def in_digest(run: Run, item: StoredItem, output: str) -> bool:
    """The item's development is in the digest: it leads it, or another item leads it (the
    item is then one of its "also reported by")."""
    text = run.rendered[output]
    return any(other.title in text for other in run.items if other.development == item.development)


@dataclass
class Harness:
    """Runs the monitor on a database in ``tmp_path`` with the shared compiled watchlists."""

    tmp_path: Path
    watchlists: WatchlistSet
    matcher: Matcher
    secret: Path = field(init=False)

    def __post_init__(self) -> None:
        self.secret = self.tmp_path / "secret.txt"
        self.secret.write_text(SECRET)

    def routes(self, hostile: Reply, extra: Mapping[str, Reply] | None = None) -> dict[str, Reply]:
        """``hostile`` at /hostile, the good recorded feed at /good.rss, and ``extra``."""
        return {
            "/hostile": hostile,
            "/good.rss": Reply(headers=RSS, body=GOOD_FEED),
            **(extra or {}),
        }

    def write_sources(self, server: ScriptedServer) -> Path:
        sources = self.tmp_path / "sources.yaml"
        sources.write_text(
            "sources:\n"
            f"  - {{id: hostile, title: Hostile, url: '{server.url('/hostile')}'}}\n"
            f"  - {{id: good, title: Good, url: '{server.url('/good.rss')}', language: en}}\n"
        )
        return sources

    def env(self) -> dict[str, str]:
        """What the ``monitor`` command needs to find this database and catalogue."""
        return {
            "MONITOR_DATABASE_URL": f"sqlite:///{self.tmp_path / 'm.db'}",
            "MONITOR_SOURCES": str(self.tmp_path / "sources.yaml"),
        }

    def run(
        self, hostile: Reply, routes: Mapping[str, Reply] | None = None, **settings: Any
    ) -> Run:
        """Serve ``hostile`` beside the good feed, fetch both, render, read everything back."""
        with scripted_server(self.routes(hostile, routes)) as server:
            application = App(
                load_settings(
                    database_url=self.env()["MONITOR_DATABASE_URL"],
                    sources=self.write_sources(server),
                    watchlists=WATCHLISTS,
                    out_dir=self.tmp_path / "out",
                    **{**CAPS, **settings},
                )
            )
            vars(application).update(watchlists=self.watchlists, matcher=self.matcher)
            application.init_database()
            memory = PeakMemory()
            fetched_at = datetime.now(UTC)
            started = time.monotonic()
            with memory.measure():
                outcomes = application.fetch(application.sources())
            seconds = time.monotonic() - started
        repository = application.repository()
        connection = sqlite3.connect(self.tmp_path / "m.db")
        run = Run(
            outcomes={outcome.source_id: outcome for outcome in outcomes},
            status={row.id: row for row in repository.source_status()},
            printed_status=self._printed_status(),
            items=repository.items(),
            seconds=seconds,
            memory=memory.growth,
            rendered=self._render(application),
            database="\n".join(connection.iterdump()),
            identities=dict(
                connection.execute(
                    "SELECT identity, title FROM items WHERE source_id = 'hostile'"
                ).fetchall()
            ),
            fetched_at=fetched_at,
        )
        connection.close()
        application.engine.dispose()
        return run

    def _printed_status(self) -> dict[str, dict[str, Any]]:
        result = CliRunner().invoke(cli, ["status", "--json"], env=self.env())
        assert result.exit_code == 0, result.output
        return {row["id"]: row for row in json.loads(result.stdout)["sources"]}

    def _render(self, application: App) -> dict[str, str]:
        """The digest (HTML, text) and the notes (Markdown, HTML) of everything stored."""
        settings, repository = application.settings, application.repository()
        today = datetime.now(UTC).date()
        built = digest.build(repository, self.watchlists, settings.cycle_start, today)
        paths = list(digest.write(built, settings.templates, settings.out_dir))
        drafted = notes.build(
            repository, self.watchlists, application.reviews.all(), settings.cycle_start, today
        )
        for fmt in ("md", "html"):
            path = settings.out_dir / f"notes-{today}.{fmt}"
            path.write_text(notes.render(drafted, settings.templates, fmt), encoding="utf-8")
            paths.append(path)
        return {path.name.replace(f"-{today}", ""): path.read_text() for path in paths}


@pytest.fixture(scope="module")
def matcher(watchlists: WatchlistSet) -> Matcher:
    """Compiled once: compiling the watchlists takes longer than any case here."""
    return Matcher(watchlists, load_settings().match_threshold)


@pytest.fixture
def harness(tmp_path: Path, watchlists: WatchlistSet, matcher: Matcher) -> Harness:
    return Harness(tmp_path, watchlists, matcher)


# -- checking ----------------------------------------------------------------------------------
class Unmet(AssertionError):
    """The case's expected behaviour is not met, as opposed to a failed safety check (a plain
    ``AssertionError``): the report says which of the two broke."""


@contextmanager
def expected_behaviour() -> Iterator[None]:
    try:
        yield
    except AssertionError as exc:
        raise Unmet(str(exc)) from exc


def assert_contained(
    run: Run, seconds: float = SECONDS, memory: int = MEMORY, inert: bool = True
) -> None:
    """Within the caps, the good source stored, no secret anywhere and (``inert``) nothing
    active in the hostile items or the rendered files."""
    assert run.seconds < seconds, f"the fetch took {run.seconds:.1f} s"
    if run.memory is not None:
        assert run.memory < memory, f"peak resident memory grew by {run.memory / 2**20:.0f} MiB"
    good = run.outcomes["good"]
    assert good.error is None and good.new_items == GOOD_ITEMS, good
    assert run.printed_status["good"]["items"] == GOOD_ITEMS
    assert run.printed_status["good"]["health"] == "ok"
    assert SECRET not in run.database
    assert not any(SECRET in text for text in run.rendered.values())
    if inert:
        for item in run.hostile_items():
            for text in (item.title, item.url or "", item.summary_html, item.summary_text):
                assert not FORBIDDEN.search(text), (item.title, text)
        assert_inert(run.rendered)


def assert_inert(rendered: Mapping[str, str]) -> None:
    """No active content in the rendered files: forbidden tokens, and in HTML, no element or
    attribute outside the templates' own."""
    for name, text in rendered.items():
        found = FORBIDDEN.search(text)
        assert found is None, f"{name}: {text[max(found.start() - 80, 0) : found.end() + 80]!r}"
        if name.endswith(".html"):
            checker = _MarkupChecker()
            checker.feed(text)
            assert checker.problems == [], (name, checker.problems)


class _MarkupChecker(HTMLParser):
    """Elements and attributes the digest and notes templates never write themselves."""

    TAGS = frozenset({"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "h4",
                      "p", "a", "ul", "ol", "li", "table", "tr", "th", "td", "div", "span",
                      "strong", "em", "br", "sup", "code"})  # fmt: skip
    ATTRIBUTES = frozenset({"lang", "charset", "name", "content", "href", "id", "class",
                            "value", "rel"})  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name not in self.ATTRIBUTES:
                self.problems.append(f"<{tag} {name}>")
            elif name == "href" and not re.match(r"https?://|mailto:|#", value or ""):
                self.problems.append(f"<{tag} href={value!r}>")


def assert_failed(run: Run, error: str) -> None:
    """The hostile source's error is recorded, printed by `monitor status`, in the digest."""
    outcome = run.outcomes["hostile"]
    assert outcome.error is not None and re.search(error, outcome.error), outcome
    printed = run.printed_status["hostile"]
    assert re.search(error, printed["last_error"] or ""), printed
    assert printed["health"] in ("failing ×1", "blocked ×1") and printed["items"] == 0, printed
    assert printed["health"].startswith("blocked") == error.startswith("blocked"), printed
    assert f"hostile: {outcome.error}" in run.rendered["digest.txt"]


def assert_stored(run: Run, titles: tuple[str, ...]) -> None:
    """The hostile source succeeded with exactly these titles (regular expressions)."""
    outcome = run.outcomes["hostile"]
    assert outcome.error is None, outcome
    assert run.printed_status["hostile"]["health"] == "ok"
    stored = sorted(item.title for item in run.hostile_items())
    assert len(stored) == len(titles), stored
    for pattern in titles:
        assert any(re.fullmatch(pattern, title) for title in stored), (pattern, stored)


# -- generated inputs --------------------------------------------------------------------------
def corpus(name: str, secret: Path | None = None) -> bytes:
    content = (CORPUS / name).read_bytes()
    return content.replace(b"@SECRET_FILE@", str(secret).encode()) if secret else content


def rss(items: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Generated</title><language>en</language>{items}</channel></rss>"
    ).encode()


def rss_item(title: str, guid: str, inner: str = "") -> str:
    return (
        f"<item><title>{title}</title><guid isPermaLink='false'>{guid}</guid>"
        f"<description>A one-way attack drone.</description>{inner}</item>"
    )


AFTER_DEEP = "Loitering munition item after the deep one"


def deep_rss(depth: int, closed: bool = True) -> bytes:
    nested = "<x>" * depth + ("y" + "</x>" * depth if closed else "")
    return rss(
        rss_item("Deep loitering munition item", "urn:deep", nested)
        + rss_item(AFTER_DEEP, "urn:after")
    )


def deep_atom_xhtml(depth: int) -> bytes:
    """Atom with ``depth`` nested XHTML ``div``s in one entry's content, then a plain entry."""
    entry = "<entry><id>{}</id><title>{}</title><updated>2026-11-20T00:00:00Z</updated>{}</entry>"
    content = (
        '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">'
        + "<div>" * depth
        + "y"
        + "</div>" * depth
        + "</div></content>"
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Deep</title><id>urn:deep-feed</id><updated>2026-11-20T00:00:00Z</updated>"
        + entry.format("urn:deep", "Deep loitering munition item", content)
        + entry.format("urn:after", AFTER_DEEP, "")
        + "</feed>"
    ).encode()


def utf16(content: bytes) -> bytes:
    """The same document in UTF-16 (with a BOM), its declaration changed to match."""
    return content.replace(b'encoding="utf-8"', b'encoding="utf-16"').decode().encode("utf-16")


def after_preamble(content: bytes) -> bytes:
    """The same document with a 70 kB comment between the XML declaration and the DOCTYPE."""
    declaration, rest = content.split(b"?>", 1)
    return declaration + b"?><!--" + b" padding " * 8000 + b"-->" + rest


@functools.cache
def compressed_zeros(mebibytes: int, container: str = "gzip") -> bytes:
    """``mebibytes`` of zeros as a gzip or zlib stream, built without compressing them all:
    after a full flush, the deflate block of each further mebibyte repeats byte for byte."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    zeros = bytes(2**20)
    first = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    stream = first + block * (mebibytes - 1) + compressor.flush()
    check = zlib.crc32 if container == "gzip" else zlib.adler32
    value = 0 if container == "gzip" else 1
    for _ in range(mebibytes):
        value = check(zeros, value)
    if container == "gzip":
        size = (mebibytes << 20) & 0xFFFFFFFF
        return b"\x1f\x8b\x08\0\0\0\0\0\x02\xff" + stream + struct.pack("<II", value, size)
    return b"\x78\xda" + stream + struct.pack(">I", value)


# -- XML ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Case:  # also the HTTP cases
    """A hostile reply and what must become of it: an error, or these stored titles."""

    reply: Callable[[Path], Reply]  # given the secret file's path
    error: str | None = None
    titles: tuple[str, ...] = ()
    retry_after: timedelta | None = None
    seconds: float = SECONDS
    memory: int = MEMORY


def served(
    content: Callable[[Path], bytes], headers: Mapping[str, str] = RSS
) -> Callable[[Path], Reply]:
    return lambda secret: Reply(headers=headers, body=content(secret))


ENTITIES = "refused: the feed declares XML entities"
XML_CASES = {
    "billion-laughs": Case(served(lambda _: corpus("billion-laughs.rss")), ENTITIES),
    "xxe-local-file": Case(served(lambda secret: corpus("xxe-file.rss", secret)), ENTITIES),
    "doctype-parameter-entities": Case(
        served(lambda secret: corpus("xxe-parameter-entities.rss", secret)), ENTITIES
    ),
    "entities-in-utf16": Case(
        served(lambda secret: utf16(corpus("xxe-file.rss", secret))), ENTITIES
    ),
    "entities-after-64k-comment": Case(
        served(lambda _: after_preamble(corpus("billion-laughs.rss"))), ENTITIES
    ),
    "nesting-10000-deep-rss": Case(
        served(lambda _: deep_rss(10_000)), titles=("Deep loitering munition item", AFTER_DEEP)
    ),
    "nesting-10000-deep-unclosed": Case(
        served(lambda _: deep_rss(10_000, closed=False)),
        titles=("Deep loitering munition item", AFTER_DEEP),
    ),
    "nesting-10000-deep-atom-xhtml": Case(
        served(lambda _: deep_atom_xhtml(10_000)),
        titles=("Deep loitering munition item", AFTER_DEEP),
    ),
    "invalid-utf8": Case(
        served(lambda _: corpus("invalid-utf8.rss")),
        titles=(
            r"Loitering munitions INVALID1 \S* ?\S* ?end",
            r"Loitering munitions INVALID2 .* overlong",
        ),
    ),
    "utf16-feed": Case(
        served(lambda _: corpus("utf16.rss"), {"Content-Type": "application/rss+xml"}),
        titles=(
            "Munitions rôdeuses : résolution 79/239",
            "游荡弹药与单向攻击无人机",
            "الذخائر المتسكعة والطائرات المسيرة",
        ),
    ),
    "utf8-bom": Case(
        served(lambda _: corpus("utf8-bom.rss")),
        titles=("Loitering munitions behind a byte-order mark",),
    ),
    "html-page-as-feed": Case(
        served(lambda _: corpus("html-page.html")), "blocked: an HTML page where a feed was"
    ),
    "empty-200": Case(served(lambda _: b""), "blocked: HTTP 200 with an empty body"),
    "truncated-feed": Case(
        served(lambda _: corpus("truncated.rss")),
        titles=("Complete loitering munition item one", "Complete loitering munition item two"),
    ),
}


def run_case(harness: Harness, case: Case) -> Run:
    """Fetch the case beside the good source; contained, and failed or stored as expected."""
    run = harness.run(case.reply(harness.secret))
    assert_contained(run, case.seconds, case.memory)
    with expected_behaviour():
        if case.error:
            assert_failed(run, case.error)
        else:
            assert_stored(run, case.titles)
    return run


@pytest.mark.parametrize("case", XML_CASES.values(), ids=XML_CASES.keys())
def test_hostile_xml(harness: Harness, case: Case) -> None:
    """Entity attacks are refused, deep or badly encoded feeds read or refused, all contained."""
    run_case(harness, case)


# -- HTTP --------------------------------------------------------------------------------------
def endless(chunk: bytes) -> Callable[[], Iterator[bytes]]:
    return lambda: itertools.repeat(chunk)


def http_date(delay: timedelta) -> str:
    return format_datetime(datetime.now(UTC) + delay, usegmt=True)


TOO_LARGE = "response too large: over the cap of 2097152 bytes"
BOMB_MEMORY = 256 * 2**20  # httpx inflates a whole network read (≤ 64 KiB) before the cap
FEED = rss(rss_item("Loitering munitions behind a wrong content type", "urn:type"))
HTTP_CASES = {
    "gzip-bomb-1-gib": Case(
        lambda _: Reply(headers={**RSS, "Content-Encoding": "gzip"}, body=compressed_zeros(1024)),
        TOO_LARGE,
        memory=BOMB_MEMORY,
    ),
    "deflate-bomb-1-gib": Case(
        lambda _: Reply(
            headers={**RSS, "Content-Encoding": "deflate"}, body=compressed_zeros(1024, "zlib")
        ),
        TOO_LARGE,
        memory=BOMB_MEMORY,
    ),
    "stacked-gzip-bomb-192-mib": Case(
        lambda _: Reply(
            headers={**RSS, "Content-Encoding": "gzip, gzip"},
            body=gzip.compress(compressed_zeros(192)),
        ),
        "refused: content encoding",
    ),
    "endless-body": Case(lambda _: Reply(headers=RSS, body=endless(b"<item>" * 10_000)), TOO_LARGE),
    "one-byte-per-second": Case(
        lambda _: Reply(headers=RSS, body=endless(b"<"), delay=1.0),
        r"timed out: total time cap of 2 s",
        seconds=CAPS["http_total_timeout"] + 1.5,  # the total cap ends it, not the read timeout
    ),
    "redirect-loop": Case(lambda _: Reply(302, {"Location": "/hostile"}), "more than 3 redirects"),
    "redirect-to-file": Case(
        lambda secret: Reply(302, {"Location": f"file://{secret}"}), "refused: .*scheme"
    ),
    "redirect-to-ftp": Case(
        lambda _: Reply(301, {"Location": "ftp://127.0.0.1/feed.rss"}), "refused: .*scheme"
    ),
    **{
        f"redirect-to-{name}-url": Case(
            lambda _, url=url: Reply(307, {"Location": url}), "refused: .*scheme"
        )
        for name, url in (
            ("data", "data:application/rss+xml," + FEED.decode()),
            ("javascript", "javascript:alert('HOSTILE-REDIRECT')"),
        )
    },
    "redirect-to-port-99999": Case(
        lambda _: Reply(302, {"Location": "http://127.0.0.1:99999/feed"}), "refused: .*port"
    ),
    "429-retry-after-seconds": Case(
        lambda _: Reply(429, {"Retry-After": "172800"}, b"slow down"),
        "HTTP 429",
        retry_after=timedelta(days=2),
    ),
    "503-retry-after-date": Case(
        lambda _: Reply(503, {"Retry-After": http_date(timedelta(days=3))}, b"maintenance"),
        "HTTP 503",
        retry_after=timedelta(days=3),
    ),
    "503-retry-after-ten-years": Case(
        lambda _: Reply(503, {"Retry-After": "315360000"}, b"go away"),
        "HTTP 503",
        retry_after=timedelta(days=7),  # the monitor's own ceiling
    ),
}
for kind, headers in {
    "text/html": {"Content-Type": "text/html; charset=utf-8"},
    "image/png": {"Content-Type": "image/png"},
    "octet-stream": {"Content-Type": "application/octet-stream"},
    "missing": {},
}.items():
    HTTP_CASES[f"content-type-{kind}"] = Case(
        lambda _, headers=headers: Reply(headers=headers, body=FEED),
        titles=("Loitering munitions behind a wrong content type",),
    )


@pytest.mark.parametrize("case", HTTP_CASES.values(), ids=HTTP_CASES.keys())
def test_hostile_http(harness: Harness, case: Case) -> None:
    """Bombs, endless and dribbling bodies, redirects, back-off requests: all contained."""
    run = run_case(harness, case)
    if case.retry_after is not None:
        next_check = run.status["hostile"].next_check_at
        assert next_check is not None
        assert abs(next_check - (run.fetched_at + case.retry_after)) < timedelta(minutes=2)


# -- content -----------------------------------------------------------------------------------
def test_active_content_is_stripped_from_storage_digest_and_notes(harness: Harness) -> None:
    """Scripts, frames, styles, objects, on* attributes, javascript:/data: URLs, CSS
    expression() and tracking pixels: gone; the text and the safe links stay."""
    run = harness.run(Reply(headers=RSS, body=corpus("content-markup.rss")))
    assert_contained(run)
    items = {item.title: item for item in run.hostile_items()}
    assert len(items) == 6, sorted(items)
    assert items["Scheme loitering munition report"].url is None  # javascript: link
    assert items["Data link loitering munition report"].url is None
    assert (
        'href="https://hostile.example/ok"'
        in items["Scheme loitering munition report"].summary_html
    )
    handlers = items["Event handler loitering munition report"]
    assert 'href="https://undocs.org/A/80/78"' in handlers.summary_html
    assert handlers.summary_text.startswith("A one-way attack drone was shot down.")
    # Every item was rendered, so the inertness checks saw all of them: in the notes each is
    # cited; in the digest each is a development's lead, or listed under "also reported by".
    leads = {
        item.development: item for item in run.items if item.title in run.rendered["digest.html"]
    }
    for title, item in items.items():
        assert title in run.rendered["notes.md"], title
        assert item.development in leads, title


LOOKALIKE = {
    "html": re.compile(r"<(?:script|img|iframe)", re.IGNORECASE),
    # Markdown: raw tags, or link and image syntax whose brackets are not backslash-escaped
    "md": re.compile(
        r"<(?:script|img|iframe)|(?<!\\)\]\((?:javascript|data):|(?<!\\)!\[[^\]]*(?<!\\)\]\(",
        re.IGNORECASE,
    ),
}


@pytest.mark.parametrize(
    "output",
    [
        "digest.html",
        "notes.html",
        "notes.md",
    ],
)
def test_text_that_looks_like_markup_is_escaped(harness: Harness, output: str) -> None:
    """Double-escaped tags and Markdown links are text: each format must keep them text."""
    run = harness.run(Reply(headers=RSS, body=corpus("content-escaped-markup.rss")))
    assert_contained(run, inert=False)  # the stored text is meant to read like markup
    titles = sorted(item.title for item in run.hostile_items())
    assert len(titles) == 3 and any("<script>" in title for title in titles), titles
    text = run.rendered[output]
    assert all(marker in text for marker in ("ESC1", "ESC3", "ESC5")), "every item rendered"
    with expected_behaviour():
        assert not LOOKALIKE[output.rsplit(".", 1)[1]].search(text)
        if output.endswith(".html"):
            checker = _MarkupChecker()
            checker.feed(text)
            assert checker.problems == []


def test_one_megabyte_fields_are_cut_to_their_caps(harness: Harness) -> None:
    """A 1 MB title and description, 100 kB guid and link: stored cut, in time and memory."""
    mebibyte = 2**20
    words = ("Loitering munition " + "swarm " * mebibyte)[:mebibyte]
    item = (
        f"<item><title>{words}</title><guid>urn:{'g' * 100_000}</guid>"
        f"<link>https://hostile.example/{'l' * 100_000}</link>"
        f"<description>A one-way attack drone. {'x' * mebibyte}</description></item>"
    )
    run = harness.run(Reply(headers=RSS, body=rss(item)), max_response_bytes=8 * mebibyte)
    assert_contained(run)
    (stored,) = run.hostile_items()
    assert len(stored.title) <= MAX_TITLE_CHARS and stored.title.endswith("swarm…")
    assert stored.title.startswith("Loitering munition swarm")
    assert len(stored.summary_text) <= 4000 and stored.summary_text.endswith("…")
    assert stored.url is not None and len(stored.url) <= 2000
    ((identity, _),) = run.identities.items()
    assert identity.startswith("urn:ggg") and len(identity) <= 1000
    assert stored.title in run.rendered["digest.html"]


def test_ten_thousand_items_are_capped_at_max_items(harness: Harness) -> None:
    """10,000 items in one feed: the first MAX_ITEMS are stored, in time, memory bounded."""
    items = "".join(
        rss_item(f"Report {n} on loitering munitions", f"urn:many:{n}") for n in range(10_000)
    )
    run = harness.run(Reply(headers=RSS, body=rss(items)), max_response_bytes=8 * 2**20)
    assert_contained(run, seconds=20.0, memory=256 * 2**20)
    assert run.outcomes["hostile"].new_items == MAX_ITEMS
    assert run.printed_status["hostile"]["items"] == MAX_ITEMS
    assert "urn:many:0" in run.identities and f"urn:many:{MAX_ITEMS}" not in run.identities


def test_dates_far_in_the_past_and_future_fall_back_to_first_seen(harness: Harness) -> None:
    """Year 1, 1900, 9999, 275760, huge offsets and garbage: stored, dated plausibly."""
    run = harness.run(Reply(headers=RSS, body=corpus("dates.rss")))
    assert_contained(run)
    items = run.hostile_items()
    assert len(items) == 9
    earliest = datetime(1990, 1, 1, tzinfo=UTC)
    for item in items:
        assert item.published is None or earliest <= item.published <= run.fetched_at, item
        assert earliest <= item.date <= datetime.now(UTC), item
        assert in_digest(run, item, "digest.txt"), item.title  # dated in the period
    assert any(item.title.endswith("9999") and item.published is None for item in items)


def test_items_without_guid_or_link_get_stable_identities(harness: Harness) -> None:
    """No guid: the link; neither: a content hash (twins collapse); a refetch adds nothing."""
    body = corpus("missing-ids.rss")
    run = harness.run(Reply(headers=RSS, body=body))
    assert_contained(run)
    identities = dict(run.identities)
    assert (
        identities.pop("https://hostile.example/link-only")
        == "Loitering munitions, link but no guid"
    )
    assert identities.pop("urn:hostile:ids:guid-only") == "Loitering munitions, guid but no link"
    assert identities.pop("urn:hostile:ids:no-title") == "(untitled)"
    assert sorted(identities.values()) == [
        "Loitering munitions, empty guid and link",
        "Loitering munitions, neither guid nor link",
    ]
    assert all(identity.startswith("hash:") for identity in identities)
    (guid_only,) = (i for i in run.hostile_items() if i.title.endswith("guid but no link"))
    assert in_digest(run, guid_only, "digest.html")
    again = harness.run(Reply(headers=RSS, body=body))
    assert again.outcomes["hostile"].new_items == 0 and again.identities == run.identities


def test_the_same_guid_with_different_content(harness: Harness) -> None:
    """A repeated guid keeps the first item; another source's guid touches nothing of it; a
    changed item under a known guid is updated in place, not added."""
    run = harness.run(Reply(headers=RSS, body=corpus("same-guid.rss")))
    assert_contained(run)
    assert run.identities["urn:hostile:same"] == "Loitering munitions: first version"
    assert "impostor with the same guid" not in run.rendered["digest.html"]
    good_guid = "231904 at https://press.un.org/en"
    assert run.identities[good_guid] == "Loitering munitions: impostor of a good item"
    good_titles = {item.title for item in run.items if item.source_id == "good"}
    assert len(good_titles) == GOOD_ITEMS and not any("impostor" in t for t in good_titles)
    changed = harness.run(Reply(headers=RSS, body=corpus("same-guid-changed.rss")))
    with expected_behaviour():
        assert changed.outcomes["hostile"].error is None, changed.outcomes["hostile"]
        assert changed.outcomes["hostile"].new_items == 0
        assert changed.identities["urn:hostile:same"] == "Loitering munitions: corrected version"
        assert len(changed.identities) == 2
        assert "corrected version" in changed.rendered["digest.html"]
        assert "first version" not in changed.rendered["digest.html"]


REASON = "Busy [bold]now[/bold] [/]"


def test_server_text_in_an_error_is_printed_as_text(harness: Harness) -> None:
    """A reason phrase that looks like Rich markup is shown verbatim by `monitor fetch` and
    `monitor status`, and stored verbatim."""
    run = harness.run(Reply(503, reason=REASON))
    assert_contained(run)
    assert_failed(run, re.escape(f"HTTP 503 {REASON}"))
    with scripted_server(harness.routes(Reply(503, reason=REASON))) as server:
        harness.write_sources(server)
        fetched = CliRunner().invoke(cli, ["fetch"], env=harness.env())
    status = CliRunner().invoke(cli, ["status"], env={**harness.env(), "COLUMNS": "300"})
    with expected_behaviour():
        assert fetched.exit_code == 3, fetched.exception
        assert status.exit_code == 0, status.exception
        assert REASON in fetched.output and REASON in status.output
