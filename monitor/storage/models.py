"""SQLAlchemy 2 typed models. Alembic's migrations are generated from ``Base.metadata``."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[type, type]] = {datetime: UTCDateTime}


class SourceRow(Base):
    """A polled source, its conditional-GET validators and its health."""

    __tablename__ = "sources"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(40))
    url: Mapped[str] = mapped_column(Text)
    every_seconds: Mapped[int] = mapped_column(Integer)
    language: Mapped[str | None] = mapped_column(String(10))
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(String(100))
    last_fetch_at: Mapped[datetime | None]
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    first_success_at: Mapped[datetime | None]
    # ok, empty, fallback, blocked, needs key, failing, deferred (see SourceStatus.health)
    state: Mapped[str | None] = mapped_column(String(20))
    state_note: Mapped[str | None] = mapped_column(Text)
    expect_new_seconds: Mapped[int | None] = mapped_column(Integer)
    # "1 record skipped: …": the malformed records of the last successful update.
    last_skipped: Mapped[str | None] = mapped_column(Text)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    next_check_at: Mapped[datetime | None]
    leased_by: Mapped[str | None] = mapped_column(String(200))
    lease_until: Mapped[datetime | None]

    __table_args__ = (Index("ix_sources_next_check_at", "next_check_at"),)


class FetchLogRow(Base):
    """One attempt to update one source."""

    __tablename__ = "fetch_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime]
    status: Mapped[int | None] = mapped_column(Integer)
    new_items: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_fetch_log_source_started", "source_id", "started_at"),)


class ItemRow(Base):
    """One feed entry, stored once per (source, identity)."""

    __tablename__ = "items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    identity: Mapped[str] = mapped_column(String(1000))
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    summary_html: Mapped[str] = mapped_column(Text)
    summary_text: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(10))
    authors: Mapped[list[str]] = mapped_column(JSON, default=list)
    published_at: Mapped[datetime | None]
    first_seen_at: Mapped[datetime]
    content_hash: Mapped[str] = mapped_column(String(64))
    symbols: Mapped[list[str]] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    doc_symbol: Mapped[str | None] = mapped_column(String(200), index=True)
    doc_body: Mapped[str | None] = mapped_column(Text)
    doc_agenda: Mapped[str | None] = mapped_column(Text)
    doc_links: Mapped[list[list[str]]] = mapped_column(
        JSON, default=list, server_default=text("'[]'")
    )
    publisher: Mapped[str | None] = mapped_column(Text)
    volume: Mapped[str | None] = mapped_column(String(50))
    issue: Mapped[str | None] = mapped_column(String(50))
    doi: Mapped[str | None] = mapped_column(String(300))
    canonical_url: Mapped[str | None] = mapped_column(Text)
    duplicate_of: Mapped[int | None] = mapped_column(
        ForeignKey("items.id", ondelete="SET NULL", name="fk_items_duplicate_of"), index=True
    )
    development_id: Mapped[int | None] = mapped_column(
        ForeignKey("developments.id", ondelete="SET NULL", name="fk_items_development_id"),
        index=True,
    )

    matches: Mapped[list[MatchRow]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="MatchRow.score.desc()"
    )

    __table_args__ = (
        UniqueConstraint("source_id", "identity", name="uq_items_source_identity"),
        Index("ix_items_published_at", "published_at"),
        Index("ix_items_first_seen_at", "first_seen_at"),
        Index("ix_items_canonical_url", "canonical_url"),
        Index("ix_items_language_published_at", "language", "published_at"),
    )


class DevelopmentRow(Base):
    """One event or outcome that one or more items report (``developments.grouping``).

    ``profile`` is the union of its items' grouping signatures, bounded; ``first_day`` and
    ``last_day`` are day ordinals of its items' dates.
    """

    __tablename__ = "developments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    first_day: Mapped[int] = mapped_column(Integer)
    last_day: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer, default=0)
    profile: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    __table_args__ = (Index("ix_developments_last_day", "last_day"),)


class DevelopmentKeyRow(Base):
    """The inverted index grouping reads its candidates from: key → development, last day.

    Each key has ``KEY_SLOTS`` slots (the development id modulo that number), and a newer
    development takes its slot from an older one: a key never holds more rows than that, so
    reading a key costs the same at any size of the database. Postings older than
    ``KEY_RETENTION_DAYS`` before the newest item grouped are deleted (by ``day``): the
    table's size follows the rate of items, not their number.
    """

    __tablename__ = "development_keys"

    key: Mapped[str] = mapped_column(String(500), primary_key=True)
    slot: Mapped[int] = mapped_column(Integer, primary_key=True)
    development_id: Mapped[int] = mapped_column(ForeignKey("developments.id", ondelete="CASCADE"))
    day: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        Index("ix_development_keys_development_id", "development_id"),
        Index("ix_development_keys_day", "day"),
    )


class GroupingCorrectionRow(Base):
    """A reviewer's correction of grouping, kept by item so that it survives re-grouping.

    ``with``: the item belongs with ``other_item_id``'s development (a merge); ``alone``: the
    item was moved out of its development and joins none by itself.
    """

    __tablename__ = "grouping_corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    other_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("items.id", ondelete="CASCADE"), index=True
    )
    reviewer: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime]


class MatchRow(Base):
    """An item's relevance to one report section."""

    __tablename__ = "matches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"))
    section: Mapped[str] = mapped_column(String(20))
    subsection: Mapped[str | None] = mapped_column(String(40))
    paragraphs: Mapped[list[int]] = mapped_column(JSON, default=list)
    score: Mapped[float] = mapped_column(Float)
    evidence: Mapped[list[str]] = mapped_column(JSON, default=list)
    processes: Mapped[list[str]] = mapped_column(JSON, default=list, server_default=text("'[]'"))

    item: Mapped[ItemRow] = relationship(back_populates="matches")

    __table_args__ = (
        UniqueConstraint("item_id", "section", name="uq_matches_item_section"),
        Index("ix_matches_section", "section"),
    )


class DigestPeriodRow(Base):
    """One digest period and how far its production got.

    ``building`` → ``rendered`` (files written, items cited) → ``sent`` (every delivery
    accepted) or ``failed`` (a delivery was refused for good).
    """

    __tablename__ = "digest_periods"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(20))
    html_path: Mapped[str | None] = mapped_column(Text)
    text_path: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    __table_args__ = (UniqueConstraint("first_day", "last_day", name="uq_digest_periods_days"),)


class DigestItemRow(Base):
    """An item a rendered digest cited (retention never deletes it)."""

    __tablename__ = "digest_items"

    digest_id: Mapped[int] = mapped_column(
        ForeignKey("digest_periods.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[int] = mapped_column(
        ForeignKey("items.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ServiceStateRow(Base):
    """Heartbeat and last/next run of the service's jobs, one row per name."""

    __tablename__ = "service_state"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    owner: Mapped[str | None] = mapped_column(String(200))
    last_run_at: Mapped[datetime | None]
    next_run_at: Mapped[datetime | None]
    last_result: Mapped[str | None] = mapped_column(Text)


class DeliveryRow(Base):
    """One digest to one recipient: ``pending`` until the server accepts it (``sent``), or
    ``failed`` after a permanent refusal."""

    __tablename__ = "deliveries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    digest_id: Mapped[int] = mapped_column(ForeignKey("digest_periods.id", ondelete="CASCADE"))
    recipient: Mapped[str] = mapped_column(String(320))
    state: Mapped[str] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    message_id: Mapped[str] = mapped_column(String(300))
    error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None]
    updated_at: Mapped[datetime]

    __table_args__ = (
        UniqueConstraint("digest_id", "recipient", name="uq_deliveries_digest_recipient"),
    )


class ReviewRow(Base):
    """A reviewer's decision on an item's match to a section; the latest one counts.

    Keyed by item and section, not by the match row, so re-fetching or re-matching an item
    never loses it.
    """

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"))
    section: Mapped[str] = mapped_column(String(20))
    decision: Mapped[str] = mapped_column(String(20))  # accepted, rejected, moved
    target_section: Mapped[str | None] = mapped_column(String(20))
    target_paragraph: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    reviewer: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime]

    __table_args__ = (UniqueConstraint("item_id", "section", name="uq_reviews_item_section"),)


class WebSessionRow(Base):
    """A signed-in session of the web pages, kept server-side so that it can be revoked.

    The cookie holds a random token; only its SHA-256 is stored. The user's role is read
    from the configuration on every request, never from here.
    """

    __tablename__ = "web_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user: Mapped[str] = mapped_column(String(200), index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
