"""``GET /healthz`` on 127.0.0.1 for an orchestrator: 200 while the heartbeat is fresh."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from monitor.storage.service_store import ServiceStore

HEARTBEAT = "heartbeat"


def health(
    store: ServiceStore,
    now: datetime,
    max_age_seconds: float,
    lost: Callable[[], str | None] = lambda: None,
) -> tuple[bool, dict[str, object]]:
    """Whether the service is alive, and the jobs' state as JSON-able data (pure read).

    ``lost`` says why the database is gone (a deleted SQLite file): then nothing is healthy.
    """
    gone = lost()
    if gone:
        return False, {"status": "database lost", "error": gone}
    jobs = {job.name: job for job in store.jobs()}
    beat = jobs.get(HEARTBEAT)
    age = (now - beat.last_run_at).total_seconds() if beat and beat.last_run_at else None
    healthy = (
        age is not None
        and age <= max_age_seconds
        and beat is not None
        and beat.last_result == "alive"
    )
    return healthy, {
        "status": "ok" if healthy else "stale",
        "heartbeat_age_seconds": age,
        "jobs": {
            name: {
                "last_run_at": job.last_run_at.isoformat() if job.last_run_at else None,
                "next_run_at": job.next_run_at.isoformat() if job.next_run_at else None,
                "last_result": job.last_result,
            }
            for name, job in jobs.items()
            if name != HEARTBEAT
        },
    }


def start_health_server(
    port: int, check: Callable[[], tuple[bool, dict[str, object]]]
) -> ThreadingHTTPServer:
    """Serve ``/healthz`` on 127.0.0.1:``port`` in a daemon thread; return the server."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path != "/healthz":
                self.send_error(HTTPStatus.NOT_FOUND)
                return
            healthy, body = check()
            payload = json.dumps(body).encode()
            self.send_response(HTTPStatus.OK if healthy else HTTPStatus.SERVICE_UNAVAILABLE)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, name="healthz", daemon=True).start()
    return server
