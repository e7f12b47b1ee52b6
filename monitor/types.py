"""Frozen value types shared by the stages of the pipeline."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The time now, in UTC (the default ``Clock``)."""
    return datetime.now(UTC)


SILENT_AFTER_INTERVALS = 10


@dataclass(frozen=True, slots=True)
class SecretRef:
    """Where a source's key goes at request time: a query parameter or a header, by the name
    of the secret in the settings (never the value: that is read at request time)."""

    name: str
    param: str | None = None
    header: str | None = None
    prefix: str = ""


@dataclass(frozen=True, slots=True)
class Source:
    """A place the monitor polls.

    ``expect_new_within``: how long the source may go without a new item before it counts as
    silent (default: ``SILENT_AFTER_INTERVALS`` intervals). ``fallback``: a URL of the same
    kind fetched in the same run when this one is blocked or empty. ``links``: for a page,
    the path prefix of the links that are items (default: links naming a UN document).
    """

    id: str
    title: str
    url: str
    every: timedelta
    kind: str = "feed"
    language: str | None = None
    expect_new_within: timedelta | None = None
    secret: SecretRef | None = None
    fallback: str | None = None
    links: str | None = None


@dataclass(frozen=True, slots=True)
class CachingInfo:
    """Validators from the last successful response, sent back on the next request."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What the fetcher got: content, or ``not_modified`` after a 304."""

    status: int
    url: str
    content: bytes = b""
    content_type: str | None = None
    caching: CachingInfo = field(default_factory=CachingInfo)
    not_modified: bool = False
    note: str | None = None  # set when the source's fallback answered: why


@dataclass(frozen=True, slots=True)
class ParsedItem:
    """One normalised feed entry; text fields are already sanitized."""

    identity: str
    title: str
    url: str | None
    summary_html: str
    summary_text: str
    published: datetime | None
    language: str | None
    authors: tuple[str, ...] = ()
    content_hash: str = ""
    document: DocumentInfo | None = None
    publication: PublicationInfo | None = None
    symbols: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What a UN document record adds: its symbol, body, agenda and language versions."""

    symbol: str
    body: str | None = None
    agenda: str | None = None
    links: tuple[tuple[str, str], ...] = ()  # (language, url)


@dataclass(frozen=True, slots=True)
class PublicationInfo:
    """Bibliographic details of a research publication, for citations."""

    publisher: str | None = None  # journal or publisher
    volume: str | None = None
    issue: str | None = None
    doi: str | None = None


@dataclass(frozen=True, slots=True)
class Match:
    """An item's relevance to one report section, with the evidence that produced it."""

    section: str
    score: float
    evidence: tuple[str, ...]
    subsection: str | None = None
    paragraphs: tuple[int, ...] = ()
    processes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MatchInput:
    """The text the matcher reads for one item."""

    title: str
    summary: str = ""
    language: str | None = None
    symbols: tuple[str, ...] | None = None  # already extracted (the parser does); else found
    detected: bool = False  # ``language`` is the text's own (detected at ingest), not a prior


@dataclass(frozen=True, slots=True)
class MatchSummary:
    """A stored match without its item's text: what choosing among many matches needs."""

    item_id: int
    section: str
    subsection: str | None
    paragraphs: tuple[int, ...]
    processes: tuple[str, ...]
    score: float
    date: datetime
    reviewed: bool  # a reviewer decided on this item in this section
    group_size: int  # unreviewed matches of its section, subsection and paragraphs
    development: int | None = None


@dataclass(frozen=True, slots=True)
class StoredItem:
    """An item as read back from storage, with its section matches."""

    id: int
    source_id: str
    source_title: str
    title: str
    url: str | None
    summary_text: str
    summary_html: str
    language: str | None
    authors: tuple[str, ...]
    published: datetime | None
    first_seen: datetime
    matches: tuple[Match, ...]
    symbols: tuple[str, ...] = ()
    document: DocumentInfo | None = None
    publication: PublicationInfo | None = None
    duplicate_of: int | None = None
    development: int | None = None  # the development the item reports

    @property
    def date(self) -> datetime:
        """When the item appeared: its published date, else when it was first seen."""
        return self.published or self.first_seen


@dataclass(frozen=True, slots=True)
class SourceStatus:
    """A source's health as ``monitor status`` shows it."""

    id: str
    title: str
    url: str
    last_fetch_at: datetime | None
    last_status: int | None
    last_error: str | None
    last_error_at: datetime | None
    consecutive_failures: int
    item_count: int
    next_check_at: datetime | None
    every: timedelta = timedelta(hours=6)
    last_new_item_at: datetime | None = None
    last_success_at: datetime | None = None
    state: str | None = None  # ok, empty, fallback, blocked, needs key, failing, deferred
    state_note: str | None = None
    expect_new_within: timedelta | None = None
    first_success_at: datetime | None = None
    last_skipped: str | None = None  # "1 record skipped: …" of the last update

    @property
    def silent_after(self) -> timedelta:
        """How long the source may go without a new item (default: ten intervals)."""
        return self.expect_new_within or self.every * SILENT_AFTER_INTERVALS

    def silent(self, now: datetime) -> bool:
        """No new item for longer than ``expect_new_within`` while fetches succeed."""
        if self.last_success_at is None or self.consecutive_failures:
            return False
        since = self.last_new_item_at or self.first_success_at or self.last_success_at
        return now - since > self.silent_after

    def health(self, now: datetime) -> str:
        """One word (or two) for the source's state: ``new``, ``ok``, ``silent``, ``empty``,
        ``fallback``, ``blocked``, ``needs key``, ``deferred`` or ``failing``."""
        if self.consecutive_failures or self.state in ("needs key", "deferred"):
            return self.state if self.state not in (None, "ok", "empty") else "failing"
        if self.state == "empty":
            return "empty"
        if self.silent(now):
            return "silent"
        if self.state == "fallback":
            return "fallback"
        return "ok" if self.last_fetch_at else "new"

    @property
    def problem(self) -> str | None:
        """What the maintainer should read about the source's state, if anything."""
        if self.consecutive_failures:
            return self.last_error
        return self.state_note if self.state not in (None, "ok") else None


@dataclass(frozen=True, slots=True)
class SourceOutcome:
    """The result of one update of one source, for the fetch summary."""

    source_id: str
    status: int | None
    new_items: int
    error: str | None = None
    skipped: str | None = None
    state: str | None = None  # the source's state after this update (see SourceStatus.health)
    records_skipped: str | None = None  # "1 record skipped: …": malformed records left out
