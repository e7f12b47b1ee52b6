"""Jobs in a child process (``isolation.py``): results, errors and deaths come back, and the
service's own process loads none of the tick's work."""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import func, select
from werkzeug import Request, Response

from monitor.app import App
from monitor.config import Settings
from monitor.errors import ConfigError
from monitor.service.isolation import JobProcessFailed, run_in_child
from monitor.service.jobs import Service
from monitor.storage.models import ItemRow


def _app(settings: Settings, tmp_path: Path, *urls: str) -> App:
    sources = tmp_path / "sources.yaml"
    sources.write_text("sources:\n" + "".join(
        f"  - {{id: s{n}, title: S{n}, url: '{url}'}}\n" for n, url in enumerate(urls)
    ))  # fmt: skip
    application = App(settings.model_copy(update={"sources": sources}))
    application.init_database()
    return application


def test_an_isolated_tick_stores_in_a_child_and_returns_its_outcomes(
    settings: Settings, tmp_path: Path, feed_server: str
) -> None:
    application = _app(settings, tmp_path, f"{feed_server}/un-press.rss")
    outcomes = Service(application, isolated=True).tick()
    assert [(o.source_id, o.status, o.error) for o in outcomes] == [("s0", 200, None)]
    assert outcomes[0].new_items > 0
    with application.engine.connect() as connection:
        stored = connection.scalar(select(func.count()).select_from(ItemRow))
    assert stored == outcomes[0].new_items


def test_the_services_process_loads_no_matcher_for_an_isolated_tick(
    tmp_path: Path, feed_server: str, database_url: str
) -> None:
    script = (
        "import sys\n"
        "from monitor.app import App\n"
        "from monitor.config import load_settings\n"
        "from monitor.service.jobs import Service\n"
        "app = App(load_settings())\n"
        "app.init_database()\n"
        "outcomes = Service(app, isolated=True).tick()\n"
        "loaded = [m for m in ('monitor.relevance.matching', 'feedparser', 'httpx') if m in sys.modules]\n"
        "print(sum(o.new_items for o in outcomes), loaded)\n"
    )  # fmt: skip
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"sources:\n  - {{id: un, title: UN, url: '{feed_server}/un-press.rss'}}\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    env.update(MONITOR_DATABASE_URL=database_url, MONITOR_SOURCES=str(sources),
               MONITOR_CONFIG="/nonexistent/monitor.toml")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                          text=True, check=True, timeout=120)  # fmt: skip
    new_items, loaded = done.stdout.split(" ", 1)
    assert int(new_items) > 0
    assert loaded.strip() == "[]"


def test_an_error_in_the_child_is_raised_in_the_service(settings: Settings, tmp_path: Path) -> None:
    broken = tmp_path / "sources.yaml"
    broken.write_text("sources: [unclosed\n")
    with pytest.raises(ConfigError, match=r"sources\.yaml"):
        run_in_child("tick", settings.model_copy(update={"sources": broken}), "owner-1", None,
                     threading.Event())  # fmt: skip


@pytest.fixture
def hanging_server() -> Iterator[str]:
    """A feed that answers after 30 s: the child is busy until it is stopped or killed."""
    release = threading.Event()

    def slow(_request: Request) -> Response:
        release.wait(30)
        return Response("<rss version='2.0'><channel><title>x</title></channel></rss>",
                        content_type="application/rss+xml")  # fmt: skip

    with HTTPServer(host="127.0.0.1", port=0, threaded=True) as server:
        server.expect_request("/slow.rss").respond_with_handler(slow)
        yield server.url_for("/slow.rss")
        release.set()


def _child_of_this_process(deadline: float = 60.0) -> int:
    """The pid of this process's child running the job, once it has started."""
    ends = time.monotonic() + deadline
    while time.monotonic() < ends:
        tasks = Path(f"/proc/{os.getpid()}/task").glob("*/children")  # every thread's children
        for pid in (pid for task in tasks for pid in task.read_text().split()):
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
            if b"monitor.service.isolation" in command:
                return int(pid)
        time.sleep(0.05)
    raise AssertionError("no job process started")


def _wait_for_sigterm_handler(pid: int, deadline: float = 60.0) -> None:
    """Wait until the child catches SIGTERM (before, the signal's default would kill it)."""
    ends = time.monotonic() + deadline
    while time.monotonic() < ends:
        status = Path(f"/proc/{pid}/status").read_text()
        caught = int(next(line for line in status.splitlines() if line.startswith("SigCgt:"))
                     .split()[1], 16)  # fmt: skip
        if caught & (1 << (signal.SIGTERM - 1)):
            return
        time.sleep(0.01)
    raise AssertionError("the job process never caught SIGTERM")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_child_is_a_clear_failure(
    settings: Settings, tmp_path: Path, hanging_server: str
) -> None:
    application = _app(settings, tmp_path, hanging_server)
    failures: list[BaseException] = []

    def tick() -> None:
        try:
            Service(application, isolated=True).tick()
        except BaseException as exc:  # noqa: BLE001 - the test reads it
            failures.append(exc)

    runner = threading.Thread(target=tick)
    runner.start()
    os.kill(_child_of_this_process(), signal.SIGKILL)
    runner.join(30)
    assert not runner.is_alive()
    assert len(failures) == 1 and isinstance(failures[0], JobProcessFailed)
    assert "tick process exited with status -9" in str(failures[0])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_stopping_service_stops_its_child_between_sources(
    settings: Settings, tmp_path: Path, hanging_server: str
) -> None:
    application = _app(settings, tmp_path, hanging_server)
    service = Service(application, isolated=True)
    results: list[object] = []
    runner = threading.Thread(target=lambda: results.append(service.tick()))
    runner.start()
    _wait_for_sigterm_handler(_child_of_this_process())
    service.stopping.set()
    runner.join(45)
    assert not runner.is_alive()
    assert results, "the tick ended without a result"


def test_a_result_larger_than_a_pipe_comes_back_whole(settings: Settings, tmp_path: Path) -> None:
    # 1,200 sources refused at once: their outcomes, pickled, are longer than a pipe buffer
    urls = [f"http://127.0.0.1:9/feed-{n}.rss" for n in range(1200)]
    application = _app(settings, tmp_path, *urls)
    outcomes = Service(application, isolated=True).tick()
    assert len(outcomes) == 1200 and all(o.error for o in outcomes)
    assert len(pickle.dumps(outcomes)) > 2**16
