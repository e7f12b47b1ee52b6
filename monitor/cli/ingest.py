"""Commands that fill the database: ``init``, ``fetch`` and ``sources``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from monitor import outfiles
from monitor.cli.common import (
    EXIT_PARTIAL_FAILURE,
    console,
    duration,
    iso,
    open_app,
    out,
    print_outcomes,
    with_progress,
)
from monitor.errors import MonitorError
from monitor.redact import redact_url
from monitor.types import Source


def init() -> None:
    """Create or upgrade the database schema (Alembic upgrade head); safe to run twice."""
    with open_app() as application:
        application.init_database()
        console.print(f"database ready: {application.settings.database_url}")


def fetch(
    source: Annotated[
        list[str] | None, typer.Option("--source", help="Only this source id (repeatable).")
    ] = None,
) -> None:
    """Fetch every source once (or the named ones), store new items and match them.

    Exit status: 0 when every source succeeded, 3 when at least one failed (the others are
    stored all the same), 1 on a configuration error.
    """
    with open_app() as application:
        sources = application.sources()
        outcomes = with_progress(
            len(source or sources), lambda tick: application.fetch(sources, source, tick)
        )
    print_outcomes(outcomes)
    if any(outcome.error for outcome in outcomes):
        raise typer.Exit(EXIT_PARTIAL_FAILURE)


sources_app = typer.Typer(help="The source catalogue: list it, import or export OPML.")


@sources_app.command("list")
def sources_list(
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table.")] = False,
) -> None:
    """Configured and watchlist-generated sources, with their next check."""
    from rich.table import Table

    from monitor.ingest.sources import load_sources

    with open_app() as application:
        sources = application.sources()
        configured = {s.id for s in load_sources(application.settings.sources, "{base}")}
        keys = set(application.settings.secrets())
        try:
            status = {row.id: row for row in application.repository().source_status()}
        except MonitorError:
            status = {}
    rows = [
        {
            "id": source.id,
            "origin": "configured" if source.id in configured else "generated",
            "kind": source.kind,
            "every": duration(source.every),
            "next_check_at": iso(status[source.id].next_check_at) if source.id in status else None,
            "url": redact_url(source.url),
            "key": _key_state(source, keys),
        }
        for source in sources
    ]
    if as_json:
        print(json.dumps(rows, indent=2))  # noqa: T201
        return
    table = Table("source", "origin", "kind", "every", "next check", "key", "url")
    for row in rows:
        table.add_row(row["id"], row["origin"], row["kind"], row["every"],
                      row["next_check_at"] or "not yet", row["key"] or "", row["url"])  # fmt: skip
    out.print(table)
    generated = sum(1 for row in rows if row["origin"] == "generated")
    out.print(f"{len(rows)} sources: {len(rows) - generated} configured, {generated} generated")


def _key_state(source: Source, keys: set[str]) -> str | None:
    """``MONITOR_NAME set`` or ``… missing`` for a source that needs a key; never the key."""
    if source.secret is None:
        return None
    name = f"MONITOR_{source.secret.name.upper()}"
    return f"{name} {'set' if source.secret.name in keys else 'missing'}"


@sources_app.command("check-queries")
def sources_check_queries(
    corpus: Annotated[
        list[Path] | None,
        typer.Option(
            "--corpus",
            help="Labelled JSON lines (file or folder) or a recorded "
            "response; repeatable. Default: tests/data's labelled set and research "
            "fixtures.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table.")] = False,
) -> None:
    """Run every search of a research service (generated and configured) offline, with the
    service's own query semantics, over a local corpus; per query: hits, and how many the
    matcher maps to a section. Exit status 1 when a query finds nothing or has under half
    its hits in scope."""
    from rich.markup import escape
    from rich.table import Table

    from monitor.ingest.corpus import DEFAULT_CORPUS, load_corpus
    from monitor.ingest.querycheck import check
    from monitor.ingest.sources import load_sources

    with open_app() as application:
        sources = application.sources("{base}")
        configured = {s.id for s in load_sources(application.settings.sources, "{base}")}
        reports = check(sources, load_corpus(corpus or DEFAULT_CORPUS), application.matcher)
    failed = sum(report.problem is not None for report in reports)
    table = Table("query", "origin", "service", "hits", "in scope", "verdict")
    table.add_column("query text", max_width=60, no_wrap=True, overflow="ellipsis")
    for report in reports:
        origin = "configured" if report.source_id in configured else "generated"
        verdict = report.problem or "ok"
        if as_json:
            print(json.dumps({"id": report.source_id, "origin": origin,  # noqa: T201
                              "service": report.service, "query": report.query,
                              "hits": report.hits, "in_scope": report.in_scope,
                              "verdict": verdict}, ensure_ascii=False))  # fmt: skip
            continue
        colour = "green" if verdict == "ok" else "red"
        table.add_row(report.source_id, origin, report.service, str(report.hits),
                      f"{report.share:.0%}" if report.hits else "-",
                      f"[{colour}]{verdict}[/]", escape(report.query))  # fmt: skip
    if not as_json:
        out.print(table)
        out.print(f"{len(reports)} queries: {failed} reported")
    if failed:
        raise typer.Exit(1)


@sources_app.command("import")
def sources_import(
    file: Annotated[Path, typer.Argument(help="An OPML file of feeds.")],
    every: Annotated[str, typer.Option(help="Polling interval for the new feeds.")] = "6h",
) -> None:
    """Add an OPML file's feeds to the catalogue (MONITOR_SOURCES); known URLs are skipped."""
    from monitor.ingest import opml
    from monitor.ingest.sources import append_sources, load_sources

    with open_app() as application:
        path = application.settings.sources
        try:
            feeds = opml.read(file.read_bytes())
        except OSError as exc:
            raise MonitorError(f"{file}: cannot read: {exc}") from None
        known = load_sources(path, "{base}")
        urls = {source.url for source in known}
        taken = {source.id for source in known}
        entries = []
        for title, url, language in feeds:
            if url in urls:
                continue
            urls.add(url)
            entry = {"id": opml.source_id(title, taken), "title": title, "url": url,
                     "every": every}  # fmt: skip
            if language and language[:2] in ("en", "fr", "es", "ru", "zh", "ar"):
                entry["language"] = language[:2]
            entries.append(entry)
        if entries:
            append_sources(path, entries)
    out.print(f"{len(entries)} feeds added to {path}; {len(feeds) - len(entries)} already there")


@sources_app.command("export")
def sources_export(
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Write to FILE, not stdout.")
    ] = None,
) -> None:
    """The catalogue (configured and generated sources) as OPML."""
    from monitor.ingest import opml

    with open_app() as application:
        document = opml.write(application.sources())
        if out_file is not None:
            outfiles.write_text(out_file, document)
    if out_file is None:
        sys.stdout.write(document)
    else:
        out.print(f"written {out_file}")
