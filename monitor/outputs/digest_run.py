"""Produce one digest period exactly once: render, then deliver to each recipient.

States of a period: ``building`` → ``rendered`` (files written, cited items recorded) →
``sent`` (every recipient accepted) or ``failed`` (a permanent refusal). Each (period,
recipient) is recorded; a recipient whose server accepted is never sent the digest again, so
a crash between rendering and sending resends at most once, and a finished period is never
repeated. Without SMTP settings the messages are written as ``.eml`` files instead.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING

from monitor import outfiles
from monitor.logs import get_logger
from monitor.storage.service_store import DigestPeriod, ServiceStore

if TYPE_CHECKING:
    from types import ModuleType

    from monitor.config import Settings
    from monitor.outputs import digest as digest_module
    from monitor.outputs import mailer
    from monitor.relevance.watchlists import WatchlistSet
    from monitor.storage.repository import Repository

Clock = Callable[[], datetime]
DEFAULT_EML_RECIPIENT = "digest@localhost"


@dataclass(frozen=True, slots=True)
class DigestRun:
    """What one run did for one period."""

    period: DigestPeriod
    rendered_now: bool = False
    sent: tuple[str, ...] = ()
    failed: dict[str, str] = field(default_factory=dict)
    pending: dict[str, str] = field(default_factory=dict)
    eml_files: tuple[Path, ...] = ()


@dataclass
class DigestProducer:
    settings: Settings
    repository: Repository
    store: ServiceStore
    watchlists: WatchlistSet
    clock: Clock
    sleep: Callable[[float], None] = time.sleep

    @property
    def archive(self) -> Path:
        return self.settings.out_dir / "digests"

    def produce(self, first_day: date, last_day: date) -> DigestRun:
        """Bring the period to its final state; safe to call any number of times."""
        log = get_logger(digest=f"{first_day}..{last_day}")
        period = self.store.start_digest(first_day, last_day, self.clock())
        if period.state in ("sent", "failed"):
            log.info("digest.already_done", state=period.state)
            return DigestRun(period)
        rendered_now = False
        if period.state == "building" or not _files_exist(period):
            period = self._render(period)
            rendered_now = True
        run = self._deliver(period)
        log.info("digest.run", state=run.period.state, sent=len(run.sent), failed=len(run.failed))
        return DigestRun(run.period, rendered_now, run.sent, run.failed, run.pending, run.eml_files)

    def _build(self, period: DigestPeriod) -> digest_module.Digest:
        return _digest().build(
            self.repository, self.watchlists, period.first_day, period.last_day,
            self.settings.report_language, self.settings.digest_per_section,
            self.settings.web_url,
        )  # fmt: skip

    def _render(self, period: DigestPeriod) -> DigestPeriod:
        built = self._build(period)
        html, text = _digest().write(built, self.settings.templates, self.archive)
        cited = {entry.item.id for section in built.sections for entry in section.entries}
        cited |= {other.id for s in built.sections for e in s.entries for other in e.also}
        self.store.mark_digest(
            period.id, "rendered", self.clock(), str(html), str(text), cited_items=cited
        )
        self._write_feed()
        return self._reload(period)

    def _write_feed(self) -> None:
        """``out/digests/feed.xml``: an Atom feed of every rendered digest."""
        periods = [p for p in self.store.recent_digests(limit=52) if p.html_path]
        entries = [
            {
                "first_day": p.first_day,
                "last_day": p.last_day,
                "updated": p.updated_at.isoformat(),
                "file": Path(p.html_path or "").name,
                "summary": subject(p),
            }
            for p in periods
        ]
        updated = max((p.updated_at for p in periods), default=self.clock()).isoformat()
        feed = _render().environment(self.settings.templates).get_template("digests.atom.j2")
        outfiles.write_text(
            self.archive / "feed.xml", feed.render(entries=entries, updated=updated)
        )

    def _content_for(
        self, period: DigestPeriod, recipient: str, html: str, text: str
    ) -> tuple[str, str]:
        """The archived digest, or one limited to the sections the recipient subscribes to."""
        sections = self.settings.recipient_sections.get(recipient)
        if not sections:
            return html, text
        return _digest().render(self._build(period).only(sections), self.settings.templates)

    def _deliver(self, period: DigestPeriod) -> DigestRun:
        html = Path(period.html_path or "").read_text(encoding="utf-8")
        text = Path(period.text_path or "").read_text(encoding="utf-8")
        settings = self.settings
        if not settings.smtp_host:
            files = self._write_eml(period, html, text)
            self.store.mark_digest(period.id, "sent", self.clock())
            return DigestRun(self._reload(period), eml_files=files)
        if not settings.recipients:
            self.store.mark_digest(
                period.id, "failed", self.clock(), error="MONITOR_SMTP_TO names no recipient"
            )
            return DigestRun(self._reload(period), failed={"": "no recipients configured"})
        smtp = _mailer().SmtpSettings(
            host=settings.smtp_host,
            port=settings.smtp_port
            or {"tls": 465, "starttls": 587}.get(settings.smtp_security, 25),
            security=settings.smtp_security,
            user=settings.smtp_user,
            password=settings.smtp_password.get_secret_value() if settings.smtp_password else None,
            timeout=settings.smtp_timeout,
        )
        sent: list[str] = []
        failed: dict[str, str] = {}
        pending: dict[str, str] = {}
        for recipient in settings.recipients:
            outcome, reason = self._deliver_one(period, recipient, html, text, smtp)
            if outcome == "sent":
                sent.append(recipient)
            elif outcome == "failed":
                failed[recipient] = reason
            else:
                pending[recipient] = reason
        if failed:
            summary = "; ".join(f"{r}: {e}" for r, e in failed.items())
            self.store.mark_digest(period.id, "failed", self.clock(), error=summary)
        elif not pending:
            self.store.mark_digest(period.id, "sent", self.clock())
        return DigestRun(self._reload(period), sent=tuple(sent), failed=failed, pending=pending)

    def _deliver_one(
        self, period: DigestPeriod, recipient: str, html: str, text: str,
        smtp: mailer.SmtpSettings,
    ) -> tuple[str, str]:  # fmt: skip
        mailer = _mailer()
        settings = self.settings
        msg_id = self._message_id(period, recipient)
        delivery = self.store.delivery(period.id, recipient, msg_id, self.clock())
        if delivery.state in ("sent", "failed"):
            return delivery.state, delivery.error or ""
        message = self._message(
            period, recipient, *self._content_for(period, recipient, html, text)
        )
        attempts = delivery.attempts
        log = get_logger(digest=f"{period.first_day}..{period.last_day}", recipient=recipient)
        for attempt in range(settings.smtp_attempts):
            attempts += 1
            try:
                mailer.send(message, smtp)
            except mailer.PermanentDeliveryError as exc:
                self.store.mark_delivery(delivery.id, "failed", attempts, self.clock(), str(exc))
                log.warning("digest.delivery_failed", error=str(exc))
                return "failed", str(exc)
            except mailer.TemporaryDeliveryError as exc:
                log.warning("digest.delivery_retry", attempt=attempts, error=str(exc))
                self.store.mark_delivery(delivery.id, "pending", attempts, self.clock(), str(exc))
                if attempt + 1 < settings.smtp_attempts:
                    self.sleep(settings.smtp_retry_seconds * 2**attempt)
                continue
            self.store.mark_delivery(delivery.id, "sent", attempts, self.clock())
            return "sent", ""
        return "pending", f"gave up after {settings.smtp_attempts} temporary failures"

    def _write_eml(self, period: DigestPeriod, html: str, text: str) -> tuple[Path, ...]:
        settings = self.settings
        folder = outfiles.ensure_folder(self.archive / "eml")
        files = []
        for recipient in settings.recipients or [DEFAULT_EML_RECIPIENT]:
            message = self._message(
                period, recipient, *self._content_for(period, recipient, html, text)
            )
            path = folder / f"digest-{period.last_day}-{_safe(recipient)}.eml"
            outfiles.write_bytes(path, message.as_bytes())
            files.append(path)
        return tuple(files)

    def _message_id(self, period: DigestPeriod, recipient: str) -> str:
        first, last = str(period.first_day), str(period.last_day)
        return _mailer().message_id(first, last, recipient, self.settings.smtp_from)

    def _message(self, period: DigestPeriod, recipient: str, html: str, text: str) -> EmailMessage:
        return _mailer().build_message(
            subject=subject(period),
            sender=self.settings.smtp_from,
            recipient=recipient,
            html=html,
            text=text,
            msg_id=self._message_id(period, recipient),
            list_unsubscribe=self.settings.list_unsubscribe,
        )

    def _reload(self, period: DigestPeriod) -> DigestPeriod:
        found = self.store.digest(period.first_day, period.last_day)
        assert found is not None
        return found


def subject(period: DigestPeriod) -> str:
    return f"Horizon Monitor digest, {period.first_day:%d %B} to {period.last_day:%d %B %Y}"


def _files_exist(period: DigestPeriod) -> bool:
    return all(p and Path(p).is_file() for p in (period.html_path, period.text_path))


def _safe(recipient: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "@.-_" else "_" for ch in recipient)


# Rendering (Jinja2, CSS inlining) and mail are imported when a digest is built or sent: a
# service whose digest is done starts and idles without them.
def _digest() -> ModuleType:
    from monitor.outputs import digest

    return digest


def _mailer() -> ModuleType:
    from monitor.outputs import mailer

    return mailer


def _render() -> ModuleType:
    from monitor.outputs import render

    return render
