"""Running one of the service's jobs in a fresh child process, so that the service idles small.

A tick compiles the watchlists, parses and groups its batch; a digest imports rendering and
mail. Run in the service's own process, that memory stays with it between jobs (the C
allocator keeps most of what Python frees). Run in a child (a new interpreter,
``python -m monitor.service.isolation``: no inherited connections or threads, and no
multiprocessing resource tracker beside it), it is all returned when the child exits; the
service itself holds the scheduler, the settings and a database engine.

The child builds its own ``App`` from the service's settings and runs the job as ``Service``
would in-process (same owner, so its leases are the service's). Its result, or its
exception, comes back pickled through a pipe of its own (the job's arguments go in on its
standard input: both ends are this program's own processes). When the service is stopping, the child gets SIGTERM
and stops early between sources, as an in-process tick does; on Linux it also gets SIGTERM
when the service dies, so a killed service leaves no tick running on its own.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import subprocess
import sys
import threading
from typing import TYPE_CHECKING, Any

from monitor.errors import MonitorError

if TYPE_CHECKING:
    from monitor.config import Settings

POLL_SECONDS = 0.2
_PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies


class JobProcessFailed(MonitorError):
    """The job's process ended without a result (killed, or out of memory)."""


def run_in_child(
    job: str,
    settings: Settings,
    owner: str,
    base_url: str | None,
    stopping: threading.Event,
    log_level: str = "INFO",
) -> Any:
    """Run ``Service.<job>()`` in a child process and return its result (or raise its error);
    SIGTERM the child once ``stopping`` is set."""
    reading, writing = os.pipe()
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", __name__, str(writing)],
            stdin=subprocess.PIPE,
            pass_fds=(writing,),
        )
    finally:
        os.close(writing)  # the child holds the only writing end: end of file once it is gone
    assert child.stdin is not None
    try:
        with child.stdin:
            pickle.dump((job, settings, owner, base_url, log_level), child.stdin)
    except BrokenPipeError:
        pass  # the child died before it read its job: its exit status says how
    try:
        data = _read_until_closed(reading, child, stopping)
    finally:
        os.close(reading)
        child.wait()
    try:
        kind, value = pickle.loads(data)
    except Exception:  # noqa: BLE001 - nothing, or a result cut short when the child died
        raise JobProcessFailed(f"the {job} process exited with status {child.returncode}") from None
    if kind == "error":
        raise value
    return value


def _read_until_closed(
    reading: int, child: subprocess.Popen[bytes], stopping: threading.Event
) -> bytes:
    """Everything the child writes to its result pipe, read as it comes (a result larger than
    the pipe's buffer would otherwise block the child for ever); SIGTERM the child once
    ``stopping`` is set. Ends when the child's end closes (it exited, or was killed)."""
    chunks: list[bytes] = []
    asked_to_stop = False
    while True:
        ready, _, _ = select.select([reading], [], [], POLL_SECONDS)
        if ready:
            chunk = os.read(reading, 1 << 16)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
        if stopping.is_set() and not asked_to_stop and child.poll() is None:
            child.terminate()  # SIGTERM: the child stops between sources
            asked_to_stop = True


def _child_main(result_fd: int) -> None:
    """The child: read the job's arguments, build the app, run the job in-process, send back
    what it returned."""
    # From the first instruction on, SIGTERM asks the job to stop (the service may be stopping
    # while this process still imports). The main thread only reads the event (``is_set``),
    # so setting it from the handler cannot wait on a lock the main thread holds.
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda _signum, _frame: stopping.set())
    _die_with_parent()
    job, settings, owner, base_url, log_level = pickle.load(sys.stdin.buffer)
    os.set_inheritable(result_fd, False)  # no process the job starts keeps the pipe open
    from monitor.app import App
    from monitor.logs import configure
    from monitor.service.jobs import Service

    configure(log_level)
    try:
        service = Service(App(settings), owner=owner, base_url=base_url, stopping=stopping)
        message: tuple[str, Any] = ("ok", getattr(service, job)())
    except Exception as exc:  # noqa: BLE001 - the service records it as the job's error
        message = ("error", _sendable(exc))
    with os.fdopen(result_fd, "wb") as results:
        pickle.dump(message, results)


def _sendable(exc: Exception) -> Exception:
    """``exc`` if it survives pickling, else a ``MonitorError`` with its type and message."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # noqa: BLE001 - any failure to pickle or rebuild
        return MonitorError(f"{type(exc).__name__}: {exc}")
    return exc


def _die_with_parent() -> None:
    """Ask Linux to SIGTERM this process when its parent dies (elsewhere: nothing)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        return


if __name__ == "__main__":
    _child_main(int(sys.argv[1]))
