"""Web test helpers: the app served by uvicorn on 127.0.0.1, and a test client that speaks
as a browser on our own origin (``Host`` and ``Origin`` of 127.0.0.1)."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from starlette.applications import Starlette
from starlette.testclient import TestClient

ORIGIN = "http://127.0.0.1"


def browser(web_app: Starlette) -> TestClient:
    """A test client whose requests carry our own ``Host`` and ``Origin``."""
    return TestClient(web_app, base_url=ORIGIN, headers={"Origin": ORIGIN})


def csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "every form carries a CSRF token"
    return match.group(1)


@contextmanager
def served(web_app: Starlette) -> Iterator[str]:
    """``web_app`` under uvicorn on a free port of 127.0.0.1; yields its base URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(web_app, host="127.0.0.1", port=port,
                                           log_level="warning"))  # fmt: skip
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(5)
