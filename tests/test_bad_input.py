"""Every bad input is one line naming the variable, file, field or path, and exit status 1,
with nothing half-written and nothing created by accident."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from monitor.cli import app as cli
from monitor.config import load_settings
from monitor.errors import ConfigError


def _run(args: list[str], env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, args, env=env)
    return result.exit_code, result.output


def _one_line(code: int, output: str, *expected: str) -> None:
    assert code == 1, output
    assert output.count("\n") == 1 and output.startswith("error: "), output
    for part in expected:
        assert part in output, output


@pytest.mark.parametrize("variable, value", [
    ("MONITOR_LEASE_SECONDS", "1e12"), ("MONITOR_HTTP_TOTAL_TIMEOUT", "inf"),
    ("MONITOR_TICK_SECONDS", "1e308"), ("MONITOR_STOP_TIMEOUT", "1e308"),
    ("MONITOR_HTTP_READ_TIMEOUT", "nan"), ("MONITOR_RETENTION_DAYS", "99999999999"),
    ("MONITOR_RECIPIENT_SECTIONS", "{not json"), ("MONITOR_WEB_SESSION_HOURS", "0"),
])  # fmt: skip
def test_a_bad_setting_names_its_variable(variable: str, value: str) -> None:
    _one_line(*_run(["status"], {variable: value}), f"error: {variable}: ")


def test_configuration_file_problems(tmp_path: Path) -> None:
    _one_line(*_run(["status"], {"MONITOR_CONFIG": str(tmp_path)}), "not a file")
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b'reviewer = "Jos\xe9"\n')
    _one_line(*_run(["status"], {"MONITOR_CONFIG": str(latin)}), "not UTF-8")


@pytest.mark.parametrize("every", ["1000000000d", "9999999d", "99999999999999999999w"])
def test_a_polling_interval_too_long_is_refused_at_load(tmp_path: Path, every: str) -> None:
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"sources:\n  - {{id: a, title: A, url: 'https://example.org/f', "
                       f"every: '{every}'}}\n")  # fmt: skip
    _one_line(*_run(["sources", "list"], {"MONITOR_SOURCES": str(sources)}),
              "sources.yaml:2 field sources.0.every")  # fmt: skip


def test_database_problems(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "monitor.db"
    env = {"MONITOR_DATABASE_URL": f"sqlite:///{missing}"}
    _one_line(*_run(["status"], env), f"the database {missing} does not exist")
    assert not missing.parent.exists()  # nothing created
    _one_line(*_run(["status"], {"MONITOR_DATABASE_URL":
                                  "postgresql+psycopg://u:p@127.0.0.1:1/db"}),
              "error: database: ", "127.0.0.1")  # fmt: skip
    database = tmp_path / "monitor.db"
    assert _run(["init"], {"MONITOR_DATABASE_URL": f"sqlite:///{database}"})[0] == 0
    read_only = {"MONITOR_DATABASE_URL": f"sqlite:///file:{database}?mode=ro&uri=true"}
    _one_line(*_run(["developments", "regroup"], read_only), "readonly database")


def test_periods_that_end_before_they_start(tmp_path: Path) -> None:
    database = tmp_path / "monitor.db"
    env = {"MONITOR_DATABASE_URL": f"sqlite:///{database}", "MONITOR_OUT_DIR": str(tmp_path)}
    assert _run(["init"], env)[0] == 0
    for args in (["digest", "--since", "2026-12-05", "--until", "2026-12-01"],
                 ["digest", "--send", "--since", "2026-12-05", "--until", "2026-12-01"],
                 ["notes", "--cycle-start", "2026-12-05", "--until", "2026-12-01"],
                 ["developments", "--since", "2026-12-05", "--until", "2026-12-01"]):  # fmt: skip
        _one_line(*_run(args, env), "is after --until 2026-12-01")
    _one_line(*_run(["digest", "--until", "9999-12-31"], env), "outside the years")
    _one_line(*_run(["notes", "--until", "0001-01-01"], env), "outside the years")
    assert not list(tmp_path.glob("digest-*")) and not list(tmp_path.glob("notes-*"))


def test_output_paths(tmp_path: Path) -> None:
    database = tmp_path / "monitor.db"
    env = {"MONITOR_DATABASE_URL": f"sqlite:///{database}"}
    assert _run(["init"], env)[0] == 0
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    (tmp_path / "a-folder").mkdir()
    _one_line(*_run(["digest", "--out", str(a_file)], env), f"{a_file}: cannot write")
    _one_line(*_run(["notes", "--out", str(tmp_path / "a-folder")], env), "is a folder")
    _one_line(*_run(["notes", "--out", str(a_file / "notes.md")], env), "cannot write")
    if Path("/dev/full").exists():
        _one_line(*_run(["notes", "--out", "/dev/full"], env), "no space left")
        _one_line(*_run(["sources", "export", "--out", "/dev/full"], env), "no space left")
    assert not list(tmp_path.glob("**/.*.tmp"))


def test_web_and_serve_refuse_to_start_without_watchlists(tmp_path: Path) -> None:
    env = {"MONITOR_DATABASE_URL": f"sqlite:///{tmp_path / 'monitor.db'}",
           "MONITOR_WATCHLISTS": str(tmp_path / "absent")}  # fmt: skip
    for command in (["web", "--port", "1"], ["serve"]):
        _one_line(*_run(command, env), "watchlist directory not found")


def test_the_bundled_watchlists_serve_outside_the_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings()
    assert settings.bundled == ["watchlists", "sources"]
    code, output = _run(["watchlists", "check"])
    assert "watchlist directory not found" not in output, output
    env = {"MONITOR_DATABASE_URL": f"sqlite:///{tmp_path / 'monitor.db'}", "COLUMNS": "300"}
    assert _run(["init"], env)[0] == 0
    code, output = _run(["status"], env)
    assert code == 0 and "the package's own copy" in output, output
    (tmp_path / "watchlists").mkdir()
    with pytest.raises(ConfigError):  # a ./watchlists of one's own is used, not the package's
        from monitor.app import App

        App(load_settings()).watchlists  # noqa: B018
    assert os.getcwd() == str(tmp_path)
