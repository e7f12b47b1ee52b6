"""A year of items: ingest 100,000 into SQLite, then build and render a weekly digest and the
cycle's notes, each against a target of 2 s; the process's memory after the ingest.

The items are ``corpus`` feeds (six languages, a year of dates) stored by the real pipeline
(``Pipeline.store_all``, as after a fetch), in batches of 50 feeds. Prints the ingest rate,
resident memory (current and peak, of this process; workers are separate and exit after each
batch), the digest's and the notes' sizes and seconds, and, last,
``digest_seconds=X.XX notes_seconds=Y.YY rss_mb=Z`` (targets: 2, 2 and 200).

    .venv/bin/python bench/digest.py [FEEDS]     (100 items per feed; default 1000)
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from corpus import ITEMS_PER_FEED, START, fetched, iter_feeds

from monitor.app import App
from monitor.config import PROJECT_ROOT, load_settings
from monitor.logs import configure
from monitor.outputs import digest as digest_module
from monitor.outputs import notes as notes_module

BATCH_FEEDS = 50


def resident_mb() -> float:
    """This process's resident set size now, from /proc (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ingest(app: App, count: int) -> float:
    """Store ``count`` generated feeds through the pipeline; return the seconds it took."""
    seconds = 0.0
    with app.pipeline() as pipeline:
        for first in range(0, count, BATCH_FEEDS):
            corpus = list(iter_feeds(min(BATCH_FEEDS, count - first), first))
            pipeline.repository.sync_sources(source for source, _ in corpus)
            results = fetched(corpus)
            started = time.perf_counter()
            outcomes = pipeline.store_all(results, START)
            seconds += time.perf_counter() - started
            failed = [o for o in outcomes if o.error]
            assert not failed, failed[0].error
    return seconds


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    configure("WARNING")
    with tempfile.TemporaryDirectory() as tmp:
        app = App(load_settings(database_url=f"sqlite:///{tmp}/year.db", out_dir=Path(tmp)))
        app.init_database()
        ingest_seconds = ingest(app, count)
        items = count * ITEMS_PER_FEED
        rss, peak = resident_mb(), peak_mb()
        print(f"ingested={items} in {ingest_seconds:.1f} s ({items / ingest_seconds:,.0f} items/s)")
        print(f"rss_after_ingest_mb={rss:.0f} peak_mb={peak:.0f}")

        templates = PROJECT_ROOT / "templates"
        last_day = (START + timedelta(days=363)).date()
        started = time.perf_counter()
        settings = app.settings
        built = digest_module.build(
            app.repository(), app.watchlists, last_day - timedelta(days=6), last_day,
            settings.report_language, settings.digest_per_section, settings.web_url,
        )  # fmt: skip
        html, _text = digest_module.render(built, templates)
        digest_seconds = time.perf_counter() - started
        entries = sum(len(section.entries) for section in built.sections)
        print(f"weekly_digest: {built.items_in_period} items in "
              f"{built.developments_in_period} developments, {entries} entries shown, "
              f"{len(html.encode()) / 1e3:,.0f} KB HTML (e-mail limit 300 KB), "
              f"{digest_seconds:.2f} s")  # fmt: skip

        started = time.perf_counter()
        notes = notes_module.build(
            app.repository(), app.watchlists, app.reviews.all(), START.date(), last_day
        )
        markdown = notes_module.render(notes, templates, "md")
        notes_seconds = time.perf_counter() - started
        print(f"cycle_notes: {notes.paragraphs_covered} paragraphs, {notes.footnote_count} "
              f"notes, {len(markdown) / 1e6:.1f} MB Markdown, {notes_seconds:.2f} s")  # fmt: skip
        app.engine.dispose()
    print(
        f"digest_seconds={digest_seconds:.2f} notes_seconds={notes_seconds:.2f} rss_mb={rss:.0f} "
        f"digest_kb={len(html.encode()) / 1e3:.0f}"
    )


if __name__ == "__main__":
    main()
