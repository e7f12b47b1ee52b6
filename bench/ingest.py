"""Ingest throughput: the monitor's whole pipeline against bare ``feedparser.parse``.

Generates N RSS feeds of 100 items each, in the six UN languages, with realistic HTML
descriptions (paragraphs, links, emphasis, a tracking pixel, a script) built from the
labelled set's and the sample feeds' texts, dated over a year. In one run it measures

(a) ``feedparser.parse`` of the same bytes, nothing else;
(b) the monitor's pipeline from bytes into a fresh SQLite database: parse, sanitize, dedup,
    match and store, one transaction per feed (``Pipeline.store_all``, as after a fetch),
    once in one process and once with parsing and matching in a worker process while the
    main one stores, and prepares what the worker has not taken (``BENCH_WORKERS``, default
    1: these machines have two cores). The worker's start (about a second) is inside the
    timed part, as it is in every large batch.

Prints items/s for each, the database's item and match counts (identical both ways), the
CPU time per item of feedparser and of the pipeline's stages (parse and sanitize, match, and
store: the one-process run less the other two, measured apart), and, last,
``ingest_speedup_vs_feedparser=X.XX`` (b with workers over a; target: at least 5).

    .venv/bin/python bench/ingest.py [FEEDS]             (default 150: 15,000 items)
    .venv/bin/python bench/ingest.py [FEEDS] --profile   (the one-process run, profiled)
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from dataclasses import dataclass

import feedparser
from corpus import ITEMS_PER_FEED, START, feeds, fetched
from sqlalchemy import distinct, func, select

from monitor.app import App
from monitor.config import load_settings
from monitor.ingest.prepare import match_input, parse
from monitor.logs import configure
from monitor.storage.models import ItemRow, MatchRow
from monitor.types import Source

WORKERS = int(os.environ.get("BENCH_WORKERS", "1"))


def main() -> None:
    arguments = [a for a in sys.argv[1:] if a != "--profile"]
    count = int(arguments[0]) if arguments else 150
    configure("WARNING")
    corpus = feeds(count)
    if "--profile" in sys.argv:
        profile(corpus)
        return
    items = count * ITEMS_PER_FEED
    megabytes = sum(len(body) for _, body in corpus) / 1e6

    started = time.perf_counter()
    parsed = sum(len(feedparser.parse(body).entries) for _, body in corpus)
    feedparser_seconds = time.perf_counter() - started
    assert parsed == items, f"feedparser read {parsed} of {items} items"

    single = ingest(corpus, workers=0)
    pooled = ingest(corpus, workers=WORKERS)
    parse_seconds, match_seconds = stages(corpus)
    assert single.counts == pooled.counts, (single.counts, pooled.counts)

    feedparser_rate = items / feedparser_seconds
    single_rate, pooled_rate = items / single.seconds, items / pooled.seconds
    stored, rows, matched = pooled.counts
    print(f"feeds={count} items={items} bytes={megabytes:.1f}MB cores={os.cpu_count()}")
    print(f"feedparser_items_per_s={feedparser_rate:,.0f} ({feedparser_seconds:.2f} s)")
    print(f"pipeline_one_process_items_per_s={single_rate:,.0f} ({single.seconds:.2f} s)")
    print(f"pipeline_items_per_s={pooled_rate:,.0f} ({pooled.seconds:.2f} s, {WORKERS} worker(s))")
    print(f"stored={stored} rows={rows} matched={matched}")
    per_item = {"feedparser": feedparser_seconds, "parse": parse_seconds, "match": match_seconds,
                "store": single.seconds - parse_seconds - match_seconds}  # fmt: skip
    print("cpu_us_per_item " + " ".join(f"{k}={v * 1e6 / items:.0f}" for k, v in per_item.items()))
    print(f"one_process_speedup_vs_feedparser={single_rate / feedparser_rate:.2f}")
    print(f"ingest_speedup_vs_feedparser={pooled_rate / feedparser_rate:.2f}")


def profile(corpus: list[tuple[Source, bytes]]) -> None:
    """The one-process pipeline under pyinstrument (sampling): where the time goes."""
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.001)
    with profiler:
        ingest(corpus, workers=0)
    print(profiler.output_text(color=False, unicode=False, show_all=False))


def stages(corpus: list[tuple[Source, bytes]]) -> tuple[float, float]:
    """Seconds to parse (and sanitize) every feed, and to match every item, in this process:
    the one-process run's time less these two is the store's (dedup, inserts, indexing)."""
    app = App(load_settings(database_url="sqlite://"))
    matcher = app.matcher
    results = fetched(corpus)
    started = time.perf_counter()
    parsed = [item for source, result in results for item in parse(source, result)]
    parsed_at = time.perf_counter()
    for item in parsed:
        matcher.match(match_input(item))
    return parsed_at - started, time.perf_counter() - parsed_at


@dataclass(frozen=True)
class Run:
    seconds: float
    counts: tuple[int, int, int]  # new items reported, item rows, items with a match


def ingest(corpus: list[tuple[Source, bytes]], workers: int) -> Run:
    """The pipeline's store step (as after a fetch) into a fresh SQLite database."""
    with tempfile.TemporaryDirectory() as tmp:
        app = App(load_settings(database_url=f"sqlite:///{tmp}/bench.db",
                                ingest_workers=workers))  # fmt: skip
        app.init_database()
        app.matcher  # noqa: B018 - compile the watchlists before timing
        with app.pipeline() as pipeline:
            pipeline.repository.sync_sources(source for source, _ in corpus)
            results = fetched(corpus)
            started = time.perf_counter()
            outcomes = pipeline.store_all(results, START)
            seconds = time.perf_counter() - started
        failed = [o for o in outcomes if o.error]
        assert not failed, failed[0].error
        with app.engine.connect() as connection:
            rows = connection.scalar(select(func.count()).select_from(ItemRow))
            matched = connection.scalar(select(func.count(distinct(MatchRow.item_id))))
        app.engine.dispose()
    return Run(seconds, (sum(o.new_items for o in outcomes), rows or 0, matched or 0))


if __name__ == "__main__":
    main()
