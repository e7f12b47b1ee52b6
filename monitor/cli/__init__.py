"""The ``monitor`` command line (Typer): thin commands over the pipeline's stages.

One module per command group; this module assembles them into the ``monitor`` app.
"""

from __future__ import annotations

import typer

from monitor.cli import developments, ingest, learning, outputs, relevance, serve, status

app = typer.Typer(
    help="Horizon Monitor: developments in science, technology and international security, "
    "mapped to the sections of the UN Secretary-General's report.",
    no_args_is_help=True,
    add_completion=False,
)

app.command()(ingest.init)
app.command()(ingest.fetch)
app.command()(relevance.match)
app.add_typer(relevance.watchlists_app, name="watchlists")
app.add_typer(learning.relevance_app, name="relevance")
app.add_typer(ingest.sources_app, name="sources")
app.command(name="eval")(relevance.evaluate)
app.command()(status.items)
app.command()(status.status)
app.add_typer(developments.developments_app, name="developments")
app.command()(outputs.digest)
app.command()(outputs.notes)
app.command()(outputs.review)
app.command()(serve.serve)
app.command()(serve.web)
app.command(name="hash-password")(serve.hash_password)
app.command()(serve.demo)
