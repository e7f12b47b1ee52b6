"""Server-side sessions of the web pages: created at sign-in, looked up on every request,
deleted at sign-out, expired after their lifetime."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from monitor.storage.models import WebSessionRow


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class WebSessionStore:
    """Sessions keyed by the SHA-256 of a random token (the cookie holds the token)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def create(self, user: str, now: datetime, lifetime: timedelta) -> str:
        """A new session for ``user``; expired sessions are swept at the same time."""
        token = secrets.token_urlsafe(32)
        with Session(self.engine) as session, session.begin():
            session.execute(delete(WebSessionRow).where(WebSessionRow.expires_at <= now))
            session.add(WebSessionRow(token_hash=_hash(token), user=user, created_at=now,
                                      expires_at=now + lifetime))  # fmt: skip
        return token

    def user(self, token: str, now: datetime) -> str | None:
        """The user of a live session, or ``None`` (unknown, revoked or expired)."""
        with Session(self.engine) as session:
            row = session.get(WebSessionRow, _hash(token))
            if row is None or row.expires_at <= now:
                return None
            return row.user

    def revoke(self, token: str) -> None:
        with Session(self.engine) as session, session.begin():
            session.execute(delete(WebSessionRow).where(WebSessionRow.token_hash == _hash(token)))

    def revoke_user(self, user: str) -> int:
        """End every session of ``user``; returns how many there were."""
        with Session(self.engine) as session, session.begin():
            rows = session.scalars(select(WebSessionRow).where(WebSessionRow.user == user)).all()
            for row in rows:
                session.delete(row)
            return len(rows)
