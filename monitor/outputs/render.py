"""Jinja2 environment for everything users read: HTML autoescaped, text as is."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from monitor.plaintext import reveal


def environment(templates: Path, markdown: bool = False, plain: bool = False) -> Environment:
    """Templates from ``templates``; ``*.html.j2`` and ``*.atom.j2`` autoescaped, text not.

    With ``markdown``, every value a template prints goes through ``markdown_text``: feed text
    stays text in Markdown output without a template having to remember it. With ``plain``
    (plain-text output), every string goes through ``reveal``: bidirectional overrides and
    zero-width characters are shown, not obeyed.
    """
    env = Environment(
        loader=FileSystemLoader(templates),
        autoescape=select_autoescape(enabled_extensions=("html.j2", "atom.j2"), default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=markdown_text if markdown else (plain_text if plain else None),
    )
    env.filters["day"] = format_day
    return env


def plain_text(value: object) -> object:
    """A string for plain-text output, hidden characters shown (``plaintext.reveal``)."""
    return reveal(value) if isinstance(value, str) else value


def markdown_text(value: object) -> str:
    """Text safe inside Markdown: no raw HTML (``<`` and ``>`` as entities) and no link or
    image syntax (brackets escaped), so feed text stays text in any Markdown renderer."""
    text = reveal(str(value)).replace("\\", "\\\\")
    return (text.replace("<", "&lt;").replace(">", "&gt;")
            .replace("[", "\\[").replace("]", "\\]"))  # fmt: skip


def format_day(value: datetime | None) -> str:
    """``2026-11-24`` (UTC), or an empty string."""
    return value.strftime("%Y-%m-%d") if value else ""
