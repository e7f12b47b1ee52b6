"""Sign-in, roles, CSRF tokens, Host and Origin checks and secure headers for the web pages."""

from __future__ import annotations

import hmac
import logging
import secrets
from urllib.parse import urlsplit

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from monitor.config import WebUser

HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}
_hasher = PasswordHasher()
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
log = logging.getLogger(__name__)


def hash_password(password: str) -> str:
    """An argon2id hash for ``web_users`` in monitor.toml."""
    return _hasher.hash(password)


def check_password(users: dict[str, WebUser], name: str, password: str) -> WebUser | None:
    user = users.get(name)
    if user is None:
        _hasher.hash(password)  # spend the same time for unknown names
        return None
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    return user


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return str(token)


def csrf_ok(request: Request, submitted: str | None) -> bool:
    expected = request.session.get("csrf")
    return bool(expected and submitted and hmac.compare_digest(str(expected), submitted))


def allowed_hosts(bound: str, configured: list[str]) -> frozenset[str]:
    """The names a request's ``Host`` may carry: the bound address (unless it is a wildcard),
    ``localhost``, ``127.0.0.1``, ``::1`` and the configured ones, lower case."""
    names = {*LOCAL_HOSTS, *configured}
    if bound not in ("0.0.0.0", "::", ""):
        names.add(bound)
    return frozenset(name.strip().lower().strip("[]") for name in names if name.strip())


def host_name(netloc: str) -> str:
    """``Host``-header value (``name:port``, ``[::1]:8000``) → lower-case name without port."""
    try:
        return (urlsplit(f"//{netloc}").hostname or "").lower()
    except ValueError:
        return ""


def same_origin(request: Request) -> bool:
    """A state-changing request came from one of our pages: its ``Origin`` (or, without
    one, its ``Referer``) names the host and port the request was sent to."""
    host = request.headers.get("host", "").lower()
    source = request.headers.get("origin") or request.headers.get("referer") or ""
    try:
        netloc = urlsplit(source).netloc.lower()
    except ValueError:
        return False
    return bool(host) and netloc == host


class SecureHeaders(BaseHTTPMiddleware):
    """Security headers on every response, an error's too (which is logged, not shown)."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        try:
            response = await call_next(request)
        except Exception:
            log.exception("web request failed: %s %s", request.method, request.url.path)
            response = PlainTextResponse("Internal error (logged).", 500)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response
