"""APScheduler 3.x wiring for ``monitor serve``: the tick, the weekly digest, retention.

Jobs are plain callables on ``Service``; the scheduler holds no state of its own (no pickled
job store): sources' ``next_check_at`` and digest periods live in the database. On start the
service ticks at once and catches up on a digest period that ended while it was down.

The listeners run in the job's worker thread and never call the scheduler: its shutdown
holds the job-store lock while it waits for those threads, so a listener that asked for a job
then would wait for ever (and the process with it, at exit). They read the triggers kept at
build time, and set an event that ``serve``'s loop acts on.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from types import FrameType
from typing import Any

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, JobExecutionEvent
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from monitor.errors import StorageLost
from monitor.logs import get_logger
from monitor.service.health import HEARTBEAT
from monitor.service.jobs import Service

STOPPED_AFTER_TIMEOUT = -1
POLL_SECONDS = 0.2
JOBS = ("tick", "digest", "retention")


def build_scheduler(service: Service, first_tick: threading.Event) -> BackgroundScheduler:
    """A scheduler with the three jobs; coalesced, one instance each, no misfire limit.
    ``first_tick`` is set once the first tick has run (see ``serve``)."""
    settings = service.app.settings
    scheduler = BackgroundScheduler(
        timezone=UTC,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
    )
    now = datetime.now(UTC)
    scheduler.add_job(
        service.tick,
        IntervalTrigger(seconds=settings.tick_seconds),
        id="tick",
        next_run_time=now,
    )
    scheduler.add_job(
        service.digest,
        CronTrigger(
            day_of_week=settings.digest_day,
            hour=settings.digest_hour,
            minute=settings.digest_minute,
            timezone=settings.digest_timezone,
        ),
        id="digest",
    )
    scheduler.add_job(service.retention, CronTrigger(hour=3, minute=17), id="retention")
    triggers = {job.id: job.trigger for job in scheduler.get_jobs()}
    scheduler.add_listener(_recorder(service, triggers), EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    scheduler.add_listener(_after_first_tick(first_tick), EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    return scheduler


def _after_first_tick(first_tick: threading.Event) -> Callable[[Any], None]:
    """Set ``first_tick`` once the first tick has run (fetched every due source)."""

    def note(event: JobExecutionEvent) -> None:
        if event.job_id == "tick":
            first_tick.set()

    return note


def _recorder(service: Service, triggers: dict[str, Any]) -> Callable[[Any], None]:
    def record(event: JobExecutionEvent) -> None:
        trigger = triggers.get(event.job_id)
        next_run = trigger.get_next_fire_time(None, datetime.now(UTC)) if trigger else None
        result = f"error: {event.exception!r}" if event.exception else _describe(event.retval)
        log = get_logger(job=event.job_id)
        if event.exception:
            log.error("job.failed", error=repr(event.exception))
        try:
            service.app.store.record_job(
                event.job_id,
                service.owner,
                service.clock(),
                next_run,
                result,
            )
        except Exception as exc:  # noqa: BLE001 - the service goes on; the log says why
            log.error("job.not_recorded", error=repr(exc))

    return record


def _describe(value: object) -> str:
    if isinstance(value, list):
        failed = sum(1 for outcome in value if getattr(outcome, "error", None))
        new = sum(getattr(outcome, "new_items", 0) for outcome in value)
        return f"{len(value)} sources, {new} new items, {failed} failed"
    state = getattr(getattr(value, "period", None), "state", None)
    if state is not None:
        return f"digest {value.period.first_day}..{value.period.last_day}: {state}"  # type: ignore[attr-defined]
    return str(value)


def serve(
    service: Service, stop: threading.Event | None = None, heartbeat_seconds: float = 15.0
) -> int:
    """Run until SIGTERM/SIGINT (or ``stop``); finish or abandon running work; return 0."""
    stop = stop or threading.Event()
    signalled: list[str] = []
    log = get_logger(owner=service.owner)

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        # Only append: setting an Event from a handler can deadlock on its internal lock.
        signalled.append(signal.Signals(signum).name)

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
    first_tick = threading.Event()
    catch_up = True  # the start-up digest: a period that ended while the service was down
    scheduler = build_scheduler(service, first_tick)
    scheduler.start()
    log.info("service.started", jobs=[job.id for job in scheduler.get_jobs()])
    next_beat = 0.0
    lost: str | None = None
    while not (stop.is_set() or signalled):
        if time.monotonic() >= next_beat:
            lost = service.app.database_lost()
            if lost:
                log.error("service.database_lost", error=lost)
                break
            service.app.store.record_job(HEARTBEAT, service.owner, service.clock(), None, "alive")
            next_beat = time.monotonic() + heartbeat_seconds
        if catch_up and first_tick.is_set():  # never before the first tick: a fresh database
            catch_up = False  # would record the week as sent with nothing in it
            scheduler.modify_job("digest", next_run_time=datetime.now(UTC))
        time.sleep(POLL_SECONDS)
    log.info("service.stopping", signal=signalled[0] if signalled else None)
    service.stopping.set()
    stopper = threading.Thread(target=scheduler.shutdown, kwargs={"wait": True}, daemon=True)
    stopper.start()
    stopper.join(service.app.settings.stop_timeout)
    finished = not stopper.is_alive()
    if not finished:
        log.warning("service.stop_timeout", seconds=service.app.settings.stop_timeout)
    if lost:
        raise StorageLost(lost)
    service.app.store.record_job(HEARTBEAT, service.owner, service.clock(), None, "stopped")
    log.info("service.stopped", clean=finished)
    return 0 if finished else STOPPED_AFTER_TIMEOUT
