"""What an ingest stores, as one digest: to check that a change to the ingest's mechanics
(speed, memory) leaves every result as it was.

Ingests into a fresh SQLite database, in one process and with a fixed clock, ``corpus``
feeds 0 to N-1 (the default descriptions), feeds N to 2N-1 with three paragraphs each, and
the sample feeds of ``examples/feeds``; then prints, per table (items, matches,
developments, development_keys), its row count and a SHA-256 of its rows in key order,
and, last, ``digest=…`` over them all. Run it on two commits and compare the last line
(``PYTHONHASHSEED`` is fixed here, for sets iterated in the ingest).

    .venv/bin/python bench/ingest_digest.py [N]     (default 30)
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

if os.environ.get("PYTHONHASHSEED") != "0":  # the same hash order on every run
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable, *sys.argv])

from corpus import START, feeds, fetched
from sqlalchemy import text

from monitor.app import App
from monitor.config import PROJECT_ROOT, load_settings
from monitor.ingest.sources import load_sources
from monitor.logs import configure
from monitor.types import FetchResult, Source

TABLES = {
    "items": "id",
    "matches": "item_id, section, subsection, id",
    "developments": "id",
    "development_keys": "key, slot",
}
FEEDS = PROJECT_ROOT / "examples" / "feeds"


def samples() -> list[tuple[Source, FetchResult]]:
    """The sample feeds as their sources' successful fetches."""
    base = "http://127.0.0.1:9"
    found = []
    for source in load_sources(PROJECT_ROOT / "examples" / "sources.yaml", base):
        path = FEEDS / source.url.removeprefix(f"{base}/")
        kind = "application/atom+xml" if path.suffix in (".atom", ".xml") else "application/rss+xml"
        found.append((source, FetchResult(200, source.url, path.read_bytes(), kind)))
    return found


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    configure("WARNING")
    now = START + timedelta(days=400)
    batches = [
        fetched(feeds(count)),
        fetched(feeds(count, first=count, paragraphs=3)),
        samples(),
        fetched(feeds(count // 3)),  # a re-poll: nothing new
    ]
    with tempfile.TemporaryDirectory() as tmp:
        app = App(load_settings(database_url=f"sqlite:///{tmp}/digest.db", ingest_workers=0,
                                out_dir=Path(tmp)))  # fmt: skip
        app.init_database()
        with app.pipeline(clock=lambda: now) as pipeline:
            for batch in batches:
                pipeline.repository.sync_sources(source for source, _ in batch)
                outcomes = pipeline.store_all(batch, now)
                failed = [o for o in outcomes if o.error]
                assert not failed, failed[0].error
        whole = hashlib.sha256()
        with app.engine.connect() as connection:
            for table, order in TABLES.items():
                digest = hashlib.sha256()
                rows = connection.execute(text(f"SELECT * FROM {table} ORDER BY {order}"))
                count_rows = 0
                for row in rows:
                    digest.update(repr(tuple(row)).encode())
                    count_rows += 1
                whole.update(digest.digest())
                print(f"{table}: rows={count_rows} sha256={digest.hexdigest()[:16]}")
        app.engine.dispose()
    print(f"digest={whole.hexdigest()[:16]}")


if __name__ == "__main__":
    main()
