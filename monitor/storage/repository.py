"""The only code that holds a Session: every read and write of the monitor's state.

Methods group by stage: sources (configuration and health), ingest (one transaction per
source update), and reads for the CLI, the digest and the status table.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Connection,
    Engine,
    Select,
    Text,
    and_,
    bindparam,
    case,
    cast,
    delete,
    func,
    insert,
    literal_column,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.exc import NoResultFound
from sqlalchemy.orm import Session, selectinload

from monitor.ingest.decide import intents
from monitor.service.scheduling import next_check
from monitor.storage.db import insert_rows, upsert
from monitor.storage.models import (
    FetchLogRow,
    GroupingCorrectionRow,
    ItemRow,
    MatchRow,
    ReviewRow,
    SourceRow,
)
from monitor.types import (
    CachingInfo,
    DocumentInfo,
    FetchResult,
    Match,
    MatchSummary,
    ParsedItem,
    PublicationInfo,
    Source,
    SourceStatus,
    StoredItem,
)

if TYPE_CHECKING:
    from monitor.developments import dedup
    from monitor.developments.signature import Signature
    from monitor.developments.view import Development

FAILURE_STATES = ("blocked", "needs key", "failing", "deferred")
# A source's settings from the catalogue, refreshed on every sync (the rest is its state).
_SETTINGS = ("title", "kind", "url", "every_seconds", "language", "expect_new_seconds")
DEDUP_CANDIDATES = 50_000  # per query: a batch reads each language's days once
MAX_RETRY_AFTER = 7 * 24 * 3600
EARLIEST_DATE = datetime(1990, 1, 1, tzinfo=UTC)
FUTURE_TOLERANCE = timedelta(days=2)


class Repository:
    """Storage for sources, fetch log, items and matches."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- sources -------------------------------------------------------------------------
    def sync_sources(
        self,
        sources: Iterable[Source],
        first_checks: Callable[[list[Source]], Mapping[str, datetime]] | None = None,
    ) -> None:
        """Insert configured sources and refresh their settings; keep their fetch state.

        ``first_checks`` gives new sources their first due time (absent: due at once). One
        statement inserts or refreshes them all; two processes syncing at once (a service and
        a manual fetch) both succeed, whoever inserts a source first."""
        sources = list(sources)
        if not sources:
            return
        table = SourceRow.__table__
        with self.engine.connect() as connection:  # read apart: the write takes the lock first
            known = set(connection.execute(select(table.c.id)).scalars())
        new = [source for source in sources if source.id not in known]
        first = first_checks(new) if first_checks and new else {}
        rows = [
            {"id": source.id, "title": source.title, "kind": source.kind, "url": source.url,
             "every_seconds": int(source.every.total_seconds()), "language": source.language,
             "expect_new_seconds": int(source.expect_new_within.total_seconds())
             if source.expect_new_within else None,
             "consecutive_failures": 0, "next_check_at": first.get(source.id)}
            for source in sources
        ]  # fmt: skip
        with self.engine.begin() as connection:
            connection.execute(upsert(self.engine, table, ["id"], list(_SETTINGS)), rows)

    def caching_infos(self, source_ids: Iterable[str]) -> dict[str, CachingInfo]:
        """The stored ETag and Last-Modified of each source, in one query."""
        query = select(SourceRow.id, SourceRow.etag, SourceRow.last_modified).where(
            SourceRow.id.in_(list(source_ids))
        )
        with Session(self.engine) as session:
            return {i: CachingInfo(etag, modified) for i, etag, modified in session.execute(query)}

    def claim(
        self,
        owner: str,
        now: datetime,
        lease: timedelta,
        source_ids: Sequence[str] | None = None,
        due_only: bool = True,
        stale_owners: Iterable[str] = (),
    ) -> list[str]:
        """Lease sources for ``owner`` so no other process fetches them; return those leased.

        Candidates are the named sources (or all), only those due when ``due_only``. A source
        leased by someone else until after ``now`` is skipped, unless its holder is one of
        ``stale_owners`` (a crashed process). On PostgreSQL the candidates are locked
        ``FOR UPDATE SKIP LOCKED``, so several workers share the sources safely.
        """
        free = or_(
            SourceRow.lease_until.is_(None),
            SourceRow.lease_until < now,
            SourceRow.leased_by.in_(list(stale_owners)),
        )
        query = select(SourceRow.id).where(free).order_by(SourceRow.next_check_at, SourceRow.id)
        if due_only:
            query = query.where(
                or_(SourceRow.next_check_at.is_(None), SourceRow.next_check_at <= now)
            )
        if source_ids is not None:
            query = query.where(SourceRow.id.in_(source_ids))
        if self.engine.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        with Session(self.engine) as session, session.begin():
            candidates = session.scalars(query).all()
            if not candidates:
                return []
            table = SourceRow.__table__
            lease_free = (  # one statement for the batch: a source still free is leased
                update(table)
                .where(table.c.id.in_(candidates), free)
                .values(leased_by=owner, lease_until=now + lease)
                .returning(table.c.id)
            )
            leased = set(session.connection().execute(lease_free).scalars())
        return [source_id for source_id in candidates if source_id in leased]

    def due(self, now: datetime) -> list[str]:
        """Sources whose next check has come (or that were never checked), soonest first."""
        query = (
            select(SourceRow.id)
            .where(or_(SourceRow.next_check_at.is_(None), SourceRow.next_check_at <= now))
            .order_by(SourceRow.next_check_at, SourceRow.id)
        )
        with Session(self.engine) as session:
            return list(session.scalars(query))

    def release(self, owner: str, source_ids: Iterable[str]) -> None:
        """End ``owner``'s leases on these sources."""
        ids = list(source_ids)
        if not ids:
            return
        with Session(self.engine) as session, session.begin():
            session.execute(
                update(SourceRow)
                .where(SourceRow.id.in_(ids), SourceRow.leased_by == owner)
                .values(leased_by=None, lease_until=None)
            )

    def leases(self, now: datetime) -> dict[str, str]:
        """Sources currently leased, with their holder."""
        with Session(self.engine) as session:
            rows = session.execute(
                select(SourceRow.id, SourceRow.leased_by).where(SourceRow.lease_until >= now)
            ).all()
        return {source_id: owner or "?" for source_id, owner in rows}

    # -- ingest --------------------------------------------------------------------------
    def save_fetch(
        self,
        source: Source,
        result: FetchResult,
        parsed: Sequence[ParsedItem],
        matches: Mapping[str, Sequence[Match]],
        started: datetime,
        now: datetime,
        duplicates: dedup.DuplicateIndex | None = None,
        state: tuple[str, str | None] | None = ("ok", None),
        skipped: str | None = None,
    ) -> int:
        """Store a successful update in one transaction; return the number of new items.

        ``skipped`` says which malformed records the adapter left out (shown by ``status``).
        ``duplicates``, shared by the sources of a batch, saves reading the same stored items
        once per source; the items stored here join it once they are committed. ``state``
        is the source's new state and its note (``None``: unchanged, after a 304).
        """
        if not parsed:  # a 304 or an empty answer: the source's row and the log, no Session
            with self.engine.begin() as connection:
                self._record_success(connection, source, result, started, now, state, skipped, 0)
            return 0
        with Session(self.engine) as session, session.begin():
            identities = [item.identity for item in parsed]
            stored = (
                dict(
                    session.execute(
                        select(ItemRow.identity, ItemRow.content_hash).where(
                            ItemRow.source_id == source.id, ItemRow.identity.in_(identities)
                        )
                    ).all()
                )
                if identities
                else {}
            )
            decided = intents(stored, parsed)
            rows = [
                {**_item_values(item, now), "source_id": source.id, "identity": item.identity,
                 "first_seen_at": now}
                for item in decided.new
            ]  # fmt: skip
            index = self._duplicate_index(session, rows, now, duplicates) if rows else None
            added = self._insert_items(session, rows, matches, index, now) if rows else []
            for item in decided.updated:
                self._update_item(session, source.id, item, matches.get(item.identity, ()), now)
            self._record_success(session.connection(), source, result, started, now, state,
                                 skipped, len(decided.new))  # fmt: skip
        for candidate in added:
            index.add(candidate)  # type: ignore[union-attr] - added only with an index
        return len(decided.new)

    @staticmethod
    def _record_success(
        connection: Connection,
        source: Source,
        result: FetchResult,
        started: datetime,
        now: datetime,
        state: tuple[str, str | None] | None,
        skipped: str | None,
        new_items: int,
    ) -> None:
        """The source's row after a successful update, and its line in the fetch log: Core
        statements on the tables, not the ORM's unit of work (most of a re-poll's work)."""
        sources = SourceRow.__table__.c
        success = _success(now, result.status, next_check(now, source.every, 0, source.id))
        if state is not None:
            success |= {"state": state[0], "state_note": state[1]}
        else:  # a 304
            success |= _unchanged_state()
        if not result.not_modified:
            success |= {"etag": result.caching.etag, "last_skipped": skipped,
                        "last_modified": result.caching.last_modified}  # fmt: skip
        updated = connection.execute(
            update(SourceRow.__table__).where(sources.id == source.id).values(**success)
        )
        if updated.rowcount != 1:
            raise NoResultFound(f"source {source.id!r} is not in the catalogue")
        connection.execute(
            insert(FetchLogRow.__table__).values(
                **_log_row(source.id, started, now, result.status, new_items)
            )
        )

    def save_unchanged(
        self, answers: Sequence[tuple[Source, FetchResult]], started: datetime, now: datetime
    ) -> bool:
        """Record answers that bring nothing new (304s) in one transaction: one UPDATE of the
        sources and one INSERT into the fetch log, each executed for all of them (a re-poll's
        work, which one transaction per answer would multiply). Write nothing and return
        ``False`` when a source is not in the catalogue: the caller then records each answer
        on its own, and that source's error with it."""
        if not answers:
            return True
        sources = SourceRow.__table__.c
        ids = {source.id for source, _ in answers}
        with self.engine.begin() as connection:
            known = connection.execute(select(sources.id).where(sources.id.in_(ids))).scalars()
            if set(known) != ids:
                return False
            success = _success(now, bindparam("b_status"), bindparam("b_next_check"))
            connection.execute(
                update(SourceRow.__table__)
                .where(sources.id == bindparam("b_source"))
                .values(**success, **_unchanged_state()),
                [{"b_source": source.id, "b_status": result.status,
                  "b_next_check": next_check(now, source.every, 0, source.id)}
                 for source, result in answers],
            )  # fmt: skip
            connection.execute(
                insert(FetchLogRow.__table__),
                [_log_row(source.id, started, now, result.status, 0) for source, result in answers],
            )
        return True

    def _insert_items(
        self,
        session: Session,
        rows: list[dict[str, Any]],
        matches: Mapping[str, Sequence[Match]],
        index: dedup.DuplicateIndex,
        now: datetime,
    ) -> list[dedup.Candidate]:
        """New items (``rows`` of column values) and their matches, as two batched INSERTs (no
        ORM unit of work); return the inserted items that repeat no other, as duplicate
        candidates for later ones."""
        from monitor.developments import dedup
        from monitor.storage import developments

        if not rows:
            return []
        for row in rows:
            row["duplicate_of"] = index.find(
                row["source_id"], row["doc_symbol"], row["canonical_url"], row["title"],
                row["language"], row["published_at"] or now,
            )  # fmt: skip
        signatures = [_signature(row, matches.get(row["identity"], ()), now) for row in rows]
        repeats = [row["duplicate_of"] for row in rows]
        for row, development in zip(
            rows, developments.assign(session, signatures, repeats), strict=True
        ):
            row["development_id"] = development
        connection = session.connection()
        inserted = {
            identity: item_id
            for item_id, identity in insert_rows(connection, ItemRow.__table__, rows,
                                                 ["source_id", "identity"], ["id", "identity"])
        }  # fmt: skip
        match_rows = [
            row
            for identity, item_id in inserted.items()
            for row in _match_rows(item_id, matches.get(identity, ()))
        ]
        insert_rows(connection, MatchRow.__table__, match_rows)
        return [
            dedup.Candidate(inserted[row["identity"]], row["source_id"], row["doc_symbol"],
                            row["canonical_url"], row["title"], row["language"],
                            row["published_at"] or now)
            for row in rows
            if row["identity"] in inserted and row["duplicate_of"] is None
        ]  # fmt: skip

    @staticmethod
    def _update_item(
        session: Session, source_id: str, item: ParsedItem, matches: Sequence[Match], now: datetime
    ) -> None:
        """A changed item's new content, and its matches replaced (old rows deleted first)."""
        item_id = session.execute(
            update(ItemRow)
            .where(ItemRow.source_id == source_id, ItemRow.identity == item.identity)
            .values(**_item_values(item, now))
            .returning(ItemRow.id)
        ).scalar_one()
        session.execute(delete(MatchRow).where(MatchRow.item_id == item_id))
        insert_rows(session.connection(), MatchRow.__table__, _match_rows(item_id, matches))

    def _duplicate_index(
        self,
        session: Session,
        rows: list[dict[str, Any]],
        now: datetime,
        index: dedup.DuplicateIndex | None,
    ) -> dedup.DuplicateIndex:
        """``index`` (or a new one) with every stored item the new ``rows`` might repeat: the
        (language, day) buckets around their dates not read yet, and same symbols and URLs."""
        from monitor.developments import dedup

        index = index if index is not None else dedup.DuplicateIndex()
        if not rows:
            return index
        needed = {
            (row["language"], day)
            for row in rows
            for day in dedup.nearby_days(row["published_at"] or now)
        }
        missing = needed - index.loaded
        in_buckets = [
            and_(
                ItemRow.language.is_(language) if language is None
                else ItemRow.language == language,
                ItemRow.published_at >= _day_start(first),
                ItemRow.published_at < _day_start(last + 1),
            )
            for language in {language for language, _ in missing}
            for first, last in dedup.day_ranges(day for lang, day in missing if lang == language)
        ]  # fmt: skip
        doc_symbols = {row["doc_symbol"] for row in rows if row["doc_symbol"]}
        urls = {row["canonical_url"] for row in rows if row["canonical_url"]}
        conditions = [or_(*in_buckets)] if in_buckets else []
        if doc_symbols:
            conditions.append(ItemRow.doc_symbol.in_(doc_symbols))
        if urls:
            conditions.append(ItemRow.canonical_url.in_(urls))
        if conditions:
            # Duplicates are skipped here, not in SQL: a "duplicate_of IS NULL" term makes
            # SQLite walk that index (nearly every item) instead of the three the OR can use.
            stored = session.execute(
                select(
                    ItemRow.id, ItemRow.source_id, ItemRow.doc_symbol, ItemRow.canonical_url,
                    ItemRow.title, ItemRow.language, ItemRow.published_at, ItemRow.first_seen_at,
                    ItemRow.duplicate_of,
                )
                .where(or_(*conditions))
                .order_by(ItemRow.id)
                .limit(DEDUP_CANDIDATES)
            )  # fmt: skip
            for r in stored:
                if r.duplicate_of is None:
                    index.add(dedup.Candidate(r.id, r.source_id, r.doc_symbol, r.canonical_url,
                                              r.title, r.language,
                                              r.published_at or r.first_seen_at))  # fmt: skip
        index.loaded |= missing
        return index

    def record_failure(
        self,
        source: Source,
        error: str,
        status: int | None,
        started: datetime,
        now: datetime,
        retry_after: float | None = None,
        state: str = "failing",
    ) -> None:
        """Store a failed update on its source; its next check backs off, and waits at least
        as long as the server's ``Retry-After`` asked. ``state`` says what kind of failure
        (``failing``, ``blocked``, ``needs key``)."""
        with Session(self.engine) as session, session.begin():
            row = session.get_one(SourceRow, source.id)
            row.state, row.state_note = state, error
            row.last_fetch_at = now
            row.last_status = status
            row.last_error = error
            row.last_error_at = now
            row.consecutive_failures = (row.consecutive_failures or 0) + 1
            row.next_check_at = next_check(now, source.every, row.consecutive_failures)
            if retry_after is not None:
                row.next_check_at = max(
                    row.next_check_at, now + timedelta(seconds=min(retry_after, MAX_RETRY_AFTER))
                )
            session.add(
                FetchLogRow(
                    source_id=source.id,
                    started_at=started,
                    finished_at=now,
                    status=status,
                    new_items=0,
                    error=error,
                )
            )

    def defer(self, source: Source, note: str, until: datetime) -> None:
        """Not fetched now, and no failure (a host's daily cap): due again at ``until``."""
        with Session(self.engine) as session, session.begin():
            session.execute(
                update(SourceRow)
                .where(SourceRow.id == source.id)
                .values(state="deferred", state_note=note, next_check_at=until)
            )

    def requests_since(self, since: datetime) -> dict[str, int]:
        """Fetch attempts since ``since`` per source URL (a host's daily count)."""
        query = (
            select(SourceRow.url, func.count())
            .join(FetchLogRow, FetchLogRow.source_id == SourceRow.id)
            .where(FetchLogRow.started_at >= since)
            .group_by(SourceRow.url)
        )
        with Session(self.engine) as session:
            return dict(session.execute(query).all())

    # -- reads ---------------------------------------------------------------------------
    def items(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        section: str | None = None,
        matched_only: bool = False,
        search: str | None = None,
        ids: Iterable[int] | None = None,
        duplicates_of: Iterable[int] | None = None,
        developments: Iterable[int] | None = None,
    ) -> list[StoredItem]:
        """Items whose date (published, else first seen) lies in ``[since, until)``, optionally
        in a section, matching a full-text ``search``, among ``ids``, or repeating one of the
        items ``duplicates_of``, or reporting one of ``developments``."""
        date = func.coalesce(ItemRow.published_at, ItemRow.first_seen_at)
        query = (
            select(ItemRow, SourceRow.title)
            .join(SourceRow, SourceRow.id == ItemRow.source_id)
            .options(selectinload(ItemRow.matches))
            .order_by(date.desc(), ItemRow.id)
        )
        if since is not None:
            query = query.where(date >= since)
        if until is not None:
            query = query.where(date < until)
        if section is not None:
            query = query.where(
                ItemRow.id.in_(select(MatchRow.item_id).where(MatchRow.section == section))
            )
        elif matched_only:
            query = query.where(ItemRow.id.in_(select(MatchRow.item_id)))
        if ids is not None:
            query = query.where(ItemRow.id.in_(list(ids)))
        if duplicates_of is not None:
            query = query.where(ItemRow.duplicate_of.in_(list(duplicates_of)))
        if developments is not None:
            query = query.where(ItemRow.development_id.in_(list(developments)))
        with Session(self.engine) as session:
            if search:
                query = query.where(ItemRow.id.in_(full_text_ids(session, search)))
            return [_stored_item(row, title) for row, title in session.execute(query).all()]

    # -- developments --------------------------------------------------------------------
    def developments(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        section: str | None = None,
    ) -> list[Development]:
        """Whole developments (every item, in or out of the period) with an item dated in
        ``[since, until)`` (in ``section``), newest first."""
        from monitor.developments.view import gather

        in_period = self.items(since, until, section=section)
        ids = {item.development for item in in_period if item.development is not None}
        alone = [item for item in in_period if item.development is None]
        return gather([*self.items(developments=ids), *alone] if ids else alone)

    def merge_developments(self, keep: int, other: int, reviewer: str, now: datetime) -> int:
        """Move every item of development ``other`` into ``keep``; recorded by item, so that
        re-grouping keeps it. Return the number of items moved."""
        from monitor.storage import developments

        with Session(self.engine) as session, session.begin():
            anchor = session.scalar(
                select(ItemRow.id).where(ItemRow.development_id == keep).order_by(ItemRow.id)
            )
            moved = list(session.scalars(
                select(ItemRow.id).where(ItemRow.development_id == other).order_by(ItemRow.id)
            ))  # fmt: skip
            if anchor is None or not moved:
                raise NoResultFound(f"no development {keep if anchor is None else other}")
            for item_id in moved:
                developments.attach(session, item_id, keep)
                session.add(GroupingCorrectionRow(item_id=item_id, kind="with",
                            other_item_id=anchor, reviewer=reviewer, decided_at=now))  # fmt: skip
        return len(moved)

    def move_out(self, item_id: int, reviewer: str, now: datetime) -> int:
        """Move an item out of its development into a new one; return the new id."""
        from monitor.storage import developments

        with Session(self.engine) as session, session.begin():
            if session.get(ItemRow, item_id) is None:
                raise NoResultFound(f"no item {item_id}")
            new = developments.move_out(session, item_id)
            session.add(GroupingCorrectionRow(item_id=item_id, kind="alone", reviewer=reviewer,
                                              decided_at=now))  # fmt: skip
        return new

    def regroup(self) -> int:
        """Group every stored item again, then re-apply the corrections; return the number
        of developments."""
        from monitor.storage import developments

        with Session(self.engine) as session, session.begin():
            items = read_items(session, select(ItemRow.id))
            corrections = list(
                session.scalars(select(GroupingCorrectionRow).order_by(GroupingCorrectionRow.id))
            )
            return developments.regroup(session, items, corrections)

    def ungrouped(self) -> int:
        """How many items belong to no development (stored before developments existed)."""
        with Session(self.engine) as session:
            query = select(func.count()).where(ItemRow.development_id.is_(None))
            return session.scalar(query) or 0

    def match_summaries(
        self, since: datetime, until: datetime, min_score: float, per_group: int
    ) -> list[MatchSummary]:
        """What the notes choose from, without the items' text, for items dated in
        ``[since, until)``: every reviewed match, and of the unreviewed ones scoring at least
        ``min_score`` the best ``per_group`` per section, subsection and paragraphs (each with
        its group's size). Items repeating another such item are left out.

        The ranking runs in the database (a window function), so a year of matches costs one
        scan, not a year of rows in Python.
        """
        date = func.coalesce(ItemRow.published_at, ItemRow.first_seen_at)
        in_period = and_(date >= since, date < until)
        reviewed = MatchRow.item_id.in_(
            select(ReviewRow.item_id).where(ReviewRow.section == MatchRow.section)
        )
        strong_items = select(MatchRow.item_id).join(ItemRow, ItemRow.id == MatchRow.item_id)
        not_a_repeat = or_(
            ItemRow.duplicate_of.is_(None),
            ItemRow.duplicate_of.not_in(strong_items.where(in_period, MatchRow.score >= min_score)),
        )
        group = (MatchRow.section, MatchRow.subsection, cast(MatchRow.paragraphs, Text))
        ranked = (
            select(
                MatchRow.item_id, MatchRow.section, MatchRow.subsection, MatchRow.paragraphs,
                MatchRow.processes, MatchRow.score, date.label("date"), reviewed.label("reviewed"),
                ItemRow.development_id,
                func.row_number().over(partition_by=group,
                                       order_by=(MatchRow.score.desc(), date.desc(),
                                                 MatchRow.item_id)).label("rank"),
                func.count().over(partition_by=group).label("group_size"),
            )
            .join(ItemRow, ItemRow.id == MatchRow.item_id)
            .where(in_period, not_a_repeat, ~reviewed, MatchRow.score >= min_score)
            .subquery()
        )  # fmt: skip
        best = select(ranked).where(ranked.c.rank <= per_group)
        chosen_reviewed = (
            select(
                MatchRow.item_id, MatchRow.section, MatchRow.subsection, MatchRow.paragraphs,
                MatchRow.processes, MatchRow.score, date.label("date"),
                literal_column("1").label("reviewed"), ItemRow.development_id,
                literal_column("1").label("rank"),
                literal_column("1").label("group_size"),
            )
            .join(ItemRow, ItemRow.id == MatchRow.item_id)
            .where(in_period, not_a_repeat, reviewed)
        )  # fmt: skip
        with Session(self.engine) as session:
            rows = [*session.execute(best), *session.execute(chosen_reviewed)]
        return [
            MatchSummary(r.item_id, r.section, r.subsection, tuple(r.paragraphs),
                         tuple(r.processes), r.score, _aware(r.date) or since,
                         bool(r.reviewed), r.group_size, r.development_id)
            for r in rows
        ]  # fmt: skip

    def source_status(self) -> list[SourceStatus]:
        """Every known source with its health and item count, by id."""
        counts = (
            select(
                ItemRow.source_id,
                func.count().label("n"),
                func.max(ItemRow.first_seen_at).label("last_new"),
            )
            .group_by(ItemRow.source_id)
            .subquery()
        )
        query = (
            select(SourceRow, func.coalesce(counts.c.n, 0), counts.c.last_new)
            .outerjoin(counts, counts.c.source_id == SourceRow.id)
            .order_by(SourceRow.id)
        )
        with Session(self.engine) as session:
            return [
                _status(row, count, _aware(last_new))
                for row, count, last_new in session.execute(query).all()
            ]

    def symbols_cited_before(self, before: datetime, symbols: Iterable[str]) -> set[str]:
        """Those of ``symbols`` that an item dated before ``before`` already cited."""
        date = func.coalesce(ItemRow.published_at, ItemRow.first_seen_at)
        found = set()
        with Session(self.engine) as session:
            for symbol in symbols:
                pattern = '%"' + symbol.replace("%", "").replace("_", "\\_") + '"%'
                cited = or_(
                    cast(ItemRow.symbols, Text).like(pattern, escape="\\"),
                    ItemRow.doc_symbol == symbol,
                )
                query = select(ItemRow.id).where(date < before, cited).limit(1)
                if session.scalar(query) is not None:
                    found.add(symbol)
        return found

    def documents(self, symbols: Iterable[str]) -> dict[str, StoredItem]:
        """The stored UN document records (items with that ``doc_symbol``), by symbol."""
        wanted = list(symbols)
        if not wanted:
            return {}
        with Session(self.engine) as session:
            records = read_items(session, select(ItemRow.id).where(ItemRow.doc_symbol.in_(wanted)))
        return {r.document.symbol: r for r in reversed(records) if r.document}


def read_items(session: Session, ids: Select[tuple[int]]) -> list[StoredItem]:
    """The stored items whose ids ``ids`` selects, by id."""
    query = (
        select(ItemRow, SourceRow.title)
        .join(SourceRow, SourceRow.id == ItemRow.source_id)
        .options(selectinload(ItemRow.matches))
        .where(ItemRow.id.in_(ids))
        .order_by(ItemRow.id)
    )
    return [_stored_item(row, title) for row, title in session.execute(query).all()]


def _success(now: datetime, status: Any, next_check_at: Any) -> dict[str, Any]:
    """A source's columns after any successful update (``status`` and ``next_check_at`` may be
    bound parameters, for one statement executed for many sources)."""
    sources = SourceRow.__table__.c
    return {"last_fetch_at": now, "last_success_at": now, "last_status": status,
            "consecutive_failures": 0, "next_check_at": next_check_at,
            "first_success_at": func.coalesce(sources.first_success_at, now)}  # fmt: skip


def _log_row(
    source_id: str, started: datetime, now: datetime, status: int | None, new_items: int
) -> dict[str, Any]:
    """A successful update's line in the fetch log."""
    return {"source_id": source_id, "started_at": started, "finished_at": now,
            "status": status, "new_items": new_items}  # fmt: skip


def _unchanged_state() -> dict[str, Any]:
    """A 304's source state: it stands, unless it was a failure's (then ``ok`` again). The
    states are compared one by one, not by an IN (an expanding one cannot be executemany'd)."""
    sources = SourceRow.__table__.c
    failed = or_(*(sources.state == state for state in FAILURE_STATES))
    return {"state": case((failed, "ok"), else_=sources.state),
            "state_note": case((failed, None), else_=sources.state_note)}  # fmt: skip


def _day_start(ordinal: int) -> datetime:
    return datetime.combine(date.fromordinal(ordinal), time(), tzinfo=UTC)


def plausible_date(published: datetime | None, now: datetime) -> datetime | None:
    """A feed's date, unless it is before 1990 or more than two days ahead (then unknown, and
    the item is dated by when it was first seen)."""
    if published is None or not EARLIEST_DATE <= published <= now + FUTURE_TOLERANCE:
        return None
    return published


def _item_values(item: ParsedItem, now: datetime) -> dict[str, object]:
    """The item's stored columns, except its key, first sighting and duplicate link."""
    from monitor.developments.dedup import canonical_url

    document, publication = item.document, item.publication
    return {
        "symbols": list(item.symbols),
        "doc_symbol": document.symbol if document else None,
        "doc_body": document.body if document else None,
        "doc_agenda": document.agenda if document else None,
        "doc_links": [list(pair) for pair in document.links] if document else [],
        "publisher": publication.publisher if publication else None,
        "volume": publication.volume if publication else None,
        "issue": publication.issue if publication else None,
        "doi": publication.doi if publication else None,
        "canonical_url": canonical_url(item.url),
        "url": item.url,
        "title": item.title,
        "summary_html": item.summary_html,
        "summary_text": item.summary_text,
        "language": item.language,
        "authors": list(item.authors),
        "published_at": plausible_date(item.published, now),
        "content_hash": item.content_hash,
    }


def _signature(row: dict[str, Any], matches: Sequence[Match], now: datetime) -> Signature:
    """What grouping reads of a new item's stored columns and matches."""
    from monitor.developments.signature import signature

    return signature(
        row["title"], row["summary_text"], row["language"], row["source_id"],
        (row["published_at"] or now).toordinal(), symbols=row["symbols"],
        doc_symbol=row["doc_symbol"], matches=matches, url=row["canonical_url"],
    )  # fmt: skip


def _match_rows(item_id: int, matches: Sequence[Match]) -> list[dict[str, object]]:
    """The ``matches`` table's rows for one item's matches."""
    return [
        {
            "item_id": item_id,
            "section": match.section,
            "subsection": match.subsection,
            "paragraphs": list(match.paragraphs),
            "score": match.score,
            "evidence": list(match.evidence),
            "processes": list(match.processes),
        }
        for match in matches
    ]


def _stored_item(row: ItemRow, source_title: str) -> StoredItem:
    return StoredItem(
        id=row.id,
        source_id=row.source_id,
        source_title=source_title,
        title=row.title,
        url=row.url,
        summary_text=row.summary_text,
        summary_html=row.summary_html,
        language=row.language,
        authors=tuple(row.authors or ()),
        published=row.published_at,
        first_seen=row.first_seen_at,
        matches=tuple(
            Match(
                m.section,
                m.score,
                tuple(m.evidence),
                m.subsection,
                tuple(m.paragraphs),
                tuple(m.processes or ()),
            )
            for m in sorted(row.matches, key=lambda m: (-m.score, m.section))
        ),
        symbols=tuple(row.symbols or ()),
        document=DocumentInfo(
            row.doc_symbol,
            row.doc_body,
            row.doc_agenda,
            tuple((lang, url) for lang, url in row.doc_links or ()),
        )
        if row.doc_symbol
        else None,
        publication=PublicationInfo(row.publisher, row.volume, row.issue, row.doi)
        if (row.publisher or row.doi)
        else None,
        duplicate_of=row.duplicate_of,
        development=row.development_id,
    )


def _aware(value: datetime | str | None) -> datetime | None:
    """An aggregate over a UTC column comes back naive (or as text) on SQLite."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _status(row: SourceRow, count: int, last_new: datetime | None) -> SourceStatus:
    return SourceStatus(
        id=row.id,
        title=row.title,
        url=row.url,
        last_fetch_at=row.last_fetch_at,
        last_status=row.last_status,
        last_error=row.last_error,
        last_error_at=row.last_error_at,
        consecutive_failures=row.consecutive_failures or 0,
        item_count=count,
        next_check_at=row.next_check_at,
        every=timedelta(seconds=row.every_seconds),
        last_new_item_at=last_new,
        last_success_at=row.last_success_at,
        state=row.state,
        state_note=row.state_note,
        expect_new_within=timedelta(seconds=row.expect_new_seconds)
        if row.expect_new_seconds
        else None,
        first_success_at=row.first_success_at,
        last_skipped=row.last_skipped,
    )


def full_text_ids(session: Session, query: str) -> Select[tuple[int]]:
    """Item ids matching ``query`` (SQLite FTS5, or PostgreSQL full-text search)."""
    words = [w for w in re.findall(r"\w+", query) if w]
    if session.get_bind().dialect.name == "sqlite":
        match = " ".join(f'"{w}"' for w in words) or '""'
        return (
            select(literal_column("rowid"))
            .select_from(text("items_fts"))
            .where(text("items_fts MATCH :match").bindparams(match=match))
        )
    document = func.to_tsvector(
        "simple", func.coalesce(ItemRow.title, "") + " " + func.coalesce(ItemRow.summary_text, "")
    )
    return select(ItemRow.id).where(document.op("@@")(func.plainto_tsquery("simple", query)))
