"""A scripted HTTP server on 127.0.0.1 for hostile-input tests: one canned reply per path.

A reply's body is bytes (sent with a Content-Length) or an iterable of chunks (streamed
until the iterable ends, the client hangs up or the server stops; the connection then
closes, which ends the body). ``delay`` pauses before every chunk: a dribbling server.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

Body = bytes | Callable[[], Iterable[bytes]]


@dataclass(frozen=True)
class Reply:
    """What the server answers on one path."""

    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    body: Body = b""
    delay: float = 0.0
    reason: str | None = None  # the status line's reason phrase (default: the standard one)


@dataclass
class ScriptedServer:
    """The base URL and the replies by path."""

    base_url: str
    routes: dict[str, Reply]
    requested: list[str] = field(default_factory=list)  # each request's path and query

    def url(self, path: str) -> str:
        return self.base_url + path


def _handler(server: ScriptedServer, stop: threading.Event) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            server.requested.append(self.path)
            reply = server.routes.get(urlsplit(self.path).path)
            if reply is None:
                self.send_error(404, "no such path")
                return
            self.send_response(reply.status, reply.reason)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if isinstance(reply.body, bytes):
                self.send_header("Content-Length", str(len(reply.body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self._write(
                [reply.body] if isinstance(reply.body, bytes) else reply.body(), reply.delay
            )
            self.close_connection = True

        def _write(self, chunks: Iterable[bytes], delay: float) -> None:
            try:
                for chunk in chunks:
                    if delay and stop.wait(delay):
                        return
                    if stop.is_set():
                        return
                    self.wfile.write(chunk)
                    self.wfile.flush()
            except OSError:  # the client hung up: that is how a capped fetch ends
                return

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

    return Handler


@contextmanager
def scripted_server(routes: Mapping[str, Reply]) -> Iterator[ScriptedServer]:
    """Serve ``routes`` on 127.0.0.1 (a thread per connection); stop streams on exit."""
    stop = threading.Event()
    state = ScriptedServer("", dict(routes))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state, stop))
    httpd.daemon_threads = True
    thread = threading.Thread(
        target=httpd.serve_forever, args=(0.05,), name="hostile-server", daemon=True
    )
    thread.start()
    host, port = httpd.server_address[:2]
    state.base_url = f"http://{host}:{port}"
    try:
        yield state
    finally:
        stop.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
