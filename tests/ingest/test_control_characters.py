"""Terminal escape sequences in feed text never reach storage or a terminal; bidirectional
overrides and zero-width characters are shown, not obeyed, in plain-text outputs."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from typer.testing import CliRunner

from monitor.cli import app as cli
from monitor.config import Settings
from monitor.ingest.prepare import parse
from monitor.plaintext import reveal, strip_controls
from monitor.types import FetchResult, Source
from tests.conftest import fetch_feeds

HOSTILE_TITLE = "Drone \x1b]0;pwned\x07swarm\x1b[2J test \u009b31m over\u202egnp.exe\u200b"
RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>T</title><link>https://example.org/</link>
<item><title>{title}</title><link>https://example.org/a</link>
<description>Line one\u0085two\x0cthree\tfour</description></item></channel></rss>"""


def test_controls_are_stripped_and_hidden_characters_revealed() -> None:
    assert strip_controls("a\x1b[2Jb\x07c\nd\te\u0085f") == "a[2Jbc\nd\te f"
    assert reveal("abc\u202edef\u200b") == "abc⟨U+202E⟩def⟨U+200B⟩"
    assert reveal("plain") == "plain"


def test_crossref_text_is_stored_without_controls() -> None:
    record = {"DOI": "10.1/x", "title": [HOSTILE_TITLE], "URL": "https://doi.org/10.1/x",
              "abstract": "<p>Abstract \x1b[2J here</p>", "container-title": ["J\x1b]0;x\x07"],
              "published": {"date-parts": [[2026, 11, 20]]}}  # fmt: skip
    body = json.dumps({"message": {"items": [record]}}).encode()
    url = "https://api.crossref.org/works"
    source = Source("crossref-test", "Crossref", url, timedelta(hours=1), kind="crossref")
    (item,) = parse(source, FetchResult(200, url, body, "application/json"))
    for text in (item.title, item.summary_text, item.summary_html, item.publication.publisher):  # type: ignore[union-attr]
        assert not any(ord(c) < 32 and c not in "\n\t" or 0x7F <= ord(c) < 0xA0 for c in text)
    assert "swarm" in item.title and "\u202e" in item.title  # stored as is, shown visibly


def test_monitor_items_shows_no_escape_sequence(settings: Settings, tmp_path: Path) -> None:
    rss = RSS.format(title=HOSTILE_TITLE.replace("\x1b", "").replace("\x07", ""))
    application = fetch_feeds(settings, tmp_path, {"hostile": ("Hostile", rss)})
    (stored,) = application.repository().items()
    assert "\u009b" not in stored.title and "swarm" in stored.title
    env = {"MONITOR_DATABASE_URL": application.settings.database_url, "COLUMNS": "300"}
    result = CliRunner().invoke(cli, ["items"], env=env)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\u009b" not in result.output
    assert "⟨U+202E⟩" in result.output and "\u202e" not in result.output
