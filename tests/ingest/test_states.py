"""Blocked, empty, silent and needs-key sources, against a real server on 127.0.0.1: each state
is recorded, shown by `monitor status`, the web sources page and the digest's footer, and no
key appears in any output."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import SecretStr
from starlette.testclient import TestClient
from typer.testing import CliRunner

from monitor.app import App
from monitor.cli import app as cli
from monitor.config import Settings
from monitor.outputs import digest
from monitor.web.app import create_app
from tests.hostile_server import Reply, ScriptedServer, scripted_server

Served = tuple[App, ScriptedServer, dict[str, str]]  # the app, the server, the CLI's env
FIXTURES = Path(__file__).parents[1] / "data" / "sources"
KEY = "k3y-0f-the-t3st-2026"
RSS = {"Content-Type": "application/rss+xml; charset=utf-8"}
EMPTY_CHANNEL = (FIXTURES / "un-news-empty-channel.rss").read_bytes()  # as reported in 2026
CHALLENGE_PAGE = (
    b"<!DOCTYPE html><html lang='en'><head><title>Human Verification</title>"
    b"<script src='https://0a1b2c3d.edge.sdk.awswaf.com/0a1b2c3d/challenge.js'></script>"
    b"<script>window.gokuProps = {'key': 'AQIDAHjcYu', 'iv': 'D549', 'context': 'x'};</script>"
    b"</head><body><div id='challenge-container'></div><noscript>Enable JavaScript and cookies"
    b" to continue</noscript></body></html>"
)
ROUTES = {
    "/waf.xml": Reply(202, {"x-amzn-waf-action": "challenge"}, b""),
    "/no-content.xml": Reply(204),
    "/challenge.xml": Reply(200, {"Content-Type": "text/html; charset=utf-8"}, CHALLENGE_PAGE),
    "/empty.xml": Reply(200, RSS, EMPTY_CHANNEL),
    "/works": Reply(401, {"Content-Type": "application/json"}, b'{"error": "Invalid API key"}'),
    "/feed.xml": Reply(200, RSS, (FIXTURES / "un-news-en.rss").read_bytes()),
    "/all.xml": Reply(200, RSS, (FIXTURES / "un-news-ar.rss").read_bytes()),
    "/page": Reply(200, {"Content-Type": "text/html"}, b""),
}
CATALOGUE = """sources:
  - {id: waf, title: Press (WAF), url: '{base}/waf.xml'}
  - {id: no-content, title: No content, url: '{base}/no-content.xml'}
  - {id: challenge, title: Challenge, url: '{base}/challenge.xml'}
  - {id: empty, title: Empty channel, url: '{base}/empty.xml'}
  - {id: refused, title: Refused key, kind: openalex, url: '{base}/works?search=drones',
     secret: {name: openalex_key, param: api_key}}
  - {id: keyless, title: No key, kind: openalex, url: '{base}/keyless?search=drones',
     secret: {name: other_key, header: Authorization, prefix: 'Bearer '}}
  - {id: good, title: Good, url: '{base}/feed.xml', expect_new_within: 2d}
  - {id: covered, title: Covered, url: '{base}/empty.xml', fallback: '{base}/all.xml'}
  - {id: blank-page, title: Blank page, kind: page, url: '{base}/page'}
"""
EXPECTED = {
    "waf": "blocked",
    "no-content": "blocked",
    "challenge": "blocked",
    "empty": "empty",
    "refused": "needs key",
    "keyless": "needs key",
    "good": "ok",
    "covered": "fallback",
    "blank-page": "blocked",
}


@pytest.fixture
def served(settings: Settings, tmp_path: Path) -> Iterator[Served]:
    with scripted_server(ROUTES) as server:
        catalogue = tmp_path / "sources.yaml"
        catalogue.write_text(CATALOGUE.replace("{base}", server.base_url))
        application = App(
            settings.model_copy(
                update={"sources": catalogue, "openalex_key": SecretStr(KEY),
                        "contact": "monitor-team@example.org"}
            )
        )  # fmt: skip
        application.init_database()
        env = {"MONITOR_DATABASE_URL": settings.database_url, "MONITOR_SOURCES": str(catalogue),
               "MONITOR_OPENALEX_KEY": KEY, "MONITOR_WATCHLISTS": str(settings.watchlists)}  # fmt: skip
        yield application, server, env


def test_each_state_is_recorded_and_shown(served: Served) -> None:
    application, server, env = served
    runner = CliRunner()
    fetched = runner.invoke(cli, ["fetch"], env={**env, "MONITOR_LOG_LEVEL": "INFO"})
    assert fetched.exit_code == 3, fetched.output  # blocked and needs-key sources failed
    outcomes = {row.id: row for row in application.repository().source_status()}
    now = datetime.now(UTC)
    assert {i: row.health(now) for i, row in outcomes.items()} == EXPECTED
    assert "x-amzn-waf-action" in (outcomes["waf"].last_error or "")
    assert "HTTP 204 with no body" in (outcomes["no-content"].last_error or "")
    assert "challenge page" in (outcomes["challenge"].last_error or "")
    assert "empty body" in (outcomes["blank-page"].last_error or "")
    assert outcomes["refused"].last_status == 401
    assert "MONITOR_OTHER_KEY" in (outcomes["keyless"].last_error or "")
    assert not any(path.startswith("/keyless") for path in server.requested), "nothing sent"
    assert any(f"api_key={KEY}" in path for path in server.requested), "the key is sent"
    assert outcomes["covered"].item_count > 0 and outcomes["good"].item_count > 0

    status = runner.invoke(cli, ["status", "--json"], env=env)
    shown = {row["id"]: row for row in json.loads(status.stdout)["sources"]}
    assert {i: row["state"] for i, row in shown.items()} == EXPECTED
    table = runner.invoke(cli, ["status"], env={**env, "COLUMNS": "250"}).stdout
    for state in ("blocked", "needs key", "empty", "fallback"):
        assert state in table, state
    listed = runner.invoke(cli, ["sources", "list", "--json"], env=env).stdout
    keys = {row["id"]: row["key"] for row in json.loads(listed)}
    assert keys["refused"] == "MONITOR_OPENALEX_KEY set" and keys["waf"] is None
    assert keys["keyless"] == "MONITOR_OTHER_KEY missing"
    web = TestClient(create_app(application), base_url="http://127.0.0.1").get("/sources").text
    for state in ("blocked", "needs key", "empty", "fallback"):
        assert state in web, state
    built = digest.build(application.repository(), application.watchlists,
                         now.date() - timedelta(days=6), now.date())  # fmt: skip
    html, text = digest.render(built, application.settings.templates)
    assert "Empty: empty" in text and "Fallback in use: covered" in text
    assert "waf: BlockedError: blocked:" in text and "keyless: NeedsKeyError" in text
    assert "Press (WAF) (waf), blocked" in html
    logs = fetched.stderr  # INFO: a line per source, with its error
    assert "source.failed" in logs and "needs key" in logs
    for output in (fetched.output, logs, status.stdout, table, listed, web, html, text):
        assert KEY not in output


def test_a_source_without_new_items_for_longer_than_expected_is_silent(served: Served) -> None:
    application, _server, _env = served
    now = datetime.now(UTC)
    earlier = now - timedelta(days=3)
    good = [s for s in application.sources() if s.id == "good"]
    with application.pipeline(clock=lambda: earlier) as pipeline:
        pipeline.repository.sync_sources(good)
        (first,) = pipeline.update_sources(good)
    assert first.new_items > 0 and first.state == "ok"
    application.fetch(good)  # the same feed: nothing new
    (status,) = [s for s in application.repository().source_status() if s.id == "good"]
    assert status.health(now) == "silent" and status.silent_after == timedelta(days=2)
    assert status.health(earlier + timedelta(days=1)) == "ok"
    built = digest.build(application.repository(), application.watchlists,
                         now.date() - timedelta(days=6), now.date())  # fmt: skip
    assert "Silent: good" in digest.render(built, application.settings.templates)[1]


def test_keys_are_masked_in_urls_errors_and_log_lines(capsys: pytest.CaptureFixture[str]) -> None:
    from monitor import logs
    from monitor.redact import redact_url, scrub

    url = f"https://api.openalex.org/works?search=%22arms+control%22&api_key={KEY}&per-page=50"
    assert redact_url(url) == (
        "https://api.openalex.org/works?search=%22arms+control%22&api_key=***&per-page=50"
    )
    assert KEY not in scrub(f"ConnectError: cannot reach {url} (key {KEY})", [KEY])
    assert redact_url("https://user:pw@host.example/x") == "https://user:***@host.example/x"
    logs.configure("INFO")  # as the CLI does
    logs.hide(["an0ther-s3cret"])
    logs.get_logger(source_id="o").warning("source.failed", error=f"at {url}: an0ther-s3cret")
    line = capsys.readouterr().err
    assert "source.failed" in line and KEY not in line and "an0ther-s3cret" not in line


def test_a_key_in_a_catalogue_url_is_refused(tmp_path: Path) -> None:
    from monitor.errors import ConfigError
    from monitor.ingest.sources import load_sources

    catalogue = tmp_path / "sources.yaml"
    catalogue.write_text("sources:\n  - {id: o, title: O, kind: openalex, "
                         "url: 'https://api.openalex.org/works?search=x&api_key=abc'}\n")  # fmt: skip
    with pytest.raises(ConfigError, match="give it as `secret:`"):
        load_sources(catalogue)


def test_a_source_blocked_once_is_ok_again_after_a_304(served: Served) -> None:
    application, server, _env = served
    good = [s for s in application.sources() if s.id == "good"]
    feed = ROUTES["/feed.xml"]
    server.routes["/feed.xml"] = Reply(200, {**RSS, "ETag": '"v1"'}, feed.body)
    assert application.fetch(good)[0].state == "ok"
    server.routes["/feed.xml"] = ROUTES["/waf.xml"]
    assert application.fetch(good)[0].state == "blocked"
    server.routes["/feed.xml"] = Reply(304)
    (again,) = application.fetch(good)
    (status,) = [s for s in application.repository().source_status() if s.id == "good"]
    assert again.status == 304 and status.problem is None
    assert status.health(datetime.now(UTC)) == "ok" and status.state == "ok"


def test_a_batch_of_304s_is_recorded_together_each_with_its_own_state(served: Served) -> None:
    """Several 304s are stored in one transaction: each source's state stands (``empty``
    stays ``empty``) unless it was a failure's (``blocked`` is ``ok`` again)."""
    application, server, _env = served
    chosen = [s for s in application.sources() if s.id in ("good", "empty")]
    application.fetch(chosen)
    server.routes["/feed.xml"] = ROUTES["/waf.xml"]
    before = {o.source_id: o.state for o in application.fetch(chosen)}
    assert before == {"good": "blocked", "empty": "empty"}
    before_notes = {s.id: s.problem for s in application.repository().source_status()}
    server.routes["/feed.xml"] = server.routes["/empty.xml"] = Reply(304)
    again = application.fetch(chosen)
    assert {(o.source_id, o.status, o.new_items, o.error) for o in again} == {
        ("good", 304, 0, None), ("empty", 304, 0, None)}  # fmt: skip
    states = {s.id: s for s in application.repository().source_status() if s.id in before}
    assert {name: s.state for name, s in states.items()} == {"good": "ok", "empty": "empty"}
    assert {s.last_status for s in states.values()} == {304}
    assert states["good"].problem is None and states["empty"].problem == before_notes["empty"]


def test_304s_for_a_source_not_in_the_catalogue_are_not_batched(served: Served) -> None:
    """A batch with an unknown source writes nothing, so that each answer is then recorded
    on its own (and the unknown one's error with it)."""
    from dataclasses import replace

    from monitor.types import FetchResult

    application, _server, _env = served
    (good,) = [s for s in application.sources() if s.id == "good"]
    application.fetch([good])
    repository = application.repository()
    before = {s.id: s.last_status for s in repository.source_status()}
    stray = replace(good, id="stray", url="http://127.0.0.1:9/feed.xml")
    now = datetime.now(UTC)
    answers = [(s, FetchResult(304, s.url, not_modified=True)) for s in (good, stray)]
    assert repository.save_unchanged(answers, now, now) is False
    assert {s.id: s.last_status for s in repository.source_status()} == before
