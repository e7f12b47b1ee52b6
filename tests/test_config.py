"""Settings, sources and watchlist files: bad values are one-line errors saying where."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from monitor.config import load_settings
from monitor.errors import ConfigError
from monitor.ingest.sources import load_sources
from monitor.relevance.watchlists import load_watchlists
from monitor.service.scheduling import next_check, parse_duration


def test_environment_variable_errors_name_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MONITOR_MATCH_THRESHOLD", "lots")
    with pytest.raises(ConfigError, match=r"^MONITOR_MATCH_THRESHOLD: .*number"):
        load_settings()


def test_toml_errors_name_file_line_and_field(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    toml = tmp_path / "monitor.toml"
    toml.write_text('database_url = "sqlite:///x.db"\nmax_redirects = 99\n')
    monkeypatch.setenv("MONITOR_CONFIG", str(toml))
    with pytest.raises(ConfigError, match=r"monitor.toml:2 field 'max_redirects'"):
        load_settings()
    toml.write_text("max_redirects = = 3\n")
    with pytest.raises(ConfigError, match=r"monitor.toml: .*line 1"):
        load_settings()


def test_toml_values_apply_and_environment_wins(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    toml = tmp_path / "monitor.toml"
    toml.write_text("match_threshold = 0.7\nmax_redirects = 2\n")
    monkeypatch.setenv("MONITOR_CONFIG", str(toml))
    monkeypatch.setenv("MONITOR_MAX_REDIRECTS", "4")
    settings = load_settings()
    assert (settings.match_threshold, settings.max_redirects) == (0.7, 4)


def test_sources_file_errors_name_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(
        "sources:\n"
        "  - id: good\n    title: Good\n    url: https://example.org/feed\n    every: 1h\n"
        "  - id: bad\n    title: Bad\n    url: https://example.org/b\n    every: often\n"
    )
    with pytest.raises(ConfigError, match=r"sources.yaml:9 field sources.1.every: .*often"):
        load_sources(path)
    path.write_text("sources:\n  - id: x\n    title: [unclosed\n")
    with pytest.raises(ConfigError, match=r"sources.yaml:\d+: invalid YAML"):
        load_sources(path)
    path.write_text("sources:\n  - {id: a, title: A, url: 'file:///etc/passwd'}\n")
    with pytest.raises(ConfigError, match=r"http:// or https://"):
        load_sources(path)


def test_sources_file_loads_and_fills_the_demo_base(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(
        "sources:\n  - {id: a, title: A, url: '{base}/a.rss', every: 30m, language: fr}\n"
    )
    (source,) = load_sources(path, base_url="http://127.0.0.1:9/")
    assert source.url == "http://127.0.0.1:9/a.rss"
    assert source.every == timedelta(minutes=30)
    assert source.language == "fr"


def test_watchlist_errors_name_file_line_and_field(tmp_path: Path) -> None:
    (tmp_path / "ii-b.yaml").write_text(
        "id: II.B\ntitle: Uncrewed systems\nparagraphs: [12, 17]\n"
        "topics:\n  - label: drones\n    paragraph: 12\n    strong:\n      xx: [drone]\n"
    )
    with pytest.raises(ConfigError, match=r"ii-b.yaml:8 field topics.0.strong.xx"):
        load_watchlists(tmp_path)
    (tmp_path / "ii-b.yaml").write_text(
        "id: II.B\ntitle: U\nparagraphs: [12, 17]\ntopics:\n  - {label: x, paragraph: 40}\n"
    )
    with pytest.raises(ConfigError, match=r"outside the section's range 12-17"):
        load_watchlists(tmp_path)


def test_durations_and_backoff() -> None:
    assert parse_duration("6h") == timedelta(hours=6)
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration("0m")
    from datetime import UTC, datetime

    now = datetime(2026, 1, 1, tzinfo=UTC)
    hour = timedelta(hours=1)
    assert now + 0.9 * hour <= next_check(now, hour, 0, "a") <= now + hour
    assert next_check(now, hour, 0, "a") == next_check(now, hour, 0, "a")
    assert len({next_check(now, hour, 0, f"s{i}") for i in range(20)}) > 10
    assert next_check(now, hour, 3) == now + 4 * hour
    assert next_check(now, hour, 30) == now + timedelta(days=1)
