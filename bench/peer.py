"""Horizon Monitor against lemon24/reader with full-text search, side by side in one run.

Two corpora of ``corpus.py`` (its default, and three two-sentence paragraphs per item
description), each written to files and served on 127.0.0.1 by the monitor's feed server
(``monitor/ingest/feedserver.py``: ETag and Last-Modified, 304 when either still holds).
For each tool, as whole processes started with this interpreter:

- first ingest: every feed into a fresh database. The monitor: ``monitor init`` then
  ``monitor fetch`` (both counted), ``MONITOR_*`` pointing at a temporary database and a
  generated ``sources.yaml``, every other setting at its default. reader: one script that
  does ``make_reader(db)``, ``add_feed`` per URL, ``update_feeds(scheduled=False)`` (reader's
  default of one worker), ``enable_search()`` and ``update_search()``;
- re-poll: the same feeds, nothing new (every request answered 304): ``monitor fetch``;
  reader's ``update_feeds(scheduled=False)`` and ``update_search()``. ``scheduled=False``
  because reader (since 3.21) otherwise skips feeds not due yet and asks the server nothing.

The monitor's bytecode is written first (``compile_monitor``), as an installed package has
it. Each measurement is the wall time of the process and the peak RSS of its whole process tree
(the process and all its descendants, summed, polled every 20 ms), best of two alternating
rounds (monitor, reader, monitor, reader). The server's counts of 200 and 304 answers and
the stored items are checked after every run. Prints a table per corpus and, last,
``peer_ingest=X peer_repoll=Y peer_rss=Z``: the worst of the two corpora for each (ingest:
reader's time / the monitor's, the lowest; re-poll: the monitor's / reader's, the highest;
RSS: the monitor's / reader's, the highest).

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/peer.py [FEEDS]     # default 150 feeds of 100 items
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import psutil

ROUNDS = 2
POLL_SECONDS = 0.02
CORPORA = {"corpus.py": None, "3 paragraphs": 3}  # name -> corpus.feeds(paragraphs=...)

READER_SCRIPT = """\
import sys

from reader import make_reader

database, mode, urls = sys.argv[1:]
reader = make_reader(database)
if mode == "ingest":
    with open(urls) as lines:
        for url in lines.read().split():
            reader.add_feed(url)
reader.update_feeds(scheduled=False)
if mode == "ingest":
    reader.enable_search()
reader.update_search()
reader.close()
"""


def missing_packages() -> list[str]:
    return [name for name in ("reader", "psutil") if importlib.util.find_spec(name) is None]


def compile_monitor() -> None:
    """Write the monitor's bytecode, as pip does for an installed package (reader's has it):
    an editable install under PYTHONDONTWRITEBYTECODE would compile every module at every
    start, and the re-poll would measure Python's compiler."""
    import compileall

    import monitor

    compileall.compile_dir(Path(monitor.__file__).parent, quiet=1)


# -- the feed server -----------------------------------------------------------------------------
@contextmanager
def serve(directory: Path) -> Iterator[tuple[str, Counter[int]]]:
    """The monitor's feed server on ``directory``, counting the statuses it answers."""
    from monitor.ingest.feedserver import FeedRequestHandler

    statuses: Counter[int] = Counter()
    lock = threading.Lock()

    class Counting(FeedRequestHandler):
        def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
            with lock:
                statuses[int(code)] += 1

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Counting, directory=str(directory)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="feed-server", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}", statuses
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# -- measuring a process -------------------------------------------------------------------------
@dataclass
class Run:
    seconds: float
    peak_rss: int  # bytes, the whole process tree


def tree_rss(process: psutil.Process) -> int:
    import psutil

    try:
        family = [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for member in family:
        with suppress(psutil.Error):
            total += member.memory_info().rss
    return total


def measure(command: list[str], cwd: Path, env: dict[str, str], log: Path) -> Run:
    """Run ``command`` to its end: wall time and the peak RSS of its process tree."""
    import psutil

    peak = 0
    with log.open("ab") as output:
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, env=env, stdout=output, stderr=output)
        try:
            watched = psutil.Process(child.pid)
        except psutil.NoSuchProcess:  # already gone
            watched = None
        while child.poll() is None and watched is not None:
            peak = max(peak, tree_rss(watched))
            time.sleep(POLL_SECONDS)
        seconds = time.perf_counter() - started
    if child.returncode != 0:
        tail = log.read_text(errors="replace")[-3000:]
        sys.exit(f"{' '.join(command)} exited {child.returncode}:\n{tail}")
    return Run(seconds, peak)


def count(database: Path, query: str) -> int:
    with sqlite3.connect(database) as connection:
        return connection.execute(query).fetchone()[0]


# -- the two tools -------------------------------------------------------------------------------
class Tool:
    name = ""
    detail = ""

    def __init__(self, workdir: Path, urls: list[str]) -> None:
        self.workdir = workdir
        self.urls = urls
        self.log = workdir / "output.log"
        self.env = {key: value for key, value in os.environ.items()
                    if not key.startswith("MONITOR_")}  # fmt: skip
        self.env["NO_PROXY"] = self.env["no_proxy"] = "127.0.0.1,localhost"

    def ingest(self) -> Run:
        raise NotImplementedError

    def repoll(self) -> Run:
        raise NotImplementedError

    def stored(self) -> int:
        raise NotImplementedError


class Monitor(Tool):
    name = "monitor"

    def __init__(self, workdir: Path, urls: list[str]) -> None:
        from monitor.config import PROJECT_ROOT

        super().__init__(workdir, urls)
        self.database = workdir / "monitor.db"
        sources = workdir / "sources.yaml"
        sources.write_text(
            "sources:\n"
            + "".join(
                f"  - {{id: bench-{n}, title: Bench {n}, url: '{url}'}}\n"
                for n, url in enumerate(urls)
            )
        )
        self.env.update(
            MONITOR_DATABASE_URL=f"sqlite:///{self.database}",
            MONITOR_SOURCES=str(sources),
            MONITOR_WATCHLISTS=str(PROJECT_ROOT / "watchlists"),
            MONITOR_OUT_DIR=str(workdir / "out"),
            MONITOR_CONFIG=str(workdir / "absent.toml"),
        )
        script = Path(sys.executable).with_name("monitor")
        self.command = [str(script)] if script.is_file() else [sys.executable, "-m", "monitor"]

    def ingest(self) -> Run:
        init = measure([*self.command, "init"], self.workdir, self.env, self.log)
        fetch = measure([*self.command, "fetch"], self.workdir, self.env, self.log)
        self.detail = f" (init {init.seconds:.2f} s {init.peak_rss / 1e6:.0f} MB)"
        return Run(init.seconds + fetch.seconds, max(init.peak_rss, fetch.peak_rss))

    def repoll(self) -> Run:
        return measure([*self.command, "fetch"], self.workdir, self.env, self.log)

    def stored(self) -> int:
        return count(self.database, "SELECT count(*) FROM items")


class Reader(Tool):
    name = "reader"

    def __init__(self, workdir: Path, urls: list[str]) -> None:
        super().__init__(workdir, urls)
        self.database = workdir / "reader.sqlite"
        (workdir / "urls.txt").write_text("\n".join(urls) + "\n")
        (workdir / "reader_run.py").write_text(READER_SCRIPT)

    def _run(self, mode: str) -> Run:
        command = [sys.executable, "reader_run.py", str(self.database), mode, "urls.txt"]
        return measure(command, self.workdir, self.env, self.log)

    def ingest(self) -> Run:
        return self._run("ingest")

    def repoll(self) -> Run:
        return self._run("repoll")

    def stored(self) -> int:
        search = self.database.with_name(self.database.name + ".search")  # reader's own file
        indexed = count(search, "SELECT count(*) FROM entries_search")
        if indexed == 0:
            sys.exit("reader: the search index is empty after update_search()")
        return count(self.database, "SELECT count(*) FROM entries")


# -- one corpus ----------------------------------------------------------------------------------
@dataclass
class Figures:
    ingest: float
    repoll: float
    rss: int


def run_corpus(feeds_count: int, paragraphs: int | None, items_per_feed: int) -> dict:
    from corpus import feeds

    with tempfile.TemporaryDirectory(prefix="peer-") as tmp:
        root = Path(tmp)
        served = root / "feeds"
        served.mkdir()
        corpus = feeds(feeds_count, paragraphs=paragraphs)
        for number, (_, body) in enumerate(corpus):
            (served / f"{number}.rss").write_bytes(body)
        megabytes = sum(len(body) for _, body in corpus) / 1e6
        print(f"  {feeds_count} feeds, {megabytes:.1f} MB", flush=True)
        runs: dict[str, list[tuple[Run, Run]]] = {"monitor": [], "reader": []}
        with serve(served) as (base, statuses):
            urls = [f"{base}/{number}.rss" for number in range(feeds_count)]
            for round_number in range(1, ROUNDS + 1):
                for kind in (Monitor, Reader):
                    workdir = root / f"{kind.name}-{round_number}"
                    workdir.mkdir()
                    tool = kind(workdir, urls)
                    statuses.clear()
                    first = tool.ingest()
                    check(tool, "ingest", statuses, {200: feeds_count})
                    stored = tool.stored()
                    statuses.clear()
                    again = tool.repoll()
                    check(tool, "re-poll", statuses, {304: feeds_count})
                    if tool.stored() != stored:
                        sys.exit(f"{tool.name}: the re-poll changed the stored items")
                    expected = feeds_count * items_per_feed
                    note = "" if stored == expected else f" (expected {expected})"
                    print(
                        f"  round {round_number} {tool.name:7}: ingest {first.seconds:6.2f} s"
                        f" {first.peak_rss / 1e6:5.0f} MB, re-poll {again.seconds:5.2f} s"
                        f" {again.peak_rss / 1e6:5.0f} MB, {stored} items{note}{tool.detail}",
                        flush=True,
                    )
                    runs[tool.name].append((first, again))
    return {
        name: Figures(
            ingest=min(first.seconds for first, _ in pairs),
            repoll=min(again.seconds for _, again in pairs),
            rss=min(max(first.peak_rss, again.peak_rss) for first, again in pairs),
        )
        for name, pairs in runs.items()
    }


def check(tool: Tool, step: str, statuses: Counter[int], expected: dict[int, int]) -> None:
    if dict(statuses) != expected:
        sys.exit(f"{tool.name} {step}: the server answered {dict(statuses)}, expected {expected}")


def table(name: str, figures: dict[str, Figures]) -> tuple[float, float, float]:
    monitor, reader = figures["monitor"], figures["reader"]
    ingest = reader.ingest / monitor.ingest
    repoll = monitor.repoll / reader.repoll
    rss = monitor.rss / reader.rss
    print(f"\n{name}")
    print(f"  {'':22} {'monitor':>9} {'reader':>9}  ratio")
    print(f"  {'first ingest (s)':22} {monitor.ingest:9.2f} {reader.ingest:9.2f}"
          f"  {ingest:.2f}x  (reader / monitor)")  # fmt: skip
    print(f"  {'re-poll, all 304 (s)':22} {monitor.repoll:9.2f} {reader.repoll:9.2f}"
          f"  {repoll:.2f}x  (monitor / reader)")  # fmt: skip
    print(f"  {'peak RSS, tree (MB)':22} {monitor.rss / 1e6:9.0f} {reader.rss / 1e6:9.0f}"
          f"  {rss:.2f}x  (monitor / reader)")  # fmt: skip
    return ingest, repoll, rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("feeds", nargs="?", type=int, default=150, help="feeds of 100 items")
    arguments = parser.parse_args()
    missing = missing_packages()
    if missing:
        sys.exit(
            f"bench/peer.py needs {' and '.join(missing)} (the bench extra): "
            "pip install -e '.[bench]'  (in the project's venv: .venv/bin/pip)"
        )
    from importlib.metadata import version

    from corpus import ITEMS_PER_FEED

    compile_monitor()
    print(f"reader {version('reader')} with search; horizon-monitor {version('horizon-monitor')};"
          f" {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")  # fmt: skip
    ratios = []
    for name, paragraphs in CORPORA.items():
        print(f"\ncorpus {name}", flush=True)
        figures = run_corpus(arguments.feeds, paragraphs, ITEMS_PER_FEED)
        ratios.append(table(f"{name}, {arguments.feeds} feeds", figures))
    ingest = min(r[0] for r in ratios)
    repoll = max(r[1] for r in ratios)
    rss = max(r[2] for r in ratios)
    print(f"\npeer_ingest={ingest:.2f} peer_repoll={repoll:.2f} peer_rss={rss:.2f}")


if __name__ == "__main__":
    main()
