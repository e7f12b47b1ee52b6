"""The weekly digest: content, golden rendering, safety, and delivery over real SMTP."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, date, datetime
from email.message import EmailMessage
from pathlib import Path

import html5lib
import pytest
from pydantic import SecretStr

from monitor.app import App
from monitor.config import Settings
from monitor.outputs import digest
from monitor.outputs.digest_run import DigestProducer
from tests.conftest import fetch_feeds, fetched_app
from tests.smtp import RecordingHandler

GOLDEN = Path(__file__).parents[1] / "data" / "golden"
MINI_WATCHLISTS = Path(__file__).parents[1] / "data" / "mini_watchlists"
WEEK = (date(2026, 11, 16), date(2026, 11, 22))
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def _producer(application: App) -> DigestProducer:
    return DigestProducer(application.settings, application.repository(), application.store,
                          application.watchlists, clock=lambda: NOW, sleep=lambda _s: None)  # fmt: skip


def _smtp_settings(port: int, **extra: object) -> dict[str, object]:
    return {"smtp_host": "127.0.0.1", "smtp_port": port, "smtp_security": "none",
            "smtp_to": "drafter@example.org", "smtp_retry_seconds": 0,
            "smtp_from": "Horizon Monitor <monitor@example.org>", **extra}  # fmt: skip


def _parts(message: EmailMessage) -> dict[str, str]:
    return {part.get_content_type(): part.get_content() for part in message.iter_parts()}


def test_digest_arrives_once_with_both_parts_and_headers(
    settings: Settings, feed_server: str, smtp: tuple[int, RecordingHandler]
) -> None:
    port, server = smtp
    application = fetched_app(
        settings, feed_server, **_smtp_settings(port, list_unsubscribe="mailto:leave@example.org")
    )
    run = _producer(application).produce(*WEEK)
    assert run.period.state == "sent" and run.sent == ("drafter@example.org",)
    (message,) = server.received
    assert message.get_content_type() == "multipart/alternative"
    parts = _parts(message)
    assert set(parts) == {"text/plain", "text/html"}
    assert message["Subject"] == "Horizon Monitor digest, 16 November to 22 November 2026"
    assert message["To"] == "drafter@example.org"
    assert message["List-Unsubscribe"] == "<mailto:leave@example.org>"
    assert message["Message-ID"].startswith("<digest.2026-11-16.2026-11-22.")
    assert message["Message-ID"].endswith("@example.org>")
    assert 'style="' in parts["text/html"] and "<style" not in parts["text/html"]
    assert "https://news.un.org/en/story/" in parts["text/html"]
    assert "== II.A. Artificial intelligence and autonomy ==" in parts["text/plain"]
    again = _producer(application).produce(*WEEK)
    assert again.sent == () and len(server.received) == 1


def test_temporary_refusal_is_retried_and_sent_exactly_once(
    settings: Settings, feed_server: str, smtp: tuple[int, RecordingHandler]
) -> None:
    port, server = smtp
    server.replies = ["451 4.3.0 Try again later"]
    application = fetched_app(settings, feed_server, **_smtp_settings(port))
    run = _producer(application).produce(*WEEK)
    assert run.period.state == "sent" and len(server.received) == 1
    (delivery,) = application.store.deliveries(run.period.id)
    assert (delivery.state, delivery.attempts) == ("sent", 2)


def test_permanent_refusal_is_recorded_as_failed_and_not_retried(
    settings: Settings, feed_server: str, smtp: tuple[int, RecordingHandler]
) -> None:
    port, server = smtp
    server.replies = ["550 5.1.1 Mailbox unavailable"]
    application = fetched_app(settings, feed_server, **_smtp_settings(port))
    run = _producer(application).produce(*WEEK)
    assert run.period.state == "failed" and server.received == []
    assert "SMTP 550" in run.failed["drafter@example.org"]
    (delivery,) = application.store.deliveries(run.period.id)
    assert delivery.state == "failed" and delivery.attempts == 1
    assert _producer(application).produce(*WEEK).sent == ()


def test_password_never_appears_in_errors(
    settings: Settings, feed_server: str, smtp: tuple[int, RecordingHandler],
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    port, _server = smtp
    application = fetched_app(
        settings, feed_server,
        **_smtp_settings(port, smtp_user="monitor", smtp_password=SecretStr("s3cret-Pa55")),
    )  # fmt: skip
    run = _producer(application).produce(*WEEK)
    assert run.period.state == "failed"
    assert "s3cret-Pa55" not in repr(run) + str(run.period.error)
    assert "s3cret-Pa55" not in repr(application.settings)
    captured = capsys.readouterr()
    assert "s3cret-Pa55" not in captured.out + captured.err


def test_a_recipient_gets_only_the_sections_subscribed(
    settings: Settings, feed_server: str, smtp: tuple[int, RecordingHandler]
) -> None:
    port, server = smtp
    application = fetched_app(
        settings, feed_server,
        **_smtp_settings(port, smtp_to="all@example.org, bio@example.org",
                         recipient_sections={"bio@example.org": ["II.D"]}),
    )  # fmt: skip
    _producer(application).produce(*WEEK)
    texts = {m["To"]: _parts(m)["text/plain"] for m in server.received}
    assert "== II.A." in texts["all@example.org"] and "== II.D." in texts["all@example.org"]
    assert "== II.D." in texts["bio@example.org"] and "== II.A." not in texts["bio@example.org"]


def test_golden_digest(settings: Settings, feed_server: str) -> None:
    """A fixed database state renders to the expected HTML and text, byte for byte."""
    application = fetched_app(settings, feed_server, watchlists=MINI_WATCHLISTS)
    built = digest.build(application.repository(), application.watchlists, *WEEK)
    html, text = digest.render(built, application.settings.templates)
    for name, actual in (("digest.html", html), ("digest.txt", text)):
        expected_path = GOLDEN / name
        if os.environ.get("UPDATE_GOLDEN"):
            expected_path.write_text(actual, encoding="utf-8")
        assert actual == expected_path.read_text(encoding="utf-8"), (
            f"{name} differs from {expected_path}; rerun with UPDATE_GOLDEN=1 if intended"
        )


def test_hostile_feed_content_renders_inert(settings: Settings, tmp_path: Path) -> None:
    huge_title = "Loitering munition " + "A" * 1_000_000
    hostile = (
        "<rss version='2.0'><channel><title>H</title>"
        f"<item><title>{huge_title}</title><guid>h1</guid><link>javascript:alert(1)</link>"
        "<pubDate>Wed, 18 Nov 2026 10:00:00 GMT</pubDate>"
        "<description>&lt;p&gt;Army drone strike &lt;script&gt;alert(2)&lt;/script&gt;"
        "&lt;img src=x onerror=alert(3)&gt;&lt;a href='javascript:alert(4)'&gt;x&lt;/a&gt;"
        "&lt;iframe src='https://evil.example'&gt;&lt;/iframe&gt;"
        "&lt;img width=1 height=1 src='https://tracker.example/p.gif'&gt;&lt;/p&gt;</description>"
        "</item></channel></rss>"
    )
    application = fetch_feeds(settings, tmp_path, {"h": ("H", hostile)})
    built = digest.build(application.repository(), application.watchlists, *WEEK)
    html, text = digest.render(built, application.settings.templates)
    assert sum(built.counts().values()) >= 1
    for hostile in ("<script", "alert(", "onerror", "javascript:", "<iframe", "tracker.example"):
        assert hostile not in html and hostile not in text, hostile
    assert len(html) < 200_000


def test_digest_html_parses_strictly(settings: Settings, feed_server: str) -> None:
    application = fetched_app(settings, feed_server)
    built = digest.build(application.repository(), application.watchlists, *WEEK)
    html, _ = digest.render(built, application.settings.templates)
    html5lib.HTMLParser(strict=True).parse(html)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
def test_digest_renders_in_headless_chromium(
    settings: Settings, feed_server: str, tmp_path: Path
) -> None:
    application = fetched_app(settings, feed_server)
    built = digest.build(application.repository(), application.watchlists, *WEEK)
    html_path, _ = digest.write(built, application.settings.templates, tmp_path)
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}"]  # fmt: skip
    screenshot = tmp_path / "digest.png"
    subprocess.run([CHROMIUM, *flags, f"--screenshot={screenshot}", "--window-size=1000,2400",
                    html_path.as_uri()], check=True, capture_output=True, timeout=120)  # fmt: skip
    assert screenshot.stat().st_size > 20_000
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", html_path.as_uri()], check=True,
                         capture_output=True, text=True, timeout=120).stdout  # fmt: skip
    for section_id, title, _ in application.watchlists.sections():
        assert f'id="section-{section_id}"' in dom and title in dom


def test_digest_send_without_smtp_writes_eml_files_and_says_so(
    settings: Settings, feed_server: str, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from monitor.cli import app as cli

    application = fetched_app(settings, feed_server, out_dir=tmp_path / "out")
    env = {"MONITOR_DATABASE_URL": application.settings.database_url,
           "MONITOR_OUT_DIR": str(tmp_path / "out")}  # fmt: skip
    args = ["digest", "--send", "--since", "2026-11-16", "--until", "2026-11-22"]
    first = CliRunner().invoke(cli, args, env=env)
    assert first.exit_code == 0, first.output
    assert "no SMTP settings (MONITOR_SMTP_HOST): written" in first.output
    assert list((tmp_path / "out" / "digests" / "eml").glob("*.eml"))
    second = CliRunner().invoke(cli, args, env=env)
    assert "already delivered earlier; nothing sent again" in second.output


def test_the_email_names_a_bounded_number_of_developments_and_outlets(
    settings: Settings, tmp_path: Path
) -> None:
    """With ``per_section``, each section, each process and each entry's outlets are capped,
    and the e-mail says how many more there are."""

    def story(n: int, outlet: int) -> str:
        return (f"<item><title>OPCW Executive Council {100 + n}th session: drone incident"
                f" number {n} reported by outlet {outlet}</title><guid>s{n}-{outlet}</guid>"
                f"<pubDate>Wed, 18 Nov 2026 1{n}:00:00 GMT</pubDate></item>")  # fmt: skip

    feeds = {
        f"o{outlet}": (f"Outlet {outlet}", "<rss version='2.0'><channel><title>O</title>"
                       + "".join(story(n, outlet) for n in range(3)) + "</channel></rss>")
        for outlet in range(12)
    }  # fmt: skip
    application = fetch_feeds(settings, tmp_path, feeds)
    full = digest.build(application.repository(), application.watchlists, *WEEK)
    capped = digest.build(application.repository(), application.watchlists, *WEEK, per_section=1)
    busiest = max(full.processes, key=lambda p: len(p.entries))
    assert len(busiest.entries) > 1
    process = next(p for p in capped.processes if p.id == busiest.id)
    assert len(process.entries) == 1 and process.more == len(busiest.entries) - 1
    html, text = digest.render(capped, application.settings.templates)
    widest = max((e for s in capped.sections for e in s.entries), key=lambda e: len(e.also))
    assert len(widest.also) > digest.ALSO_SHOWN  # twelve outlets report each event
    hidden = len(widest.also) - digest.ALSO_SHOWN
    assert f"and {hidden} more</p>" in html and f"and {hidden} more" in text
    assert f"… and {process.more} more development" in html
