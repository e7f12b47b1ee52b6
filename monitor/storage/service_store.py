"""Storage of the service's own state: heartbeat and job runs, digest periods, retention."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session

from monitor.storage.db import insert_ignoring_conflicts
from monitor.storage.models import (
    DeliveryRow,
    DigestItemRow,
    DigestPeriodRow,
    ItemRow,
    ServiceStateRow,
)

DIGEST_STATES = ("building", "rendered", "sent", "failed")


@dataclass(frozen=True, slots=True)
class JobState:
    name: str
    owner: str | None
    last_run_at: datetime | None
    next_run_at: datetime | None
    last_result: str | None


@dataclass(frozen=True, slots=True)
class DigestPeriod:
    id: int
    first_day: date
    last_day: date
    state: str
    html_path: str | None
    text_path: str | None
    error: str | None
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class Delivery:
    id: int
    digest_id: int
    recipient: str
    state: str  # pending, sent, failed
    attempts: int
    message_id: str
    error: str | None
    sent_at: datetime | None


class ServiceStore:
    """Job runs, heartbeats and digest periods, on the monitor's database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def _insert_new(
        self, session: Session, model: type, values: dict[str, object], unique: list[str]
    ) -> None:
        """Insert a row unless one with the same ``unique`` columns exists (race-safe)."""
        table = model.__table__  # type: ignore[attr-defined]
        session.execute(insert_ignoring_conflicts(self.engine, table, unique).values(**values))

    # -- jobs and heartbeat -------------------------------------------------------------
    def record_job(
        self,
        name: str,
        owner: str,
        last_run_at: datetime | None,
        next_run_at: datetime | None,
        result: str | None,
    ) -> None:
        with Session(self.engine) as session, session.begin():
            row = session.get(ServiceStateRow, name) or ServiceStateRow(name=name)
            row.owner = owner
            row.last_run_at = last_run_at
            row.next_run_at = next_run_at
            row.last_result = result
            session.add(row)

    def jobs(self) -> list[JobState]:
        with Session(self.engine) as session:
            rows = session.scalars(select(ServiceStateRow).order_by(ServiceStateRow.name)).all()
            return [
                JobState(r.name, r.owner, r.last_run_at, r.next_run_at, r.last_result) for r in rows
            ]

    # -- digest periods -----------------------------------------------------------------
    def start_digest(self, first_day: date, last_day: date, now: datetime) -> DigestPeriod:
        """The period's record, created in state ``building`` if it is new (race-safe)."""
        values = {"first_day": first_day, "last_day": last_day, "state": "building",
                  "created_at": now, "updated_at": now}  # fmt: skip
        with Session(self.engine) as session, session.begin():
            self._insert_new(session, DigestPeriodRow, values, ["first_day", "last_day"])
        found = self.digest(first_day, last_day)
        assert found is not None
        return found

    def digest(self, first_day: date, last_day: date) -> DigestPeriod | None:
        with Session(self.engine) as session:
            row = session.scalars(
                select(DigestPeriodRow).where(
                    DigestPeriodRow.first_day == first_day, DigestPeriodRow.last_day == last_day
                )
            ).one_or_none()
            return _period(row) if row else None

    def mark_digest(
        self,
        digest_id: int,
        state: str,
        now: datetime,
        html_path: str | None = None,
        text_path: str | None = None,
        error: str | None = None,
        cited_items: Iterable[int] = (),
    ) -> None:
        """Move a period to ``state``; citing items and the state change commit together."""
        if state not in DIGEST_STATES:
            raise ValueError(f"unknown digest state {state!r}")
        with Session(self.engine) as session, session.begin():
            row = session.get_one(DigestPeriodRow, digest_id)
            row.state = state
            row.updated_at = now
            row.error = error
            if html_path is not None:
                row.html_path, row.text_path = html_path, text_path
            cited = set(cited_items) - set(
                session.scalars(
                    select(DigestItemRow.item_id).where(DigestItemRow.digest_id == digest_id)
                )
            )
            session.add_all(DigestItemRow(digest_id=digest_id, item_id=i) for i in sorted(cited))

    def recent_digests(self, limit: int = 5) -> list[DigestPeriod]:
        with Session(self.engine) as session:
            rows = session.scalars(
                select(DigestPeriodRow).order_by(DigestPeriodRow.last_day.desc()).limit(limit)
            ).all()
            return [_period(row) for row in rows]

    # -- deliveries ---------------------------------------------------------------------
    def delivery(self, digest_id: int, recipient: str, msg_id: str, now: datetime) -> Delivery:
        """The (digest, recipient) delivery record, created ``pending`` if new."""
        values = {"digest_id": digest_id, "recipient": recipient, "state": "pending",
                  "attempts": 0, "message_id": msg_id, "updated_at": now}  # fmt: skip
        with Session(self.engine) as session, session.begin():
            self._insert_new(session, DeliveryRow, values, ["digest_id", "recipient"])
            row = session.scalars(
                select(DeliveryRow).where(
                    DeliveryRow.digest_id == digest_id, DeliveryRow.recipient == recipient
                )
            ).one()
            return _delivery(row)

    def mark_delivery(
        self, delivery_id: int, state: str, attempts: int, now: datetime, error: str | None = None
    ) -> None:
        with Session(self.engine) as session, session.begin():
            row = session.get_one(DeliveryRow, delivery_id)
            row.state = state
            row.attempts = attempts
            row.error = error
            row.updated_at = now
            if state == "sent":
                row.sent_at = now

    def deliveries(self, digest_id: int) -> list[Delivery]:
        with Session(self.engine) as session:
            rows = session.scalars(
                select(DeliveryRow)
                .where(DeliveryRow.digest_id == digest_id)
                .order_by(DeliveryRow.recipient)
            ).all()
            return [_delivery(row) for row in rows]

    # -- retention ----------------------------------------------------------------------
    def delete_items_before(self, cutoff: datetime) -> int:
        """Delete items older than ``cutoff`` that no digest cites; return how many."""
        date_of_item = func.coalesce(ItemRow.published_at, ItemRow.first_seen_at)
        cited = select(DigestItemRow.item_id)
        with Session(self.engine) as session, session.begin():
            result = session.execute(
                delete(ItemRow).where(date_of_item < cutoff, ItemRow.id.not_in(cited))
            )
            return int(result.rowcount or 0)  # type: ignore[attr-defined]


def _delivery(row: DeliveryRow) -> Delivery:
    return Delivery(row.id, row.digest_id, row.recipient, row.state, row.attempts,
                    row.message_id, row.error, row.sent_at)  # fmt: skip


def _period(row: DigestPeriodRow) -> DigestPeriod:
    return DigestPeriod(
        row.id,
        row.first_day,
        row.last_day,
        row.state,
        row.html_path,
        row.text_path,
        row.error,
        row.updated_at,
    )
