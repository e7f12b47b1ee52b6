"""Real processes: `monitor serve` stops cleanly on SIGTERM; kill -9 mid-ingest loses nothing."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import create_engine, func, select
from werkzeug import Request, Response

from monitor.ingest.feedserver import serve_directory
from monitor.storage.models import ItemRow, MatchRow
from tests.postgres import find_bindir

MONITOR = [sys.executable, "-m", "monitor"]
BIG_FEED_ITEMS = 4000


def _env(database_url: str, sources: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    env.update(MONITOR_DATABASE_URL=database_url, MONITOR_SOURCES=str(sources),
               MONITOR_CONFIG="/nonexistent/monitor.toml", **extra)  # fmt: skip
    return env


def _big_feed(directory: Path) -> Path:
    items = "".join(
        f"<item><title>Drone strike report {n}: loitering munition hits depot</title>"
        f"<guid>urn:big:{n}</guid><link>https://example.org/{n}</link>"
        f"<pubDate>Mon, 23 Nov 2026 10:00:00 GMT</pubDate>"
        f"<description>&lt;p&gt;Army says item {n} used a one-way attack drone.&lt;/p&gt;"
        "</description></item>"
        for n in range(BIG_FEED_ITEMS)
    )
    path = directory / "big.rss"
    path.write_text(f"<rss version='2.0'><channel><title>Big</title>{items}</channel></rss>")
    return path


@pytest.fixture
def big_feed(tmp_path: Path) -> Iterator[Path]:
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    _big_feed(feeds)
    with serve_directory(feeds) as base_url:
        sources = tmp_path / "sources.yaml"
        sources.write_text(f"sources:\n  - {{id: big, title: Big, url: '{base_url}/big.rss'}}\n")
        yield sources


def _counts(database_url: str) -> tuple[int, int, int, int]:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        items = connection.scalar(select(func.count()).select_from(ItemRow))
        distinct = connection.scalar(select(func.count(func.distinct(ItemRow.identity))))
        matches = connection.scalar(select(func.count()).select_from(MatchRow))
        unmatched = connection.scalar(
            select(func.count()).select_from(ItemRow).where(~ItemRow.matches.any())
        )
    engine.dispose()
    return int(items or 0), int(distinct or 0), int(matches or 0), int(unmatched or 0)


@pytest.mark.slow
def test_kill_9_mid_ingest_leaves_whole_items_only(database_url: str, big_feed: Path) -> None:
    env = _env(database_url, big_feed)
    subprocess.run([*MONITOR, "init"], env=env, check=True, capture_output=True)
    rng = random.Random(7)
    observed = []
    for _ in range(3):
        process = subprocess.Popen([*MONITOR, "fetch"], env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(rng.uniform(0.8, 2.5))
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        items, distinct, _matches, unmatched = _counts(database_url)
        observed.append(items)
        assert items in (0, BIG_FEED_ITEMS), "a source's items commit together or not at all"
        assert distinct == items and unmatched == 0
        if items:
            break
    finished = subprocess.run(
        [*MONITOR, "fetch"], env=env, capture_output=True, text=True, check=False
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    items, distinct, matches, unmatched = _counts(database_url)
    assert items == distinct == BIG_FEED_ITEMS and matches >= items and unmatched == 0


def _get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


@pytest.mark.slow
def test_serve_ticks_at_once_answers_healthz_and_exits_0_on_sigterm(
    tmp_path: Path, feed_server: str
) -> None:
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        f"sources:\n  - {{id: press, title: P, url: '{feed_server}/un-press.rss'}}\n"
    )
    database_url = f"sqlite:///{tmp_path / 'serve.db'}"
    port = _free_port()
    env = _env(database_url, sources, MONITOR_OUT_DIR=str(tmp_path / "out"),
               MONITOR_TICK_SECONDS="1")  # fmt: skip
    process = subprocess.Popen([*MONITOR, "serve", "--health-port", str(port)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        status, body = 0, {}
        while time.monotonic() < deadline:
            try:
                status, body = _get(f"http://127.0.0.1:{port}/healthz")
                if status == 200 and body["jobs"].get("tick", {}).get("last_run_at"):
                    break
            except OSError:
                pass
            time.sleep(0.3)
        assert status == 200 and body["status"] == "ok", body
        assert _counts(database_url)[0] > 0
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, output
    assert "service.stopped" in output


@pytest.mark.slow
def test_serve_stops_cleanly_when_a_job_ends_during_the_shutdown(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    """SIGTERM while the first tick waits on a slow source: the scheduler's shutdown waits for
    the tick, whose end is recorded as it finishes; the process exits 0, and does not hang."""
    asked = threading.Event()

    def slow(_request: Request) -> Response:
        asked.set()
        time.sleep(2)
        return Response("<rss version='2.0'><channel><title>Slow</title></channel></rss>")

    httpserver.expect_request("/slow.rss").respond_with_handler(slow)
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        f"sources:\n  - {{id: slow, title: S, url: '{httpserver.url_for('/slow.rss')}'}}\n"
    )
    env = _env(f"sqlite:///{tmp_path / 'serve.db'}", sources, MONITOR_OUT_DIR=str(tmp_path / "out"),
               MONITOR_STOP_TIMEOUT="20")  # fmt: skip
    process = subprocess.Popen([*MONITOR, "serve"], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)  # fmt: skip
    try:
        assert asked.wait(60), "the first tick never asked the slow source"
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=40)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, output
    assert "service.stopped" in output and "stop_timeout" not in output, output


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_postgres_binaries_are_found_when_required() -> None:
    if os.environ.get("REQUIRE_POSTGRES_TESTS"):
        assert find_bindir() is not None
