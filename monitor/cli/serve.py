"""Commands that run servers: ``serve``, ``web``, ``hash-password`` and ``demo``."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Annotated

import typer

from monitor.cli.common import (
    console,
    open_app,
    out,
    print_counts,
    print_outcomes,
    with_progress,
)

if TYPE_CHECKING:
    from monitor.app import App

HEARTBEAT_SECONDS = 15.0


def serve(
    health_port: Annotated[
        int | None, typer.Option("--health-port", help="Answer GET /healthz on 127.0.0.1:PORT.")
    ] = None,
    web_port: Annotated[
        int | None, typer.Option("--web-port", help="Also serve the web pages on 127.0.0.1:PORT.")
    ] = None,
) -> None:
    """Run as a service (foreground): tick, weekly digest and retention under APScheduler.

    Stops on SIGTERM or SIGINT with exit status 0 once running work has finished or been
    abandoned (MONITOR_STOP_TIMEOUT).
    """
    from monitor.logs import configure
    from monitor.service import health, scheduler
    from monitor.service.jobs import Service

    with open_app() as application:
        settings = application.settings
        log_level = settings.log_level if "log_level" in settings.model_fields_set else "INFO"
        configure(log_level)
        application.check()
        application.init_database()
        application.database_lost()  # the watch of the database file begins
        service = Service(application, isolated=settings.isolate_jobs, log_level=log_level)
        server = None
        if health_port is not None:
            server = health.start_health_server(
                health_port,
                lambda: health.health(
                    application.store,
                    service.clock(),
                    3 * HEARTBEAT_SECONDS,
                    application.database_lost,
                ),
            )
        if web_port is not None:
            _start_web_thread(application, web_port)
        code = scheduler.serve(service, heartbeat_seconds=HEARTBEAT_SECONDS)
        if server is not None:
            server.shutdown()
    if code != 0:
        os._exit(0)  # running work abandoned after the stop timeout; every commit is whole


def web(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
) -> None:
    """The team's web pages: browse, search and review by report section (Ctrl-C stops)."""
    import uvicorn

    from monitor.web.app import create_app

    with open_app() as application:
        application.check()
        application.init_database()
        web_app = create_app(application, host)
    if host not in ("127.0.0.1", "localhost", "::1") and not application.settings.web_users:
        console.print("[yellow]warning:[/] listening beyond this machine with no web_users: "
                      "anyone who can reach it can review")  # fmt: skip
    if host in ("0.0.0.0", "::") and not application.settings.web_host_names:
        console.print("[yellow]warning:[/] only requests to localhost and 127.0.0.1 are "
                      "answered: set MONITOR_WEB_HOSTS to the names users type")  # fmt: skip
    uvicorn.run(web_app, host=host, port=port, log_level="warning")


def hash_password() -> None:
    """Print an argon2 hash for a ``web_users`` entry of monitor.toml (asks for the password)."""
    from monitor.web.security import hash_password as make_hash

    password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    print(make_hash(password))  # noqa: T201


def demo() -> None:
    """The whole job on the bundled sample feeds: init, fetch (local server), match, digest."""
    from monitor import demo as demo_module

    with open_app(sources=demo_module.DEMO_SOURCES) as application:
        total = len(application.sources(base_url="http://127.0.0.1"))
        result = with_progress(total, lambda tick: demo_module.run(application, tick))
        database = application.settings.database_url
    print_outcomes(result.outcomes)
    print_counts(result.counts)
    out.print(
        f"\nDatabase: {database} ({result.items_stored} items in {result.developments} "
        "developments)\n"
        f"Digest of {result.since} to {result.until} (the sample data's last week):\n"
        f"  {result.html}\n  {result.text}\n"
        f"Draft update notes of the cycle ({result.paragraphs_covered} report paragraphs, "
        f"{result.processes_covered} processes):\n  {result.notes}\n  {result.notes_docx}"
    )


def _start_web_thread(application: App, port: int) -> None:
    import threading

    import uvicorn

    from monitor.web.app import create_app

    config = uvicorn.Config(create_app(application), host="127.0.0.1", port=port,
                            log_level="warning")  # fmt: skip
    server = uvicorn.Server(config)
    server.install_signal_handlers = lambda: None  # type: ignore[method-assign]
    threading.Thread(target=server.run, name="web", daemon=True).start()
