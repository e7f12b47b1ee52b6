"""Fetch throughput: 1,000 sources on a local server, first run and re-poll, against plain
sequential httpx GETs of the same URLs measured in the same run.

The server (127.0.0.1) answers per source kind: 80 % feeds of 20 items with ETag and
Last-Modified (304 on re-poll), 10 % slow (0.5 s), 10 % HTTP 500. The monitor's run is the
real path: lease, concurrent fetch, parse, sanitize, match, store into a fresh SQLite file.
Prints wall times, requests/s and, last, ``repoll_seconds=X.XX`` (target: under 10 s).

    .venv/bin/python bench/fetch.py [SOURCES]
"""

from __future__ import annotations

import hashlib
import socket
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

from monitor.app import App
from monitor.config import load_settings
from monitor.logs import configure

SLOW_SECONDS = 0.5


def feed(number: int) -> bytes:
    items = "".join(
        f"<item><title>Source {number} item {i}: drone strike and loitering munition report</title>"
        f"<guid>urn:bench:{number}:{i}</guid><link>https://example.org/{number}/{i}</link>"
        f"<pubDate>Mon, 23 Nov 2026 {i % 24:02d}:00:00 GMT</pubDate>"
        f"<description>&lt;p&gt;Item {i} of source {number}: the army said a "
        f"&lt;a href='https://example.org'&gt;one-way attack drone&lt;/a&gt; hit a depot."
        f"&lt;/p&gt;</description></item>"
        for i in range(20)
    )
    return f"<rss version='2.0'><channel><title>S{number}</title>{items}</channel></rss>".encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()  # no Nagle delay between the header and body writes of keep-alive
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:
        number = int(self.path.strip("/").split(".")[0])
        kind = number % 10
        if kind == 9:
            self._send(500, b"down")
            return
        if kind == 8:
            time.sleep(SLOW_SECONDS)
        body = feed(number)
        etag = f'"{hashlib.md5(body).hexdigest()}"'
        if self.headers.get("If-None-Match") == etag:
            self._send(304, b"", etag)
            return
        self._send(200, body, etag)

    def _send(self, status: int, body: bytes, etag: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        if etag:
            self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    configure("WARNING")
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with tempfile.TemporaryDirectory() as tmp:
        sources = Path(tmp) / "sources.yaml"
        sources.write_text(
            "sources:\n"
            + "".join(
                f"  - {{id: s{n}, title: S{n}, url: '{base}/{n}.rss'}}\n" for n in range(count)
            )
        )
        app = App(load_settings(database_url=f"sqlite:///{tmp}/bench.db", sources=sources,
                                http_concurrency=32, http_per_host=32))  # fmt: skip
        app.init_database()
        catalogue = app.sources()
        app.matcher  # noqa: B018 - compile the watchlists before timing

        started = time.perf_counter()
        first = app.fetch(catalogue)
        first_seconds = time.perf_counter() - started
        started = time.perf_counter()
        again = app.fetch(catalogue)
        repoll_seconds = time.perf_counter() - started

        started = time.perf_counter()
        with httpx.Client(timeout=10) as client:
            for source in catalogue:
                client.get(source.url)
        sequential_seconds = time.perf_counter() - started

    server.shutdown()
    stored = sum(o.new_items for o in first)
    print(f"sources={count} items_stored={stored} failed={sum(1 for o in first if o.error)}")
    print(f"first_run_seconds={first_seconds:.2f} ({count / first_seconds:,.0f} sources/s)")
    not_modified = sum(1 for o in again if o.status == 304)
    print(f"repoll_304={not_modified} ({count / repoll_seconds:,.0f} sources/s)")
    print(
        f"sequential_httpx_seconds={sequential_seconds:.2f} ({count / sequential_seconds:,.0f} requests/s)"
    )
    print(f"repoll_speedup_vs_sequential={sequential_seconds / repoll_seconds:.2f}")
    print(f"repoll_seconds={repoll_seconds:.2f}")


if __name__ == "__main__":
    main()
