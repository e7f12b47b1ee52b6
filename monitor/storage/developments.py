"""Developments in storage: load a batch's candidates, assign items, write profiles and keys.

Runs inside the transaction that stores the items (``Repository.save_fetch``), so an item
and its development are committed together or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import and_, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from monitor.developments.dedup import canonical_url
from monitor.developments.grouping import (
    CANDIDATES,
    KEY_SLOTS,
    WINDOW_DAYS,
    DevelopmentIndex,
    Profile,
    Signature,
    keys,
    signature,
)
from monitor.storage.models import DevelopmentKeyRow, DevelopmentRow, ItemRow
from monitor.types import StoredItem

IN_CHUNK = 500
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
        self.new_keys: dict[tuple[str, int], int] = {}

    def load(self, signatures: Sequence[tuple[Signature, set[str]]], forced: Iterable[int]) -> None:
        """Read the postings of these items' keys and the profiles of their best candidates
        (and of ``forced`` developments: those of the items they repeat)."""
        if not signatures:
            return
        all_keys = sorted({k for _, item_keys in signatures for k in item_keys})
        days = [sig.day for sig, _ in signatures]
        low, high = min(days) - WINDOW_DAYS, max(days) + WINDOW_DAYS
        columns = DevelopmentKeyRow.__table__.c
        for start in range(0, len(all_keys), IN_CHUNK):
            query = select(columns.key, columns.development_id, columns.day).where(
                columns.key.in_(all_keys[start : start + IN_CHUNK]),
                columns.day.between(low, high),
            )
            for key, dev_id, day in self.session.connection().execute(query):
                self.add_posting(key, dev_id, day)
        wanted = set(forced)
        for sig, item_keys in signatures:
            wanted.update(self.ranked_ids(sig, item_keys)[:CANDIDATES])
        self.load_profiles(wanted)

    def load_profiles(self, ids: Iterable[int]) -> None:
        missing = sorted(set(ids) - set(self.profiles))
        for start in range(0, len(missing), IN_CHUNK):
            table = DevelopmentRow.__table__
            query = select(
                table.c.id, table.c.first_day, table.c.last_day, table.c.size, table.c.profile
            ).where(table.c.id.in_(missing[start : start + IN_CHUNK]))
            for row in self.session.connection().execute(query):
                self.profiles[row.id] = profile_from(*row)

    def allocate(self, sig: Signature) -> int:
        """A provisional (negative) id; ``flush`` stores the development and gives its id."""
        self.provisional -= 1
        return self.provisional

    def put(self, dev: Profile, item_keys: Iterable[str], day: int) -> None:
        super().put(dev, item_keys, day)
        self.touched.add(dev.id)
        for key in item_keys:
            self.new_keys[key, dev.id] = max(day, self.new_keys.get((key, dev.id), day))

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
        changed = [_row_values(self.profiles[d]) | {"dev_id": d} for d in sorted(self.touched)
                   if d > 0]  # fmt: skip
        if changed:
            table = DevelopmentRow.__table__
            self.session.connection().execute(
                update(table)
                .where(table.c.id == bindparam("dev_id"))
                .values({name: bindparam(name) for name in _ROW_COLUMNS}),
                changed,
            )
        slots: dict[tuple[str, int], tuple[int, int]] = {}  # (key, slot) → (day, development)
        for (key, provisional), day in self.new_keys.items():
            dev_id = stored.get(provisional, provisional)
            slot = (key, dev_id % KEY_SLOTS)
            slots[slot] = max(slots.get(slot, (day, dev_id)), (day, dev_id))
        rows = [{"key": key, "slot": slot, "development_id": dev_id, "day": day}
                for (key, slot), (day, dev_id) in slots.items()]  # fmt: skip
        for start in range(0, len(rows), IN_CHUNK):
            self.session.connection().execute(
                _upsert_keys(self.session), rows[start : start + IN_CHUNK]
            )
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
        newest = min(max(self.new_keys.values()), date.today().toordinal() + 1)
        table = DevelopmentKeyRow.__table__
        self.session.connection().execute(
            delete(table).where(table.c.day < newest - KEY_RETENTION_DAYS)
        )


_ROW_COLUMNS = ("first_day", "last_day", "size", "profile")


def _row_values(dev: Profile) -> dict[str, Any]:
    return {"first_day": dev.first_day, "last_day": dev.last_day, "size": dev.size,
            "profile": profile_json(dev)}  # fmt: skip


def _upsert_keys(session: Session) -> Any:
    """INSERT … ON CONFLICT (key, slot): the newer development takes the slot (the same one
    keeps its later day), on either backend."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql as module
    else:
        from sqlalchemy.dialects import sqlite as module
    statement = module.insert(DevelopmentKeyRow.__table__)
    stored = DevelopmentKeyRow.__table__.c
    newer = or_(
        statement.excluded.day > stored.day,
        and_(statement.excluded.day == stored.day,
             statement.excluded.development_id >= stored.development_id),
    )  # fmt: skip
    return statement.on_conflict_do_update(
        index_elements=["key", "slot"],
        set_={"development_id": statement.excluded.development_id, "day": statement.excluded.day},
        where=newer,
    )


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
    for start in range(0, len(ordered), IN_CHUNK):
        chunk = ordered[start : start + IN_CHUNK]
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
