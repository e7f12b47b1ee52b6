"""Developments in storage: load a batch's candidates, assign items, write profiles and keys.

Runs inside the transaction that stores the items (``Repository.save_fetch``), so an item
and its development are committed together or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from monitor.developments.dedup import canonical_url
from monitor.developments.grouping import (
    CANDIDATES,
    KEY_SLOTS,
    WINDOW_DAYS,
    DevelopmentIndex,
    Profile,
    keys,
)
from monitor.developments.signature import Signature, signature
from monitor.storage.db import driver_sql
from monitor.storage.models import DevelopmentKeyRow, DevelopmentRow, ItemRow
from monitor.types import StoredItem

IN_CHUNK = 512  # keys or ids per statement (at most)
REGROUP_CHUNK = 500  # items grouped per batch when grouping everything again
T = TypeVar("T")
KEY_RETENTION_DAYS = 60  # postings kept behind the newest item grouped (≥ WINDOW_DAYS)


def profile_json(dev: Profile) -> dict[str, Any]:
    """A profile's JSON column (its sets as sorted lists)."""
    return {
        "doc_symbols": sorted(dev.doc_symbols),
        "symbols": sorted(dev.symbols),
        "drafts": sorted(dev.drafts),
        "concepts": sorted(dev.concepts),
        "sessions": sorted(dev.sessions),
        "places": sorted(dev.places),
        "meetings": sorted(dev.meetings),
        "words": {lang: sorted(words) for lang, words in dev.words.items()},
        "title_words": {lang: sorted(words) for lang, words in dev.title_words.items()},
        "figures": sorted(dev.figures),
        "acronyms": sorted(dev.acronyms),
        "title_sessions": sorted(dev.title_sessions),
        "names": {lang: sorted(names) for lang, names in dev.names.items()},
        "latin_names": sorted(dev.latin_names),
        "title_figures": {lang: sorted(f) for lang, f in dev.title_figures.items()},
        "sounds": sorted(dev.sounds),
        "news": sorted(dev.news),
        "support": dev.support,
    }


def profile_from(row_id: int, first: int, last: int, size: int, data: dict[str, Any]) -> Profile:
    """The inverse of ``profile_json``."""
    return Profile(
        id=row_id,
        first_day=first,
        last_day=last,
        size=size,
        doc_symbols=frozenset(data.get("doc_symbols", ())),
        symbols=frozenset(data.get("symbols", ())),
        drafts=frozenset(data.get("drafts", ())),
        concepts=frozenset(data.get("concepts", ())),
        sessions=frozenset(data.get("sessions", ())),
        places=frozenset(data.get("places", ())),
        meetings=frozenset(data.get("meetings", ())),
        words={lang: frozenset(w) for lang, w in data.get("words", {}).items()},
        title_words={lang: frozenset(w) for lang, w in data.get("title_words", {}).items()},
        figures=frozenset(data.get("figures", ())),
        acronyms=frozenset(data.get("acronyms", ())),
        title_sessions=frozenset(data.get("title_sessions", ())),
        names={lang: frozenset(n) for lang, n in data.get("names", {}).items()},
        latin_names=frozenset(data.get("latin_names", ())),
        title_figures={lang: frozenset(f) for lang, f in data.get("title_figures", {}).items()},
        sounds=frozenset(data.get("sounds", ())),
        news=frozenset(data.get("news", ())),
        support=dict(data.get("support", {})),
    )


class StoredIndex(DevelopmentIndex):
    """A ``DevelopmentIndex`` over storage: the postings of the keys a batch needs are read
    once (at most ``KEY_SLOTS`` developments per key), new developments get their
    ids from the database, and ``flush`` writes what changed."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.touched: set[int] = set()
        self.provisional = 0
        self.new_keys: dict[int, dict[str, int]] = {}  # development → key → latest day

    def load(self, signatures: Sequence[tuple[Signature, set[str]]], forced: Iterable[int]) -> None:
        """Read the postings of these items' keys and the profiles of their best candidates
        (and of ``forced`` developments: those of the items they repeat)."""
        if not signatures:
            return
        all_keys = sorted({k for _, item_keys in signatures for k in item_keys})
        days = [sig.day for sig, _ in signatures]
        low, high = min(days) - WINDOW_DAYS, max(days) + WINDOW_DAYS
        connection = self.session.connection()
        postings = self.postings
        for chunk in _chunks(all_keys):
            statement = driver_sql(connection, _POSTINGS.format(marks=_marks(len(chunk))))
            found = connection.exec_driver_sql(statement, (*chunk, low, high))
            for key, dev_id, day in found.cursor.fetchall():  # plain tuples, in bulk
                posting = postings.get(key)
                if posting is None:  # a key's first row: ``add_posting`` without the checks
                    postings[key] = {dev_id: day}
                else:
                    self.add_posting(key, dev_id, day)
            found.close()
        wanted = set(forced)
        for sig, item_keys in signatures:
            wanted.update(self.ranked_ids(sig, item_keys)[:CANDIDATES])
        self.load_profiles(wanted)

    def load_profiles(self, ids: Iterable[int]) -> None:
        missing = sorted(set(ids) - set(self.profiles))
        connection = self.session.connection()
        decode = _processors(connection)[1]
        for chunk in _chunks(missing):
            statement = driver_sql(connection, "SELECT id, first_day, last_day, size, profile "
                                   f"FROM developments WHERE id IN ({_marks(len(chunk))})")  # fmt: skip
            for row_id, first, last, size, profile in connection.exec_driver_sql(
                statement, tuple(chunk)
            ):
                data = decode(profile) if decode is not None else profile
                self.profiles[row_id] = profile_from(row_id, first, last, size, data)

    def allocate(self, sig: Signature) -> int:
        """A provisional (negative) id; ``flush`` stores the development and gives its id."""
        self.provisional -= 1
        return self.provisional

    def put(self, dev: Profile, item_keys: Iterable[str], day: int) -> None:
        super().put(dev, item_keys, day)
        self.touched.add(dev.id)
        posted = self.new_keys.setdefault(dev.id, {})
        latest = posted.get
        for key in item_keys:
            if latest(key, day) <= day:  # the latest day of each posting
                posted[key] = day
        if not posted:
            del self.new_keys[dev.id]

    def flush(self) -> dict[int, int]:
        """Write the new developments, the touched profiles and the new postings, each as one
        batch of rows; return the stored id of each provisional one."""
        new = sorted((d for d in self.touched if d < 0), reverse=True)
        stored: dict[int, int] = {}
        if new:
            ids = self.session.scalars(
                insert(DevelopmentRow).returning(DevelopmentRow.id, sort_by_parameter_order=True),
                [_row_values(self.profiles[d]) for d in new],
            ).all()
            stored = dict(zip(new, ids, strict=True))
        connection = self.session.connection()
        encode = _processors(connection)[0]
        changed = [
            (dev.first_day, dev.last_day, dev.size,
             encode(profile_json(dev)) if encode is not None else profile_json(dev), dev.id)
            for dev in (self.profiles[d] for d in sorted(self.touched) if d > 0)
        ]  # fmt: skip
        if changed:
            connection.exec_driver_sql(
                driver_sql(connection, "UPDATE developments SET first_day = ?, last_day = ?, "
                           "size = ?, profile = ? WHERE id = ?"),
                changed,
            )  # fmt: skip
        slots: dict[tuple[str, int], tuple[int, int]] = {}  # (key, slot) → (day, development)
        held_by = slots.get
        for provisional, posted in self.new_keys.items():
            dev_id = stored.get(provisional, provisional)
            slot_of = dev_id % KEY_SLOTS
            for key, day in posted.items():
                slot = (key, slot_of)
                held = held_by(slot)
                if held is None or held < (day, dev_id):
                    slots[slot] = (day, dev_id)
        # A posting the prune below would delete is not written (nor does it displace one
        # from its slot: the displaced one is older still, and deleted all the same).
        cutoff = self._cutoff()
        rows = [(key, slot, dev_id, day) for (key, slot), (day, dev_id) in slots.items()
                if day >= cutoff]  # fmt: skip
        for chunk in _chunks(rows):
            statement = driver_sql(connection, _UPSERT_KEYS.format(
                values=", ".join(["(?, ?, ?, ?)"] * len(chunk))))  # fmt: skip
            connection.exec_driver_sql(statement, tuple(v for row in chunk for v in row))
        for provisional, dev_id in stored.items():
            self.profiles[dev_id] = replace(self.profiles.pop(provisional), id=dev_id)
        self.prune()
        self.touched.clear()
        self.new_keys.clear()
        return stored

    def prune(self) -> None:
        """Delete the postings ``KEY_RETENTION_DAYS`` older than the newest day grouped (at
        most tomorrow: a feed's date in the future prunes nothing early). No item can join a
        development through them any more within the window; an item dated that far back
        is grouped with what its batch and the remaining postings offer."""
        if not self.new_keys:
            return
        connection = self.session.connection()
        connection.exec_driver_sql(
            driver_sql(connection, "DELETE FROM development_keys WHERE day < ?"),
            (self._cutoff(),),
        )

    def _cutoff(self) -> int:
        """The day before which ``prune`` deletes postings (none without new postings)."""
        if not self.new_keys:
            return -(1 << 62)
        newest = max(max(posted.values()) for posted in self.new_keys.values())
        newest = min(newest, date.today().toordinal() + 1)
        return newest - KEY_RETENTION_DAYS


# A key's postings in the window (at most ``KEY_SLOTS``): ``add_posting`` keeps the most
# recent ``KEY_POSTINGS`` of them, by day then id. Cheaper than ranking them in SQL (a window
# function sorts every key's rows) for the few more rows it returns.
_POSTINGS = (
    "SELECT key, development_id, day FROM development_keys "
    "WHERE key IN ({marks}) AND day BETWEEN ? AND ?"
)

# INSERT … ON CONFLICT (key, slot): the newer development takes the slot (the same one keeps
# its later day), on either backend; written for the driver, one statement per chunk of rows.
_UPSERT_KEYS = (
    "INSERT INTO development_keys (key, slot, development_id, day) VALUES {values} "
    "ON CONFLICT (key, slot) DO UPDATE SET development_id = excluded.development_id, "
    "day = excluded.day WHERE excluded.day > development_keys.day OR "
    "(excluded.day = development_keys.day "
    "AND excluded.development_id >= development_keys.development_id)"
)


def _chunks(values: Sequence[T]) -> Iterator[Sequence[T]]:
    """``values`` in chunks of 2**k (at most ``IN_CHUNK``): a statement per chunk size has a
    handful of shapes, which the driver prepares once and keeps, where a shape per length
    would fill its statement cache with large statements (tens of megabytes)."""
    start = 0
    while start < len(values):
        size = 1 << (min(IN_CHUNK, len(values) - start).bit_length() - 1)
        yield values[start : start + size]
        start += size


def _marks(count: int) -> str:
    return ", ".join(["?"] * count)


def _processors(connection: Any) -> tuple[Any, Any]:
    """The profile column's bind and result processors on this connection's dialect (JSON
    text on SQLite; what the driver takes and gives on PostgreSQL)."""
    dialect = connection.dialect
    column = DevelopmentRow.__table__.c.profile.type.dialect_impl(dialect)
    return column.bind_processor(dialect), column.result_processor(dialect, None)


def _row_values(dev: Profile) -> dict[str, Any]:
    return {"first_day": dev.first_day, "last_day": dev.last_day, "size": dev.size,
            "profile": profile_json(dev)}  # fmt: skip


def assign(
    session: Session,
    signatures: Sequence[Signature],
    repeats: Sequence[int | None] = (),
) -> list[int]:
    """The development of each item (in the order given), joining or starting one; items that
    repeat a stored item (``repeats``: its id, or ``None``) join that item's development."""
    index = StoredIndex(session)
    with_keys = [(sig, keys(sig)) for sig in signatures]
    repeated = [r for r in repeats if r is not None]
    of_item = (
        dict(
            session.execute(
                select(ItemRow.id, ItemRow.development_id).where(ItemRow.id.in_(repeated))
            ).all()
        )
        if repeated
        else {}
    )
    index.load(with_keys, (d for d in of_item.values() if d is not None))
    order = sorted(range(len(signatures)), key=lambda i: (signatures[i].day, i))
    assigned: list[int] = [0] * len(signatures)
    for position in order:
        sig, item_keys = with_keys[position]
        repeat = repeats[position] if position < len(repeats) else None
        target = of_item.get(repeat) if repeat is not None else None
        if target is not None and target in index.profiles:
            dev = index.join(index.profiles[target], sig, item_keys)
        else:
            dev = index.assign(sig, item_keys)[0]
        assigned[position] = dev.id
    stored = index.flush()
    return [stored.get(dev_id, dev_id) for dev_id in assigned]


def stored_signature(item: StoredItem) -> Signature:
    """A stored item's grouping signature (as at ingest)."""
    return signature(
        item.title, item.summary_text, item.language, item.source_id, item.date.toordinal(),
        symbols=item.symbols, doc_symbol=item.document.symbol if item.document else None,
        matches=item.matches, url=canonical_url(item.url),
    )  # fmt: skip


def rebuild(session: Session, dev_id: int, items: Sequence[StoredItem]) -> None:
    """Recompute a development's profile and keys from its items (after a correction);
    a development left with no item is deleted."""
    session.execute(delete(DevelopmentKeyRow).where(DevelopmentKeyRow.development_id == dev_id))
    if not items:
        session.execute(delete(DevelopmentRow).where(DevelopmentRow.id == dev_id))
        return
    index = StoredIndex(session)
    signatures = sorted((stored_signature(item) for item in items), key=lambda s: s.day)
    dev = Profile(dev_id, signatures[0].day, signatures[0].day, 0)
    for sig in signatures:
        dev = index.join(dev, sig, keys(sig))
    index.flush()


def regroup(session: Session, items: Sequence[StoredItem], corrections: Sequence[Any]) -> int:
    """Group every item again from scratch, in date order, then apply the reviewers'
    corrections in the order they were made; return the number of developments."""
    session.execute(update(ItemRow).values(development_id=None))
    session.execute(delete(DevelopmentKeyRow))
    session.execute(delete(DevelopmentRow))
    ordered = sorted(items, key=lambda i: (i.date, i.id))
    for start in range(0, len(ordered), REGROUP_CHUNK):
        chunk = ordered[start : start + REGROUP_CHUNK]
        assigned = assign(session, [stored_signature(item) for item in chunk])
        for item, dev_id in zip(chunk, assigned, strict=True):
            session.execute(
                update(ItemRow).where(ItemRow.id == item.id).values(development_id=dev_id)
            )
    for correction in corrections:
        if correction.kind == "alone":
            move_out(session, correction.item_id)
        else:
            target = session.scalar(
                select(ItemRow.development_id).where(ItemRow.id == correction.other_item_id)
            )
            if target is not None:
                attach(session, correction.item_id, target)
    return session.scalar(select(func.count()).select_from(DevelopmentRow)) or 0


def move_out(session: Session, item_id: int) -> int:
    """Move an item out of its development into one of its own; return the new id."""
    old = session.scalar(select(ItemRow.development_id).where(ItemRow.id == item_id))
    new = session.execute(
        insert(DevelopmentRow).values(first_day=0, last_day=0, size=0, profile={})
        .returning(DevelopmentRow.id)
    ).scalar_one()  # fmt: skip
    session.execute(update(ItemRow).where(ItemRow.id == item_id).values(development_id=new))
    for dev_id in (new, old):
        if dev_id is not None:
            rebuild(session, dev_id, _items_of(session, dev_id))
    return new


def attach(session: Session, item_id: int, dev_id: int) -> None:
    """Move one item into development ``dev_id``."""
    old = session.scalar(select(ItemRow.development_id).where(ItemRow.id == item_id))
    if old == dev_id:
        return
    session.execute(update(ItemRow).where(ItemRow.id == item_id).values(development_id=dev_id))
    for changed in (dev_id, old):
        if changed is not None:
            rebuild(session, changed, _items_of(session, changed))


def _items_of(session: Session, dev_id: int) -> list[StoredItem]:
    from monitor.storage.repository import read_items

    return read_items(session, select(ItemRow.id).where(ItemRow.development_id == dev_id))
