"""The service's start-up digest runs after the first tick has fetched the due sources; a
database file deleted under a running process is noticed: fetch fails, /healthz says 503."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monitor.app import App
from monitor.config import Settings
from monitor.errors import StorageLost
from monitor.ingest.pipeline import utc_now
from monitor.service import health, scheduler
from monitor.service.jobs import Service
from monitor.storage.models import DigestItemRow
from tests.service.test_service import T0, Clock, _app


class Recording(Service):
    """The service, noting when each job starts and ends."""

    order: list[str]

    def tick(self):  # type: ignore[no-untyped-def]
        self.order.append("tick")
        result = super().tick()
        self.order.append("tick done")
        return result

    def digest(self):  # type: ignore[no-untyped-def]
        self.order.append("digest")
        return super().digest()


def test_the_start_up_digest_waits_for_the_first_tick(
    settings: Settings, tmp_path: Path, feed_server: str
) -> None:
    application = _app(settings, tmp_path, feed_server)
    service = Recording(application, clock=Clock(T0 + timedelta(days=2)))
    service.order = []
    stop = threading.Event()
    thread = threading.Thread(target=scheduler.serve, args=(service, stop),
                              kwargs={"heartbeat_seconds": 0.5})  # fmt: skip
    thread.start()
    deadline = time.monotonic() + 60
    while "digest" not in service.order and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.5)
    stop.set()
    thread.join(30)
    assert service.order[:3] == ["tick", "tick done", "digest"]
    with Session(application.engine) as session:
        assert session.scalar(select(func.count()).select_from(DigestItemRow))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_database_deleted_during_fetch_fails_loudly(settings: Settings, feed_server: str) -> None:
    application = App(settings)
    application.init_database()
    path = Path(settings.database_url.removeprefix("sqlite:///"))

    def delete_once(_outcome: object) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)

    with pytest.raises(StorageLost, match="was deleted while the monitor ran"):
        application.fetch(application.sources(feed_server), progress=delete_once)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_healthz_answers_503_once_the_database_is_gone(settings: Settings) -> None:
    application = App(settings)
    application.init_database()
    application.store.record_job(health.HEARTBEAT, "me", utc_now(), None, "alive")
    application.database_lost()  # the watch begins
    server = health.start_health_server(0, lambda: health.health(
        application.store, utc_now(), 60, application.database_lost))  # fmt: skip
    url = f"http://127.0.0.1:{server.server_address[1]}/healthz"
    try:
        assert httpx.get(url).status_code == 200
        Path(settings.database_url.removeprefix("sqlite:///")).unlink()
        response = httpx.get(url)
        assert response.status_code == 503 and response.json()["status"] == "database lost"
    finally:
        server.shutdown()
