"""Grouping cost per item as the database grows: 10,000 stored items against 1,000,000.

A database of ``N`` items arriving at a constant rate (``PER_DAY`` a day, as a monitor fills
over the years) is grown through the real grouping code (``storage.developments.assign``, in
transactions of ``BATCH`` items, on SQLite); at 10,000, 100,000 and the largest size the next
``PROBE`` items are grouped in batches and timed. Items are synthetic signatures: words
from a large vocabulary (a fifth from a few hundred common ones), in six languages, the matcher's evidence labels, session
numbers, places, symbols; a third of them report an event another item already reported.

Prints the microseconds per item at each size, the database's size and this process's peak
memory, and last ``grouping_cost_ratio_1m_vs_10k=X`` (target ≤ 1.5).

    .venv/bin/python bench/developments.py [ITEMS]     (default 1,000,000)
"""

from __future__ import annotations

import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monitor.developments.grouping import Signature
from monitor.storage import developments
from monitor.storage.db import make_engine
from monitor.storage.migrate import upgrade
from monitor.storage.models import DevelopmentKeyRow, DevelopmentRow

PER_DAY = 1_000
BATCH = 200
PROBE = 2_000
SMALL = 10_000
LANGUAGES = ("en", "fr", "es", "ru", "zh", "ar")
CONCEPTS = [f"¶{n} topic {n}" for n in range(1, 80)]
PLACES = [f"place:{n}" for n in range(60)]
VOCABULARY = 200_000
START_DAY = 739_000  # a day ordinal in 2024


class Events:
    """Synthetic items: new events, and repeated reports of recent ones."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.recent: list[Signature] = []

    def word(self) -> str:
        """A word: one in five from a few hundred common ones, else from a large vocabulary."""
        if self.rng.random() < 0.2:
            return f"c{int(self.rng.paretovariate(1.2)) % 300}"
        return f"w{self.rng.randrange(VOCABULARY)}"

    def item(self, number: int) -> Signature:
        day = START_DAY + number // PER_DAY
        rng = self.rng
        if self.recent and rng.random() < 0.33:
            base = rng.choice(self.recent[-500:])
            language = rng.choice(LANGUAGES)
            title = frozenset(list(base.title_words)[:4] + [self.word() for _ in range(3)])
            return Signature(day, language, f"s{rng.randrange(300)}", None, base.symbols,
                             base.drafts, base.concepts, base.sessions, base.places,
                             base.meetings, title, title | {self.word() for _ in range(10)})  # fmt: skip
        title = frozenset(self.word() for _ in range(8))
        symbols = frozenset({f"A/RES/{rng.randrange(70, 82)}/{rng.randrange(1, 300)}"}) if (
            rng.random() < 0.1) else frozenset()  # fmt: skip
        sig = Signature(
            day, rng.choice(LANGUAGES), f"s{rng.randrange(300)}", None, symbols, frozenset(),
            frozenset(rng.sample(CONCEPTS, rng.randrange(0, 3))),
            frozenset({rng.randrange(1, 120)}) if rng.random() < 0.2 else frozenset(),
            frozenset(rng.sample(PLACES, 1)) if rng.random() < 0.4 else frozenset(),
            frozenset(), title, title | {self.word() for _ in range(12)},
        )  # fmt: skip
        self.recent.append(sig)
        if len(self.recent) > 2_000:
            del self.recent[:1_000]
        return sig


def grow(engine: object, events: Events, first: int, count: int) -> None:
    for start in range(first, first + count, BATCH):
        batch = [events.item(n) for n in range(start, min(start + BATCH, first + count))]
        with Session(engine) as session, session.begin():  # type: ignore[arg-type]
            developments.assign(session, batch)


def probe(engine: object, events: Events, first: int) -> float:
    """Microseconds per item to group the next ``PROBE`` items (committed, as at ingest)."""
    started = time.perf_counter()
    grow(engine, events, first, PROBE)
    return (time.perf_counter() - started) / PROBE * 1e6


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        upgrade(engine)
        events = Events(7)
        grow(engine, events, 0, SMALL)
        small = probe(engine, events, SMALL)
        print(f"{SMALL:>9,} items: {small:7.1f} µs per item grouped", flush=True)
        stored = SMALL + PROBE
        started = time.perf_counter()
        large = small
        for size in sorted({min(100_000, total), total}):
            while stored < size:
                step = min(100_000, size - stored)
                grow(engine, events, stored, step)
                stored += step
                print(
                    f"  grown to {stored:,} items ({time.perf_counter() - started:.0f} s)",
                    flush=True,
                )
            if size > SMALL:
                large = probe(engine, events, stored)
                stored += PROBE
                print(f"{stored:>9,} items: {large:7.1f} µs per item grouped", flush=True)
        with Session(engine) as session:
            devs = session.scalar(select(func.count()).select_from(DevelopmentRow))
            keys = session.scalar(select(func.count()).select_from(DevelopmentKeyRow))
        size = (Path(folder) / "bench.db").stat().st_size / 2**20
        print(f"{stored:,} items in {devs:,} developments, {keys:,} keys, {size:,.0f} MB")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS {peak:.0f} MB")
        print(f"grouping_cost_ratio_1m_vs_10k={large / small:.2f}")


if __name__ == "__main__":
    main()
