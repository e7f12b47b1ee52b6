"""Digest e-mail: build the message (pure) and hand it to an SMTP server (I/O).

Temporary refusals (4xx, connection refused or dropped, timeouts) raise
``TemporaryDeliveryError``; permanent ones (5xx) raise ``PermanentDeliveryError``. The
password never appears in an error message or a log line.
"""

from __future__ import annotations

import hashlib
import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, parseaddr

import css_inline

from monitor.errors import DeliveryError


class TemporaryDeliveryError(DeliveryError):
    """Worth retrying later."""


class PermanentDeliveryError(DeliveryError):
    """The server refused for good; retrying will not help."""


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str
    port: int
    security: str  # starttls, tls, none
    user: str | None = None
    password: str | None = None
    timeout: float = 30.0

    def __repr__(self) -> str:
        return f"SmtpSettings(host={self.host!r}, port={self.port}, security={self.security!r})"


def message_id(first_day: str, last_day: str, recipient: str, sender: str) -> str:
    """Stable per digest and recipient: a resend is recognisably the same message."""
    domain = parseaddr(sender)[1].rpartition("@")[2] or "horizon-monitor.invalid"
    token = hashlib.sha256(f"{first_day}/{last_day}/{recipient.lower()}".encode()).hexdigest()
    return f"<digest.{first_day}.{last_day}.{token[:16]}@{domain}>"


def build_message(
    *,
    subject: str,
    sender: str,
    recipient: str,
    html: str,
    text: str,
    msg_id: str,
    list_unsubscribe: str | None = None,
) -> EmailMessage:
    """``multipart/alternative``: the text part, then the HTML part with its CSS inlined."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = _address(recipient)
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = msg_id
    if list_unsubscribe:
        message["List-Unsubscribe"] = f"<{list_unsubscribe}>"
    message.set_content(text, subtype="plain", charset="utf-8")
    message.add_alternative(inline_css(html), subtype="html", charset="utf-8")
    return message


def inline_css(html: str) -> str:
    """Move the stylesheet into ``style`` attributes, as Gmail and Outlook need."""
    return css_inline.inline(html)


def send(message: EmailMessage, smtp: SmtpSettings) -> None:
    """Deliver ``message``; raise a temporary or permanent ``DeliveryError`` on refusal."""
    try:
        with _connect(smtp) as client:
            if smtp.user and smtp.password:
                client.login(smtp.user, smtp.password)
            refused = client.send_message(message)
    except smtplib.SMTPAuthenticationError as exc:
        raise PermanentDeliveryError(f"authentication refused ({exc.smtp_code})") from None
    except smtplib.SMTPRecipientsRefused as exc:
        raise _by_code(_first_code(exc.recipients), "recipient refused") from None
    except smtplib.SMTPResponseException as exc:
        raise _by_code(exc.smtp_code, _text(exc.smtp_error)) from None
    except (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError) as exc:
        raise TemporaryDeliveryError(f"{type(exc).__name__}: {exc}") from None
    except smtplib.SMTPException as exc:  # e.g. no AUTH or STARTTLS on the server: settings
        raise PermanentDeliveryError(f"{type(exc).__name__}: {exc}") from None
    except OSError as exc:  # connection refused, reset, timed out
        raise TemporaryDeliveryError(f"{type(exc).__name__}: {exc}") from None
    if refused:
        raise _by_code(_first_code(refused), "recipient refused")


def _connect(smtp: SmtpSettings) -> smtplib.SMTP:
    if smtp.security == "tls":
        context = ssl.create_default_context()
        return smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout, context=context)
    client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout, local_hostname=_local())
    if smtp.security == "starttls":
        client.starttls(context=ssl.create_default_context())
    return client


def _local() -> str:
    return socket.getfqdn() or "localhost"


def _by_code(code: int, reason: str) -> DeliveryError:
    error = PermanentDeliveryError if code >= 500 else TemporaryDeliveryError
    return error(f"SMTP {code}: {reason}")


def _first_code(refused: dict[str, tuple[int, bytes]]) -> int:
    return next(iter(refused.values()))[0] if refused else 554


def _text(error: bytes | str) -> str:
    return error.decode(errors="replace") if isinstance(error, bytes) else str(error)


def _address(recipient: str) -> str:
    name, address = parseaddr(recipient)
    username, _, domain = address.partition("@")
    return str(Address(display_name=name, username=username, domain=domain))
