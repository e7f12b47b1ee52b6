"""Grouping cost per item as the database grows: 10,000 stored items against 1,000,000.

Two databases of items arriving at a constant rate (``PER_DAY`` a day, as a monitor fills
over the years) are grown through the real grouping code (``storage.developments.assign``,
on SQLite): one to 10,000 items, one to 100,000 and then to the largest size. At each size
the next ``PROBE`` items are grouped in transactions of ``BATCH`` (as at ingest) and timed,
alternating between the two databases ``ROUNDS`` times so that a busy machine slows both
alike; the best round counts. Items are synthetic signatures: words from a large vocabulary
(a fifth from a few hundred common ones), in six languages, the matcher's evidence labels,
session numbers, places, symbols; a third of them report an event another item reported.

Prints the microseconds per item at each size, each database's developments, postings and
size, this process's peak memory, and last ``grouping_cost_ratio_1m_vs_10k=X`` (target ≤ 1.5).

    .venv/bin/python bench/developments.py [ITEMS]     (default 1,000,000)
"""

from __future__ import annotations

import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from monitor.developments.signature import Signature
from monitor.storage import developments
from monitor.storage.db import make_engine
from monitor.storage.migrate import upgrade
from monitor.storage.models import DevelopmentKeyRow, DevelopmentRow

PER_DAY = 1_000
BATCH = 200  # items per transaction while probed (a fetch's batch)
GROW_BATCH = 1_000  # items per transaction while growing
PROBE = 2_000
ROUNDS = 3  # probes of each database, alternating; the best counts
SMALL = 10_000
LANGUAGES = ("en", "fr", "es", "ru", "zh", "ar")
CONCEPTS = [f"¶{n} topic {n}" for n in range(1, 80)]
PLACES = [f"place:{n}" for n in range(60)]
VOCABULARY = 200_000
START_DAY = 738_000  # a day ordinal in 2021: a million items end before today


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


def grow(engine: Engine, events: Events, first: int, count: int, batch: int = GROW_BATCH) -> None:
    """Store ``count`` more items through the real grouping code."""
    for start in range(first, first + count, batch):
        signatures = [events.item(n) for n in range(start, min(start + batch, first + count))]
        with Session(engine) as session, session.begin():
            developments.assign(session, signatures)


def probe(engine: Engine, events: Events, first: int) -> float:
    """Microseconds per item to group the next ``PROBE`` items in ingest-sized transactions
    (committed, as at ingest); the synthetic items are made before the clock starts."""
    signatures = [events.item(n) for n in range(first, first + PROBE)]
    started = time.perf_counter()
    for start in range(0, PROBE, BATCH):
        with Session(engine) as session, session.begin():
            developments.assign(session, signatures[start : start + BATCH])
    return (time.perf_counter() - started) / PROBE * 1e6


class Database:
    """One benchmark database, grown to a size and probed."""

    def __init__(self, path: Path, seed: int) -> None:
        self.engine = make_engine(f"sqlite:///{path}")
        upgrade(self.engine)
        self.path = path
        self.events = Events(seed)
        self.stored = 0

    def grow_to(self, size: int, label: str) -> None:
        started = time.perf_counter()
        while self.stored < size:
            step = min(100_000, size - self.stored)
            grow(self.engine, self.events, self.stored, step)
            self.stored += step
            if size > SMALL:
                print(f"  {label}: {self.stored:,} items ({time.perf_counter() - started:.0f} s)",
                      flush=True)  # fmt: skip

    def probe(self) -> float:
        cost = probe(self.engine, self.events, self.stored)
        self.stored += PROBE
        return cost

    def describe(self) -> str:
        with Session(self.engine) as session:
            devs = session.scalar(select(func.count()).select_from(DevelopmentRow))
            keys = session.scalar(select(func.count()).select_from(DevelopmentKeyRow))
        size = self.path.stat().st_size / 2**20
        return f"{self.stored:,} items in {devs:,} developments, {keys:,} postings, {size:,.0f} MB"


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as folder:
        small = Database(Path(folder) / "small.db", 7)
        small.grow_to(SMALL, "small")
        sizes = sorted({min(100_000, total), total} - {SMALL})
        large = Database(Path(folder) / "large.db", 7)
        costs: dict[int, list[float]] = {}
        for size in sizes:
            large.grow_to(size, "large")
            for _ in range(ROUNDS):  # alternate, so that a busy machine slows both alike
                costs.setdefault(SMALL, []).append(small.probe())
                costs.setdefault(size, []).append(large.probe())
            print(f"{size:>9,} items: {min(costs[size]):7.1f} µs per item grouped "
                  f"(10,000 items: {min(costs[SMALL]):.1f} µs)", flush=True)  # fmt: skip
            print(f"  {large.describe()}", flush=True)
        print(f"  {small.describe()}")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS {peak:.0f} MB")
        ratio = min(costs[sizes[-1]]) / min(costs[SMALL])
        print(f"grouping_cost_ratio_1m_vs_10k={ratio:.2f}")


if __name__ == "__main__":
    main()
